import { Check, CircleAlert, LoaderCircle, ShieldQuestion, Wrench, X } from 'lucide-react';
import './tool-calls.css';
import type { ToolApproval, ToolCallRecord } from '@contract/tools';
import { Button } from '../../components/Button';
import { formatDuration } from '@contract/format';

const STATE_WORDS: Record<ToolCallRecord['state'], string> = {
  'awaiting-approval': 'Waiting for you',
  running: 'Running…',
  done: 'Done',
  error: 'Failed',
  denied: 'Denied',
};

const ALLOWED_WORDS: Record<NonNullable<ToolCallRecord['allowedBy']>, string> = {
  trusted: 'trusted server',
  always: 'always allowed',
  once: 'allowed once',
};

/** The arguments as readable JSON when they are JSON, else as the model sent them. */
export function argumentsShown(record: Pick<ToolCallRecord, 'arguments' | 'argumentsCut'>): string {
  let text = record.arguments;
  if (!record.argumentsCut) {
    try {
      text = JSON.stringify(JSON.parse(record.arguments), null, 2);
    } catch {
      // Shown as sent.
    }
  }
  return record.argumentsCut ? `${text}…` : text;
}

function StateIcon({ state }: { state: ToolCallRecord['state'] }) {
  if (state === 'running') return <LoaderCircle size={14} className="spin" aria-hidden />;
  if (state === 'done') return <Check size={14} aria-hidden />;
  if (state === 'awaiting-approval') return <ShieldQuestion size={14} aria-hidden />;
  if (state === 'denied') return <X size={14} aria-hidden />;
  return <CircleAlert size={14} aria-hidden />;
}

/**
 * One tool call in an answer, as it happens: the tool and its server, the arguments the model sent (shown before
 * the user allows it), then its result (collapsed), its time, or why it failed. Everything the model or the
 * server wrote is shown as plain text, never as HTML or Markdown.
 */
export function ToolCallCard({
  record,
  onDecide,
}: {
  record: ToolCallRecord;
  /** Present while the call waits for the user. */
  onDecide?: (decision: ToolApproval) => void;
}) {
  const title = record.tool ? `${record.serverName ?? record.server} › ${record.tool}` : record.name;
  const facts = [
    STATE_WORDS[record.state],
    record.allowedBy ? ALLOWED_WORDS[record.allowedBy] : null,
    record.durationMs !== undefined ? formatDuration(record.durationMs) : null,
  ].filter(Boolean);
  const waiting = record.state === 'awaiting-approval' && onDecide;
  return (
    <section
      className={`tool-call is-${record.state}`}
      aria-label={`Tool call: ${title}, ${facts.join(', ')}`}
    >
      <header className="tool-call-head">
        <Wrench size={14} aria-hidden className="tool-call-icon" />
        <span className="tool-call-title">{title}</span>
        <span className="tool-call-state">
          <StateIcon state={record.state} />
          {facts.join(' · ')}
        </span>
      </header>
      {waiting ? (
        <>
          <p className="tool-call-ask">The model wants to run this tool with these arguments:</p>
          <pre className="tool-call-args">{argumentsShown(record)}</pre>
          <div className="tool-call-actions" role="group" aria-label={`Allow ${title}?`}>
            <Button size="sm" variant="primary" onClick={() => onDecide('once')}>
              Allow once
            </Button>
            <Button size="sm" onClick={() => onDecide('always')}>
              Always allow {record.tool ?? record.name}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => onDecide('deny')}>
              Deny
            </Button>
          </div>
        </>
      ) : (
        <details className="tool-call-details">
          <summary>Arguments{record.state === 'done' ? ' and result' : ''}</summary>
          <pre className="tool-call-args">{argumentsShown(record)}</pre>
          {record.state === 'done' && record.result !== undefined && (
            <>
              <p className="tool-call-label">{record.isError ? 'The tool reported an error:' : 'Result:'}</p>
              <pre className="tool-call-result">{record.result}</pre>
            </>
          )}
          {record.omitted && record.omitted.length > 0 && (
            <p className="tool-call-note">Not passed to the model: {record.omitted.join(', ')}.</p>
          )}
        </details>
      )}
      {record.error && record.state === 'error' && (
        <p className="tool-call-error" role="alert">
          {record.error.message} {record.error.action}
        </p>
      )}
      {record.state === 'denied' && <p className="tool-call-note">You denied it; the model was told.</p>}
    </section>
  );
}
