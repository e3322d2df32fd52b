import { Bot, Copy, Ellipsis, Pencil, RefreshCw, Repeat, Trash } from 'lucide-react';
import { memo, useState } from 'react';
import type { Message } from '@contract/conversations';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { IconButton } from '../../components/IconButton';
import { Menu } from '../../components/Menu';
import { copyText } from '../../lib/clipboard';
import { useCatalogStore } from '../../stores/catalog';
import { deleteMessage, editAndResend, regenerate } from '../../stores/chat';
import { useStreamStore } from '../../stores/stream';
import { showToast } from '../../stores/toasts';
import { AnswerStatus } from './AnswerStatus';
import { AttachmentThumbnails } from './Attachments';
import { Markdown } from './markdown/Markdown';
import { countRender } from './markdown/render-stats';
import { MessageError } from './MessageError';
import { AnswerMeta } from './MessageFooter';

export type MessageActions = { onOtherModel: (message: Message) => void };

function useModelName(ref: string | undefined): string | undefined {
  return useCatalogStore((s) => (ref ? (s.models.find((m) => m.id === ref)?.displayName ?? ref) : undefined));
}

async function copyMessage(text: string) {
  showToast({
    message: (await copyText(text)) ? 'Copied to the clipboard' : 'The clipboard is not available here',
    timeoutMs: 2000,
  });
}

function DeleteDialog({ open, onClose, message }: { open: boolean; onClose: () => void; message: Message }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title="Delete this message?"
      description="It is removed from the conversation and from what the model sees next. This cannot be undone."
      footer={
        <>
          <Button onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button
            variant="danger"
            onClick={() => {
              onClose();
              void deleteMessage(message);
            }}
          >
            Delete
          </Button>
        </>
      }
    />
  );
}

function UserMessage({ message }: { message: Message }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.text);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const save = async () => {
    if (!draft.trim()) return;
    if (await editAndResend(message, draft)) setEditing(false);
  };
  return (
    <article className="message message-user" aria-label="You">
      <AttachmentThumbnails attachments={message.attachments} />
      {editing ? (
        <div className="message-edit">
          <textarea
            className="textarea message-edit-input"
            aria-label="Edit message"
            value={draft}
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setEditing(false);
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                void save();
              }
            }}
          />
          <div className="message-edit-actions">
            <Button size="sm" onClick={() => setEditing(false)}>
              Cancel
            </Button>
            <Button size="sm" variant="primary" disabled={!draft.trim()} onClick={() => void save()}>
              Save and send
            </Button>
          </div>
          <p className="message-edit-hint">The answers after this message are replaced by a new one.</p>
        </div>
      ) : (
        message.text && <div className="user-bubble">{message.text}</div>
      )}
      {!editing && (
        <div className="message-actions">
          <IconButton
            label="Copy"
            size="sm"
            icon={<Copy size={14} />}
            onClick={() => void copyMessage(message.text)}
          />
          <IconButton
            label="Edit"
            size="sm"
            icon={<Pencil size={14} />}
            onClick={() => {
              setDraft(message.text);
              setEditing(true);
            }}
          />
          <IconButton
            label="Delete"
            size="sm"
            icon={<Trash size={14} />}
            onClick={() => setConfirmDelete(true)}
          />
        </div>
      )}
      <DeleteDialog open={confirmDelete} onClose={() => setConfirmDelete(false)} message={message} />
    </article>
  );
}

function AssistantMessage({ message, actions }: { message: Message; actions: MessageActions }) {
  const live = useStreamStore((s) => (message.status === 'streaming' ? s.streams[message.id] : undefined));
  const [confirmDelete, setConfirmDelete] = useState(false);
  const modelName = useModelName(live?.model ?? message.model);
  countRender(live ? 'streamingRenders' : 'messageRenders');
  const streaming = Boolean(live && !live.final);
  const text = live ? live.text : message.text;
  const error = live?.error ?? message.error;
  return (
    <article
      className="message message-assistant"
      aria-label={`Answer${modelName ? ` from ${modelName}` : ''}`}
      aria-busy={streaming}
    >
      <header className="message-header">
        <span className="message-avatar" aria-hidden>
          <Bot size={14} />
        </span>
        <span className="message-author">{modelName ?? 'Assistant'}</span>
        {live?.autoReason && <span className="message-auto">Auto chose it: {live.autoReason}</span>}
      </header>
      {(live?.thinking || message.thinking) && (
        <details className="thinking">
          <summary>Thinking</summary>
          <div className="thinking-text">{live?.thinking || message.thinking}</div>
        </details>
      )}
      {live && <AnswerStatus stream={live} />}
      {text && <Markdown text={text} streaming={streaming} />}
      {error && message.status !== 'streaming' && (
        <MessageError message={message} error={error} onOtherModel={() => actions.onOtherModel(message)} />
      )}
      {!streaming && (
        <footer className="message-footer">
          <AnswerMeta message={message} />
          <div className="message-actions">
            <IconButton
              label="Copy"
              size="sm"
              icon={<Copy size={14} />}
              onClick={() => void copyMessage(message.text)}
            />
            <IconButton
              label="Regenerate"
              size="sm"
              icon={<RefreshCw size={14} />}
              onClick={() => void regenerate(message)}
            />
            <Menu
              label="More actions"
              icon={<Ellipsis size={15} />}
              placement="top-start"
              items={[
                {
                  id: 'other',
                  label: 'Regenerate with another model…',
                  icon: <Repeat size={14} />,
                  onSelect: () => actions.onOtherModel(message),
                },
                {
                  id: 'delete',
                  label: 'Delete',
                  icon: <Trash size={14} />,
                  danger: true,
                  onSelect: () => setConfirmDelete(true),
                },
              ]}
            />
          </div>
        </footer>
      )}
      <DeleteDialog open={confirmDelete} onClose={() => setConfirmDelete(false)} message={message} />
    </article>
  );
}

/** One message: its role, Markdown body, images, and a footer with who answered, what it cost, and actions. */
export const MessageView = memo(function MessageView({
  message,
  actions,
}: {
  message: Message;
  actions: MessageActions;
}) {
  if (message.role === 'user') {
    countRender('messageRenders');
    return <UserMessage message={message} />;
  }
  if (message.role === 'system' || message.role === 'summary') {
    countRender('messageRenders');
    return (
      <article
        className="message message-note"
        aria-label={message.role === 'summary' ? 'Summary of earlier messages' : 'System message'}
      >
        <p className="message-note-label">
          {message.role === 'summary' ? 'Summary of earlier messages' : 'System'}
        </p>
        <Markdown text={message.text} streaming={false} />
      </article>
    );
  }
  return <AssistantMessage message={message} actions={actions} />;
});
