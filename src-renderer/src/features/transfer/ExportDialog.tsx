import { Download } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { TransferJob } from '@contract/transfer';
import { describeError } from '../../bridge';
import { bridge } from '../../bridge';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorCallout } from '../../components/ErrorCallout';
import { RadioGroup } from '../../components/RadioGroup';
import { useConversationsStore } from '../../stores/conversations';
import { showToast } from '../../stores/toasts';
import { JobProgress } from './JobProgress';
import { deliverArtifact, runJob, TransferFailed } from './transfer-jobs';
import './transfer.css';

type Format = 'markdown' | 'json';
type Images = 'files' | 'embedded';

/**
 * Export one conversation (from its menu) or several (chosen from the list): Markdown or Modeldesk JSON, images as
 * files beside the text (a .zip) or embedded, and for Markdown an optional cost footer.
 */
export function ExportDialog({
  open,
  onClose,
  conversationIds,
  title,
}: {
  open: boolean;
  onClose: () => void;
  /** Fixed conversations (a conversation's menu); without them the person picks from the list. */
  conversationIds?: readonly string[];
  title?: string;
}) {
  const items = useConversationsStore((s) => s.items);
  const [format, setFormat] = useState<Format>('markdown');
  const [images, setImages] = useState<Images>('files');
  const [costs, setCosts] = useState(false);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [job, setJob] = useState<TransferJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = job?.state === 'running';
  const ids = conversationIds ?? items.filter((c) => picked.has(c.id)).map((c) => c.id);
  const shown = useMemo(() => {
    const words = filter.trim().toLowerCase();
    return words ? items.filter((c) => c.title.toLowerCase().includes(words)) : items;
  }, [items, filter]);

  const close = () => {
    if (running) return;
    setJob(null);
    setError(null);
    onClose();
  };

  const start = async () => {
    setError(null);
    try {
      const result = await runJob(
        () =>
          bridge.call('transfer.export', {
            conversationIds: [...ids],
            format,
            images,
            costs: format === 'markdown' && costs,
          }),
        setJob,
      );
      if (result.type !== 'artifact') throw new Error('The export did not produce a file.');
      const delivered = await deliverArtifact(result.artifact);
      setJob(null);
      if (delivered) showToast({ message: `Saved ${result.artifact.filename}.`, tone: 'success' });
      onClose();
    } catch (e) {
      setError(e instanceof TransferFailed ? e.message : describeError(e));
    }
  };

  const toggle = (id: string) =>
    setPicked((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Dialog
      open={open}
      onClose={close}
      title={title ?? (conversationIds?.length === 1 ? 'Export conversation' : 'Export conversations')}
      size={conversationIds ? 'sm' : 'md'}
      footer={
        <>
          <Button onClick={close} disabled={running}>
            Close
          </Button>
          <Button
            variant="primary"
            icon={<Download size={14} />}
            disabled={running || ids.length === 0}
            onClick={() => void start()}
          >
            {ids.length > 1 ? `Export ${ids.length} conversations` : 'Export'}
          </Button>
        </>
      }
    >
      <div className="transfer-form">
        {!conversationIds && (
          <fieldset className="transfer-pick">
            <legend className="field-label">Conversations</legend>
            <div className="transfer-pick-bar">
              <input
                type="search"
                className="input"
                aria-label="Filter conversations"
                placeholder="Filter by title"
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
              />
              <Button size="sm" onClick={() => setPicked(new Set(shown.map((c) => c.id)))}>
                Select all{filter ? ' shown' : ''}
              </Button>
              <Button size="sm" disabled={picked.size === 0} onClick={() => setPicked(new Set())}>
                Clear
              </Button>
            </div>
            <ul className="transfer-pick-list" aria-label="Conversations to export">
              {shown.map((c) => (
                <li key={c.id}>
                  <label className="check-row">
                    <input type="checkbox" checked={picked.has(c.id)} onChange={() => toggle(c.id)} />
                    <span>{c.title}</span>
                  </label>
                </li>
              ))}
              {shown.length === 0 && <li className="settings-note">No conversation matches.</li>}
            </ul>
            <p className="field-hint">{picked.size} selected</p>
          </fieldset>
        )}
        <RadioGroup
          legend="Format"
          value={format}
          onChange={setFormat}
          options={[
            { value: 'markdown', label: 'Markdown (to read and paste)' },
            { value: 'json', label: 'JSON (everything, to import again or script)' },
          ]}
        />
        <RadioGroup
          legend="Images"
          value={images}
          onChange={setImages}
          options={[
            { value: 'files', label: 'As files beside it (a .zip)' },
            { value: 'embedded', label: 'Embedded in the file' },
          ]}
        />
        {format === 'markdown' && (
          <label className="check-row">
            <input type="checkbox" checked={costs} onChange={(e) => setCosts(e.target.checked)} />
            Add a footer with each answer&apos;s tokens and cost
          </label>
        )}
        {job && <JobProgress job={job} label="Export progress" />}
        {error && <ErrorCallout title="Nothing was exported">{error}</ErrorCallout>}
      </div>
    </Dialog>
  );
}
