import { Printer, X } from 'lucide-react';
import { useEffect, useRef, type ComponentType } from 'react';
import { createPortal } from 'react-dom';
import type { Conversation, Message } from '@contract/conversations';
import { attachmentUrl } from '../../bridge';
import { Button } from '../../components/Button';
import { formatTokensInOut } from '@contract/format';
import {
  answerCertainty,
  formatCertainCost,
  formatMicros,
  inputTokensOf,
  outputTokensOf,
} from '@contract/money';
import { useModelName } from '../../stores/catalog';
import './transfer.css';

const ROLE: Record<Message['role'], string> = {
  user: 'You',
  assistant: 'Assistant',
  system: 'System',
  summary: 'Summary of earlier messages',
};

/** How the chat renders an answer's Markdown: the chat hands its renderer in (features do not import each other). */
export type MarkdownRenderer = ComponentType<{ text: string }>;

function PrintedMessage({ message, Markdown }: { message: Message; Markdown: MarkdownRenderer }) {
  const model = useModelName(message.model);
  const certainty = answerCertainty(message);
  return (
    <article className="print-message">
      <header className="print-message-head">
        <strong>{ROLE[message.role]}</strong>
        {message.role === 'assistant' && model && <span>{model}</span>}
        <time dateTime={new Date(message.createdAt).toISOString()}>
          {new Date(message.createdAt).toLocaleString()}
        </time>
        {message.role === 'assistant' && (
          <span className="print-message-cost">
            {message.usage
              ? `${formatTokensInOut(inputTokensOf(message.usage), outputTokensOf(message.usage), certainty)} · `
              : ''}
            {formatCertainCost(message.costMicros ?? null, certainty)}
          </span>
        )}
      </header>
      <div className="print-message-body">
        <Markdown text={message.text} />
        {message.attachments.map((a) => (
          <img
            key={a.hash}
            className="print-image"
            src={attachmentUrl(a.hash)}
            alt={a.name ?? 'Attached image'}
          />
        ))}
      </div>
    </article>
  );
}

/**
 * A conversation laid out for paper: Print opens the browser's (or Electron's) print dialog, where it can be saved
 * as a PDF. Only this view is printed; the app around it is hidden in print.
 */
export function PrintView({
  conversation,
  messages,
  onClose,
  Markdown,
}: {
  conversation: Conversation;
  messages: readonly Message[];
  onClose: () => void;
  Markdown: MarkdownRenderer;
}) {
  const printButton = useRef<HTMLButtonElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const returnTo = document.activeElement as HTMLElement | null;
    document.body.classList.add('is-printing');
    printButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close.current();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      document.body.classList.remove('is-printing');
      window.removeEventListener('keydown', onKey);
      if (returnTo?.isConnected) returnTo.focus();
    };
  }, []);
  const shown = messages.filter((m) => m.text.trim() !== '' || m.attachments.length > 0);
  return createPortal(
    <div
      className="print-root"
      role="dialog"
      aria-modal="true"
      aria-label={`Print view of ${conversation.title}`}
    >
      <div className="print-toolbar">
        <span className="print-toolbar-title">Print view</span>
        <Button
          ref={printButton}
          variant="primary"
          icon={<Printer size={14} />}
          onClick={() => window.print()}
        >
          Print or save as PDF
        </Button>
        <Button icon={<X size={14} />} onClick={onClose}>
          Close
        </Button>
      </div>
      <div className="print-page">
        <h1 className="print-title">{conversation.title}</h1>
        <p className="print-meta">
          {shown.length} messages · started {new Date(conversation.createdAt).toLocaleString()} ·{' '}
          {conversation.costUnknown
            ? conversation.costMicros > 0
              ? `at least ${formatMicros(conversation.costMicros)} (some costs unknown)`
              : 'cost unknown'
            : formatMicros(conversation.costMicros)}
        </p>
        {shown.map((m) => (
          <PrintedMessage key={m.id} message={m} Markdown={Markdown} />
        ))}
      </div>
    </div>,
    document.body,
  );
}
