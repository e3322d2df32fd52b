import { Bot, Copy, Ellipsis, LoaderCircle, RefreshCw, Repeat, Sparkles, Trash } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { Message } from '@contract/conversations';
import { IconButton } from '../../components/IconButton';
import { Menu } from '../../components/Menu';
import { regenerate } from '../../stores/chat';
import { liveTextOf, useLiveStatus } from '../../stores/stream';
import { AnswerStatus } from './AnswerStatus';
import { Markdown } from './markdown/Markdown';
import { countRender } from '../../lib/render-stats';
import { copyMessage, DeleteDialog, ExcludedNote } from './message-parts';
import { MessageError } from './MessageError';
import { AnswerMeta } from './MessageFooter';
import { StructuredAnswer } from './StructuredAnswer';
import { useModelName, useProfileName } from '../../stores/catalog';

export type MessageActions = { onOtherModel: (message: Message) => void };

/**
 * An answer: who wrote it (model, profile, and Auto's reason when Auto chose), its Markdown (or its structured
 * result beside the raw JSON), what went wrong if anything, and a footer with its cost and actions. While it streams,
 * only this view follows the stream's store entry, and renders only when its status changes: the growing text is
 * drawn by the Markdown's live tail, outside React.
 */
export function AssistantMessage({ message, actions }: { message: Message; actions: MessageActions }) {
  const live = useLiveStatus(message.id, message.status === 'streaming');
  const liveText = useMemo(() => liveTextOf(message.id), [message.id]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const modelName = useModelName(live?.model ?? message.model);
  const profileName = useProfileName(message.profileId);
  countRender(live ? 'streamingRenders' : 'messageRenders');
  const streaming = Boolean(live && !live.final);
  // Stored as still being written, but this window does not follow it live (it reconnected): read from storage.
  const unfollowed = message.status === 'streaming' && !live;
  const text = live?.final?.text ?? message.text;
  const error = live?.error ?? message.error;
  const autoReason = live?.autoReason ?? message.autoReason;
  const busy = streaming || unfollowed;
  return (
    <article
      className={`message message-assistant${message.excluded ? ' is-excluded' : ''}`}
      aria-label={`Answer${modelName ? ` from ${modelName}` : ''}`}
      aria-busy={busy}
    >
      {message.excluded && <ExcludedNote excluded={message.excluded} />}
      <header className="message-header">
        <span className="message-avatar" aria-hidden>
          <Bot size={14} />
        </span>
        <span className="message-author">{modelName ?? 'Assistant'}</span>
        {profileName && (
          <span className="message-profile" title="The profile that produced this answer">
            <span className="visually-hidden">Profile: </span>
            {profileName}
          </span>
        )}
      </header>
      {autoReason && (
        <p className="message-auto">
          <Sparkles size={12} aria-hidden />
          Auto chose {modelName ?? 'this model'}: {autoReason}
        </p>
      )}
      {(live?.thinking || message.thinking) && (
        <details className="thinking">
          <summary>Thinking</summary>
          <div className="thinking-text">{live?.thinking || message.thinking}</div>
        </details>
      )}
      {live && <AnswerStatus stream={live} />}
      {unfollowed && (
        <p className="answer-phase" role="status">
          <LoaderCircle size={14} className="spin" aria-hidden />
          Still being written; it appears here as it is saved.
        </p>
      )}
      {message.structured !== undefined && !busy ? (
        <StructuredAnswer value={message.structured} raw={message.text} />
      ) : // One Markdown from the first token to the stored answer, so the blocks that finished while streaming stay.
      streaming ? (
        live?.hasText && <Markdown live={liveText} />
      ) : (
        text && <Markdown text={text} />
      )}
      {error && !busy && (
        <MessageError message={message} error={error} onOtherModel={() => actions.onOtherModel(message)} />
      )}
      {!busy && (
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
