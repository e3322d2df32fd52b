import { ArrowUp, Braces, ImagePlus, LoaderCircle, Square, X } from 'lucide-react';
import { useEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import type { Estimate } from '@contract/bridge';
import { ERROR_WORDS } from '@contract/error-words';
import type { ErrorInfo } from '@contract/usage';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../components/Button';
import { ErrorCallout } from '../../components/ErrorCallout';
import { IconButton } from '../../components/IconButton';
import { ProgressBar } from '../../components/ProgressBar';
import { useModelNames, useProviderNames } from '../../stores/catalog';
import {
  sendMessage,
  setConversationTarget,
  setNewChatTarget,
  stopStream,
  useChatStore,
  type TargetChoice,
} from '../../stores/chat';
import {
  addImages,
  draftKey as draftKeyOf,
  moveDraft,
  releaseSent,
  removeImage,
  restoreSent,
  setAnswerSchema,
  setDraft,
  setEstimatedModel,
  takeDraft,
  useComposerStore,
  type PendingImage,
} from '../../stores/composer';
import { unfinishedWithoutStream } from '../../stores/unfinished';
import { errorText, presentError } from '../../lib/error-presentation';
import { SHORTCUTS } from '../../app/shortcuts';
import { AnswerFormatDialog } from './AnswerFormatDialog';
import { estimateNotes } from './estimate-notes';
import { sendState } from './send-state';
import { activeStreamOf, useStreamStore } from '../../stores/stream';
import { NavigationOffers } from '../../lib/NavigationOffers';
import { useEstimate } from '../../lib/use-estimate';
import { ACCEPTED_TYPES, type ImageLimits } from '../../lib/images/images';
import { formatTokens } from '@contract/format';
import { formatMicros } from '@contract/money';
import { ToolsControl } from './ToolsControl';

const EMPTY: PendingImage[] = [];

function Thumbnail({ image, onRemove }: { image: PendingImage; onRemove: () => void }) {
  return (
    <li className={`composer-thumb${image.status === 'preparing' ? ' is-preparing' : ''}`}>
      <img src={image.previewUrl} alt={image.name} />
      {image.status === 'preparing' && (
        <span className="composer-thumb-busy" role="status" aria-label={`Preparing ${image.name}`}>
          <LoaderCircle size={16} className="spin" aria-hidden />
        </span>
      )}
      <button
        type="button"
        className="composer-thumb-remove"
        aria-label={`Remove ${image.name}`}
        onClick={onRemove}
      >
        <X size={12} aria-hidden />
      </button>
    </li>
  );
}

export type ComposerProps = {
  conversationId: string | null;
  draftKey: string;
  choice: TargetChoice;
  limits: ImageLimits;
};

/**
 * The composer: the message ("Message": Enter sends, Shift+Enter breaks the line), images (button, paste, or drop on
 * the chat), Send or Stop, and main's live estimate of tokens and cost with its verdict: when main says the message
 * cannot be sent, Send is disabled with main's words and what to do instead ("checking…" while it is asked again).
 */
export function Composer({ conversationId, draftKey, choice, limits }: ComposerProps) {
  const text = useComposerStore((s) => s.drafts[draftKey] ?? '');
  const images = useComposerStore((s) => s.images[draftKey] ?? EMPTY);
  const answerSchema = useComposerStore((s) => s.schemas[draftKey]);
  const [formatOpen, setFormatOpen] = useState(false);
  // Only the stream's id: the composer must not re-render per streamed token.
  const streamId = useStreamStore((s) => activeStreamOf(s.streams, conversationId)?.streamId);
  const unfinished = useUnfinishedAnswer(conversationId);
  const modelName = useModelNames();
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<{ key: string; error: ErrorInfo } | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const files = useRef<HTMLInputElement>(null);

  const ready = images.filter((i) => i.status === 'ready' && i.attachment);
  const preparing = images.some((i) => i.status === 'preparing');
  const hashes = ready.map((i) => i.attachment!.hash);
  const checked = useEstimate('chat.estimate', {
    ...(conversationId ? { conversationId } : {}),
    text,
    attachments: hashes,
    target: {
      ...(choice.profileId ? { profileId: choice.profileId } : {}),
      ...(choice.model ? { model: choice.model } : {}),
    },
    ...(answerSchema ? { schema: answerSchema.schema } : {}),
  });
  const estimate = checked.value;
  useEffect(() => {
    if (!estimate) return;
    setEstimatedModel(draftKey, {
      model: estimate.model,
      auto: Boolean(estimate.autoChoice),
      ...(estimate.retired ? { retired: estimate.retired } : {}),
    });
  }, [draftKey, estimate]);

  // Main's verdict: the last one stands while a new one is checked.
  const empty = !text.trim() && images.length === 0;
  const { canSend, blocked } = sendState(estimate, {
    empty,
    preparing,
    busy: sending || Boolean(streamId) || unfinished,
  });
  const error = sendError?.key === draftKey ? sendError.error : null;

  useEffect(() => {
    input.current?.focus();
  }, [draftKey]);

  const send = async () => {
    if (!canSend) return;
    const attachments = ready.map((i) => i.attachment!);
    // The box is emptied at once: keys typed while the chat is created and the message sent stay typed.
    const sent = takeDraft(draftKey);
    setSending(true);
    setSendError(null);
    const result = await sendMessage({
      text: sent.text,
      attachments,
      ...(answerSchema ? { schema: answerSchema.schema } : {}),
      onCreated: (id) => moveDraft(draftKey, id),
    });
    setSending(false);
    if (result.ok) releaseSent(sent);
    else {
      const key = draftKeyOf(useChatStore.getState().openId);
      restoreSent(key, sent);
      setSendError({ key, error: result.error });
    }
    input.current?.focus();
  };

  // The key of the chat open at the keystroke, not at the last render: a new chat that just became a conversation
  // (its draft moved) may not have re-rendered yet when the next key lands.
  const currentDraftKey = () => draftKeyOf(useChatStore.getState().openId);

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    } else if (event.key === 'Escape' && streamId) {
      event.preventDefault();
      void stopStream(streamId);
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const pasted = [...event.clipboardData.files].filter((f) => f.type.startsWith('image/') || f.type === '');
    if (pasted.length === 0) return;
    event.preventDefault();
    addImages(draftKey, pasted, limits);
  };

  const applySuggestion = (suggestion: { model?: string; profileId?: string }) => {
    const next: TargetChoice = {
      ...(suggestion.model ? { model: suggestion.model } : {}),
      ...(suggestion.profileId ? { profileId: suggestion.profileId, model: null } : {}),
    };
    if (conversationId) void setConversationTarget(conversationId, next);
    else setNewChatTarget(next);
  };

  const contextUsed = estimate?.contextWindow ? estimate.inputTokens / estimate.contextWindow : null;
  const notes = estimate && !blocked && !empty ? estimateNotes(estimate, modelName) : [];
  const waitReason =
    unfinished && !streamId
      ? 'The previous answer is still being written; Send comes back when it ends.'
      : null;

  return (
    <div className="composer-wrap">
      {error && <SendError error={error} onRetry={() => void send()} onDismiss={() => setSendError(null)} />}
      {notes.length > 0 && (
        <div className="composer-notes" role="status">
          {notes.map((note) => (
            <p key={note}>{note}</p>
          ))}
        </div>
      )}
      <div className={`composer${blocked ? ' is-blocked' : ''}`}>
        {images.length > 0 && (
          <ul className="composer-thumbs" aria-label="Attached images">
            {images.map((image) => (
              <Thumbnail key={image.id} image={image} onRemove={() => removeImage(draftKey, image.id)} />
            ))}
          </ul>
        )}
        {answerSchema && (
          <div className="composer-format">
            <Braces size={13} aria-hidden />
            <span>
              Answers as JSON: <strong>{answerSchema.title}</strong>
            </span>
            <button
              type="button"
              className="composer-format-remove"
              aria-label="Stop answering as JSON"
              onClick={() => setAnswerSchema(draftKey, null)}
            >
              <X size={12} aria-hidden />
            </button>
          </div>
        )}
        <textarea
          ref={input}
          className="composer-input"
          aria-label="Message"
          aria-keyshortcuts={SHORTCUTS.focusComposer}
          placeholder={
            streamId ? 'Type your next message…' : 'Message — drop or paste images to ask about them'
          }
          rows={1}
          value={text}
          onChange={(e) => setDraft(currentDraftKey(), e.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        <div className="composer-bar">
          <input
            ref={files}
            type="file"
            accept={ACCEPTED_TYPES.join(',')}
            multiple
            hidden
            onChange={(e) => {
              if (e.target.files?.length) addImages(draftKey, [...e.target.files], limits);
              e.target.value = '';
            }}
          />
          <IconButton
            label="Attach images"
            icon={<ImagePlus size={17} />}
            onClick={() => files.current?.click()}
          />
          <IconButton
            label="Answer as JSON"
            icon={<Braces size={16} />}
            aria-pressed={Boolean(answerSchema)}
            className={answerSchema ? 'is-on' : undefined}
            onClick={() => setFormatOpen(true)}
          />
          <ToolsControl conversationId={conversationId} choice={choice} />
          <div className="composer-estimate" aria-live="polite">
            {estimate && !empty && <EstimateFigures estimate={estimate} contextUsed={contextUsed} />}
            {checked.status === 'checking' && !empty && <span className="composer-checking">checking…</span>}
          </div>
          {streamId ? (
            <IconButton
              label="Stop"
              shortcut="Escape"
              className="composer-stop"
              icon={<Square size={12} fill="currentColor" />}
              onClick={() => void stopStream(streamId)}
            />
          ) : (
            <IconButton
              label="Send"
              variant="primary"
              className="composer-send"
              icon={sending ? <LoaderCircle size={16} className="spin" /> : <ArrowUp size={17} />}
              disabled={!canSend}
              aria-describedby={blocked || waitReason ? 'composer-blocked' : undefined}
              onClick={() => void send()}
            />
          )}
        </div>
      </div>
      {blocked && (
        <div id="composer-blocked" className="composer-blocked" role="status">
          <span>{blocked.reason}</span>
          <NavigationOffers offers={ERROR_WORDS[blocked.error.kind].offers} look="link" />
          {blocked.suggestions.map((s) => (
            <button key={s.label} type="button" className="link-button" onClick={() => applySuggestion(s)}>
              {s.label}
            </button>
          ))}
        </div>
      )}
      {formatOpen && (
        <AnswerFormatDialog
          current={answerSchema}
          onSave={(schema) => setAnswerSchema(draftKey, schema)}
          onClose={() => setFormatOpen(false)}
        />
      )}
      {!blocked && waitReason && (
        <p id="composer-blocked" className="composer-blocked" role="status">
          {waitReason}
        </p>
      )}
    </div>
  );
}

/** Why the last send did not go, in place above the composer (what was typed is still in it). */
function SendError({
  error,
  onRetry,
  onDismiss,
}: {
  error: ErrorInfo;
  onRetry: () => void;
  onDismiss: () => void;
}) {
  const { title, actions } = presentError(error, useProviderNames());
  return (
    <div className="composer-error">
      <ErrorCallout
        title={`Not sent: ${title.charAt(0).toLowerCase()}${title.slice(1)}`}
        actions={
          <>
            <NavigationOffers offers={actions} look="button" />
            {error.retryable && (
              <Button size="sm" variant="secondary" onClick={onRetry}>
                Send again
              </Button>
            )}
            <Button size="sm" variant="ghost" onClick={onDismiss}>
              Dismiss
            </Button>
          </>
        }
      >
        <p>{errorText(error)} Your message is still in the box below.</p>
      </ErrorCallout>
    </div>
  );
}

/** Whether the conversation has an answer still being written that this window does not follow live. */
function useUnfinishedAnswer(conversationId: string | null): boolean {
  // Selectors that return a stable value, so a streaming answer's tokens do not re-render the composer.
  const streaming = useChatStore(
    useShallow((s) =>
      (conversationId ? (s.views[conversationId]?.messages ?? []) : [])
        .slice(-2)
        .filter((m) => m.status === 'streaming'),
    ),
  );
  return useStreamStore((s) => unfinishedWithoutStream(streaming, s.streams).length > 0);
}

/** Tokens and cost of what would be sent, and how much of the context window it fills (main's figures). */
function EstimateFigures({ estimate, contextUsed }: { estimate: Estimate; contextUsed: number | null }) {
  const window = estimate.contextWindow;
  return (
    <>
      <span>
        ≈ {formatTokens(estimate.inputTokens)} input tokens
        {estimate.imageTokens > 0 ? ` (${formatTokens(estimate.imageTokens)} for images)` : ''} · input cost{' '}
        {formatMicros(estimate.inputCostMicros)}
        {estimate.maxCostMicros !== null && ` · at most ${formatMicros(estimate.maxCostMicros)}`}
      </span>
      {window !== null && contextUsed !== null && (contextUsed > 0.5 || !estimate.context.fits) && (
        <span className="composer-context">
          <ProgressBar
            label="Context window used"
            value={Math.min(100, Math.round(contextUsed * 100))}
            tone={contextUsed > 0.9 || !estimate.context.fits ? 'danger' : 'warning'}
            valueText={`${Math.round(contextUsed * 100)} % of the context window of ${formatTokens(window)} tokens (${formatTokens(estimate.context.answerTokens)} kept for the answer)`}
          />
        </span>
      )}
    </>
  );
}
