import { useState } from 'react';
import type { ImportPreview, TransferJob } from '@contract/transfer';
import { bridge, describeError } from '../../bridge';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorCallout } from '../../components/ErrorCallout';
import { loadConversations } from '../../stores/conversations';
import { showToast } from '../../stores/toasts';
import { FileCheckStatus } from './FileCheckStatus';
import { FilePicker } from './FilePicker';
import { JobProgress } from './JobProgress';
import { runJob, TransferFailed } from './transfer-jobs';
import { useInspectedFile } from './use-inspected-file';
import './transfer.css';

export const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** What the file holds and what an import would do, before anything changes. */
export function PreviewSummary({ name, preview }: { name: string; preview: ImportPreview }) {
  const fresh = preview.conversations - preview.duplicates;
  return (
    <div className="transfer-preview" aria-label="What will be imported">
      <p>
        <strong>{name}</strong> is a {preview.formatLabel}: {count(preview.conversations, 'conversation')},{' '}
        {count(preview.messages, 'message')}
        {preview.images > 0 ? `, ${count(preview.images, 'image')}` : ''}.
      </p>
      {preview.duplicates > 0 && (
        <p>
          {count(preview.duplicates, 'conversation')} {preview.duplicates === 1 ? 'is' : 'are'} already here
          and will be skipped.
        </p>
      )}
      {preview.changed > 0 && (
        <p>
          {count(preview.changed, 'conversation')} changed since the last import and will be imported again as
          new.
        </p>
      )}
      {preview.sample.length > 0 && (
        <ul className="transfer-sample" aria-label="Conversations in the file">
          {preview.sample.map((s, i) => (
            <li key={i} className={s.duplicate ? 'is-duplicate' : undefined}>
              <span className="transfer-sample-title">{s.title}</span>
              <span className="transfer-sample-meta">
                {count(s.messages, 'message')}
                {s.models.length > 0
                  ? ` · ${s.models.map((m) => m.split(':').slice(1).join(':') || m).join(', ')}`
                  : ''}
                {s.duplicate ? ' · already here' : ''}
              </span>
            </li>
          ))}
          {preview.conversations > preview.sample.length && (
            <li className="transfer-sample-more">
              and {count(preview.conversations - preview.sample.length, 'more')}
            </li>
          )}
        </ul>
      )}
      {preview.notes.length > 0 && (
        <details className="transfer-notes">
          <summary>Left out or changed ({preview.notes.length})</summary>
          <ul>
            {preview.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </details>
      )}
      <p className="field-hint">
        Answers keep the models that wrote them. Nothing is sent to a provider; what these answers cost is
        unknown here and is not added to your costs.{fresh === 0 ? ' Nothing new would be imported.' : ''}
      </p>
    </div>
  );
}

/** Import conversations from ChatGPT, Chatbox or another Modeldesk: choose, preview, import (with progress). */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const file = useInspectedFile('import');
  const [copies, setCopies] = useState(false);
  const [job, setJob] = useState<TransferJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running =
    job?.state === 'running' || file.state.step === 'uploading' || file.state.step === 'checking';

  const close = () => {
    if (running) return;
    file.reset();
    setJob(null);
    setError(null);
    onClose();
  };

  const start = async (preview: ImportPreview) => {
    setError(null);
    try {
      const result = await runJob(
        () =>
          bridge.call('transfer.import', {
            uploadId: preview.uploadId,
            duplicates: copies ? 'copy' : 'skip',
          }),
        setJob,
      );
      if (result.type !== 'imported') throw new Error('The import did not finish.');
      setJob(null);
      await loadConversations();
      showToast({ message: result.summary, tone: 'success' });
      file.reset();
      onClose();
    } catch (e) {
      setError(e instanceof TransferFailed ? e.message : describeError(e));
    }
  };

  const state = file.state;
  const ready = state.step === 'ready' ? state.preview : null;
  const isBackup = ready?.format === 'modeldesk-backup';
  const preview = isBackup ? null : ready;
  const importable = preview ? preview.conversations - (copies ? 0 : preview.duplicates) : 0;
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Import conversations"
      description="From ChatGPT (the data export's .zip, or its conversations.json), Chatbox (its exported data .json) or another Modeldesk (an export .json or .zip)."
      footer={
        <>
          <Button onClick={close} disabled={running}>
            Close
          </Button>
          {preview && (
            <Button
              variant="primary"
              disabled={running || importable === 0}
              onClick={() => void start(preview)}
            >
              {importable > 0 ? `Import ${count(importable, 'conversation')}` : 'Nothing to import'}
            </Button>
          )}
        </>
      }
    >
      <div className="transfer-form">
        <div className="config-actions">
          <FilePicker
            label={state.step === 'idle' ? 'Choose a file…' : 'Choose another file…'}
            inputLabel="File to import"
            autoFocus
            accept=".zip,.json,application/zip,application/json"
            disabled={running}
            onPick={(f) => void file.pick(f)}
            onChooseInMain={() => void file.choose()}
          />
        </div>
        <FileCheckStatus
          state={state}
          checking="Reading the file"
          refusedTitle={(name) => `${name} was not imported`}
        />
        {isBackup && (
          <ErrorCallout title="This file is a Modeldesk backup" tone="warning">
            Restore it in Settings → Backup and restore, which brings back the ledger and the configuration
            too.
          </ErrorCallout>
        )}
        {preview && state.step === 'ready' && (
          <>
            <PreviewSummary name={state.name} preview={preview} />
            {preview.duplicates > 0 && (
              <label className="check-row">
                <input type="checkbox" checked={copies} onChange={(e) => setCopies(e.target.checked)} />
                Import the ones already here again, as copies
              </label>
            )}
          </>
        )}
        {job && <JobProgress job={job} label="Import progress" />}
        {error && <ErrorCallout title="The import stopped">{error}</ErrorCallout>}
      </div>
    </Dialog>
  );
}
