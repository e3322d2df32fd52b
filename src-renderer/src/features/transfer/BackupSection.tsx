import { DatabaseBackup, RotateCcw } from 'lucide-react';
import { useState } from 'react';
import type { TransferJob } from '@contract/transfer';
import { bridge, describeError } from '../../bridge';
import { Button } from '../../components/Button';
import { ErrorCallout } from '../../components/ErrorCallout';
import { RadioGroup } from '../../components/RadioGroup';
import { formatMicros } from '@contract/money';
import { useAppStore } from '../../stores/app';
import { loadCatalog } from '../../stores/catalog';
import { loadConversations } from '../../stores/conversations';
import { applyTheme } from '../../stores/theme';
import { showToast } from '../../stores/toasts';
import { FileCheckStatus } from './FileCheckStatus';
import { FilePicker } from './FilePicker';
import { JobProgress } from './JobProgress';
import { deliverArtifact, runJob, TransferFailed } from './transfer-jobs';
import { count } from './ImportDialog';
import { useInspectedFile } from './use-inspected-file';
import './transfer.css';

/**
 * Settings → Backup and restore: everything in one file (conversations, images, the ledger, the configuration;
 * never keys), and back again, checked whole before anything changes.
 */
export function BackupSection() {
  const [backupJob, setBackupJob] = useState<TransferJob | null>(null);
  const [backupError, setBackupError] = useState<string | null>(null);
  const file = useInspectedFile('restore');
  const [mode, setMode] = useState<'replace' | 'merge' | null>(null);
  const [restoreJob, setRestoreJob] = useState<TransferJob | null>(null);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const [restored, setRestored] = useState<string | null>(null);

  const backup = async () => {
    setBackupError(null);
    try {
      const result = await runJob(() => bridge.call('transfer.backup', {}), setBackupJob);
      if (result.type !== 'artifact') throw new Error('The backup did not produce a file.');
      setBackupJob(null);
      if (await deliverArtifact(result.artifact)) showToast({ message: result.summary, tone: 'success' });
    } catch (e) {
      setBackupJob(null);
      setBackupError(e instanceof TransferFailed ? e.message : describeError(e));
    }
  };

  const state = file.state;
  const preview = state.step === 'ready' ? state.preview : null;
  const backupInfo = preview?.backup;
  const chosenMode = mode ?? (backupInfo?.targetEmpty ? 'replace' : 'merge');

  const restore = async () => {
    if (!preview) return;
    setRestoreError(null);
    try {
      const result = await runJob(
        () => bridge.call('transfer.restore', { uploadId: preview.uploadId, mode: chosenMode }),
        setRestoreJob,
      );
      if (result.type !== 'restored') throw new Error('The restore did not finish.');
      setRestoreJob(null);
      file.reset();
      setRestored(result.summary);
      await loadConversations();
      const settings = await bridge.call('settings.get', {});
      useAppStore.setState({ settings });
      applyTheme(settings.theme);
      await loadCatalog();
    } catch (e) {
      setRestoreError(e instanceof TransferFailed ? e.message : describeError(e));
    }
  };

  const restoring =
    restoreJob?.state === 'running' || state.step === 'uploading' || state.step === 'checking';
  return (
    <div className="settings-section">
      <header className="settings-section-head">
        <h2>Backup and restore</h2>
        <p>
          One file with every conversation, image, the usage ledger and the configuration. Keys are never in
          it: they stay in this computer&apos;s key store. The app keeps running while the backup is written.
        </p>
      </header>
      <div className="config-actions">
        <Button
          variant="primary"
          icon={<DatabaseBackup size={14} />}
          disabled={backupJob?.state === 'running'}
          onClick={() => void backup()}
        >
          Back up now
        </Button>
      </div>
      {backupJob && <JobProgress job={backupJob} label="Backup progress" />}
      {backupError && <ErrorCallout title="No backup was written">{backupError}</ErrorCallout>}

      <h3 className="transfer-subhead">Restore</h3>
      <p className="settings-note">
        The whole file is checked first (every checksum, the database, the configuration); nothing changes
        unless all of it is sound.
      </p>
      <div className="config-actions">
        <FilePicker
          label="Choose a backup…"
          inputLabel="Backup file to restore"
          accept=".zip,application/zip"
          disabled={restoring}
          onPick={(f) => {
            setRestored(null);
            setMode(null);
            void file.pick(f);
          }}
          onChooseInMain={() => void file.choose()}
        />
      </div>
      <FileCheckStatus
        state={state}
        checking="Checking the backup"
        refusedTitle={(name) => `${name} cannot be restored`}
      />
      {preview && !backupInfo && (
        <ErrorCallout title="This is not a backup" tone="warning">
          It is a {preview.formatLabel}. Import it with Import conversations (in the sidebar&apos;s menu)
          instead.
        </ErrorCallout>
      )}
      {preview && backupInfo && state.step === 'ready' && (
        <div className="config-review" role="status" aria-label="Backup to restore">
          <p>
            <strong>{state.name}</strong> is a backup made on{' '}
            {new Date(backupInfo.createdAt).toLocaleString()} by {backupInfo.createdBy}:{' '}
            {[
              count(preview.conversations, 'conversation'),
              count(preview.messages, 'message'),
              count(preview.images, 'image'),
              `${count(backupInfo.ledgerRecords, 'ledger record')} (${formatMicros(backupInfo.ledgerCostMicros)} in all)`,
            ].join(', ')}
            {backupInfo.hasConfig ? ' and the configuration' : ''}. Every checksum matches.
          </p>
          {preview.notes.map((note) => (
            <p key={note} className="settings-note">
              {note}
            </p>
          ))}
          <RadioGroup
            legend="How"
            value={chosenMode}
            onChange={setMode}
            options={[
              {
                value: 'replace',
                label: `Restore everything, configuration included${backupInfo.targetEmpty ? '' : ' (needs an empty data folder)'}`,
                disabled: !backupInfo.targetEmpty,
              },
              {
                value: 'merge',
                label:
                  'Merge: add the conversations, images and ledger records not here yet; keep this configuration',
              },
            ]}
          />
          <div className="config-actions">
            <Button
              variant="primary"
              icon={<RotateCcw size={14} />}
              disabled={restoring}
              onClick={() => void restore()}
            >
              Restore
            </Button>
            <Button disabled={restoring} onClick={() => file.reset()}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {restoreJob && <JobProgress job={restoreJob} label="Restore progress" />}
      {restoreError && <ErrorCallout title="The restore stopped">{restoreError}</ErrorCallout>}
      {restored && (
        <p className="transfer-done" role="status">
          {restored}
        </p>
      )}
    </div>
  );
}
