import { Copy, Layers, Pencil } from 'lucide-react';
import { useState } from 'react';
import type { Message } from '@contract/conversations';
import { Button } from '../../components/Button';
import { IconButton } from '../../components/IconButton';
import { updateMessageText } from '../../stores/chat';
import { Markdown } from './markdown/Markdown';
import { copyMessage } from './message-parts';
import { AnswerMeta } from './MessageFooter';
import { useModelName } from '../../stores/catalog';

/**
 * The summary the context strategy wrote in place of older turns: what the model now reads instead of them. It can be
 * read, copied and corrected (the next call sends the corrected text).
 */
export function SummaryMessage({ message }: { message: Message }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.text);
  const [saving, setSaving] = useState(false);
  const writer = useModelName(message.model);
  const save = async () => {
    setSaving(true);
    if (await updateMessageText(message, draft)) setEditing(false);
    setSaving(false);
  };
  return (
    <article className="message message-note message-summary" aria-label="Summary of earlier messages">
      <header className="message-note-head">
        <Layers size={14} aria-hidden />
        <p className="message-note-label">Summary of earlier messages</p>
        {!editing && (
          <span className="message-note-actions">
            <IconButton
              label="Copy summary"
              size="sm"
              icon={<Copy size={14} />}
              onClick={() => void copyMessage(message.text)}
            />
            <IconButton
              label="Edit summary"
              size="sm"
              icon={<Pencil size={14} />}
              onClick={() => {
                setDraft(message.text);
                setEditing(true);
              }}
            />
          </span>
        )}
      </header>
      <p className="message-note-hint">
        Sent in place of the summarized messages above{writer ? `; written by ${writer}` : ''}.
      </p>
      {editing ? (
        <div className="message-edit">
          <textarea
            className="textarea message-edit-input"
            aria-label="Edit summary"
            value={draft}
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
          />
          <div className="message-edit-actions">
            <Button size="sm" onClick={() => setEditing(false)}>
              Cancel
            </Button>
            <Button
              size="sm"
              variant="primary"
              disabled={!draft.trim() || saving}
              onClick={() => void save()}
            >
              {saving ? 'Saving…' : 'Save summary'}
            </Button>
          </div>
        </div>
      ) : (
        <Markdown text={message.text} />
      )}
      {(message.usage || message.costMicros !== undefined) && <AnswerMeta message={message} />}
    </article>
  );
}
