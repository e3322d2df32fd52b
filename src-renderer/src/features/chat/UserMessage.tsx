import { Copy, Pencil, Trash } from 'lucide-react';
import { useState } from 'react';
import type { Message } from '@contract/conversations';
import type { ErrorInfo } from '@contract/usage';
import { Button } from '../../components/Button';
import { IconButton } from '../../components/IconButton';
import { editAndResend } from '../../stores/chat';
import { AttachmentThumbnails } from './Attachments';
import { errorText } from '../../lib/error-presentation';
import { copyMessage, DeleteDialog, ExcludedNote } from './message-parts';

/** A message the user sent: its images and text, with Copy, Edit (and resend) and Delete. */
export function UserMessage({ message }: { message: Message }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.text);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const save = async () => {
    if (!draft.trim() || saving) return;
    setSaving(true);
    const result = await editAndResend(message, draft);
    setSaving(false);
    if (result.ok) {
      setEditing(false);
      setError(null);
    } else {
      setError(result.error);
    }
  };
  const cancel = () => {
    setEditing(false);
    setError(null);
  };
  return (
    <article className={`message message-user${message.excluded ? ' is-excluded' : ''}`} aria-label="You">
      {message.excluded && <ExcludedNote excluded={message.excluded} />}
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
              if (e.key === 'Escape') cancel();
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                void save();
              }
            }}
          />
          {error && (
            <p className="message-edit-error" role="alert">
              Not sent: {errorText(error)}
            </p>
          )}
          <div className="message-edit-actions">
            <Button size="sm" onClick={cancel}>
              Cancel
            </Button>
            <Button
              size="sm"
              variant="primary"
              disabled={!draft.trim() || saving}
              onClick={() => void save()}
            >
              {saving ? 'Sending…' : 'Save and send'}
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
