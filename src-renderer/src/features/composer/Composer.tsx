import { ArrowUp, Braces, ImagePlus, LoaderCircle, Square, X } from 'lucide-react';
import { useCallback, useEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import type { Estimate } from '@contract/bridge';
import type { ModelInfo } from '@contract/models';
import type { ErrorInfo } from '@contract/usage';
import { useShallow } from 'zustand/react/shallow';
import { bridge } from '../../bridge';
import { Button } from '../../components/Button';
import { ErrorCallout } from '../../components/ErrorCallout';
import { IconButton } from '../../components/IconButton';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCost, formatTokens } from '../../lib/format';
import { navigate } from '../../stores/app';
import { useCatalogStore } from '../../stores/catalog';
import {
  sendMessage,
  setConversationTarget,
  setNewChatTarget,
  stopStream,
  useChatStore,
} from '../../stores/chat';
import {
  addImages,
  clearComposer,
  draftKey as draftKeyOf,
  moveDraft,
  removeImage,
  setAnswerSchema,
  setDraft,
  useComposerStore,
  type PendingImage,
} from '../../stores/composer';
import { unfinishedWithoutStream } from '../../stores/unfinished';
import { errorText, presentError } from '../chat/error-presentation';
import { SHORTCUTS } from '../../app/shortcuts';
import { AnswerFormatDialog } from './AnswerFormatDialog';
import { estimateNotes } from './estimate-notes';
import { activeStreamOf, useStreamStore } from '../../stores/stream';
import type { TargetChoice } from '../../stores/target';
import { ACCEPTED_TYPES, type ImageLimits } from './images';
import { ToolsControl } from './ToolsControl';

const EMPTY: PendingImage[] = [];

/** The estimate of what sending now would cost, asked again (debounced) whenever the text, images or target change. */
function useEstimate(
  conversationId: string | null,
  text: string,
  hashes: readonly string[],
  choice: TargetChoice,
): Estimate | null {
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const hashList = hashes.join(',');
  const profileId = choice.profileId ?? null;
  const model = choice.model ?? null;
  useEffect(() => {
    const attachments = hashList ? hashList.split(',') : [];
    if (!text.trim() && attachments.length === 0) {
      setEstimate(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      const target = conversationId
        ? {}
        : { ...(profileId ? { profileId } : {}), ...(model ? { model } : {}) };
      bridge
        .call('chat.estimate', { ...(conversationId ? { conversationId } : {}), text, attachments, target })
        .then((result) => current && setEstimate(result))
        .catch(() => current && setEstimate(null));
    }, 350);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [conversationId, text, hashList, profileId, model]);
  return estimate;
}

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

/**
 * The composer: the message ("Message": Enter sends, Shift+Enter breaks the line), images (button, paste, or drop on
 * the chat), Send or Stop, and a live estimate of tokens and cost that also says why Send is disabled, if it is.
 */
export function Composer({
  conversationId,
  draftKey,
  model,
  choice,
  limits,
}: {
  conversationId: string | null;
  draftKey: string;
  model: ModelInfo | undefined;
  choice: TargetChoice;
  limits: ImageLimits;
}) {
  const text = useComposerStore((s) => s.drafts[draftKey] ?? '');
  const images = useComposerStore((s) => s.images[draftKey] ?? EMPTY);
  const answerSchema = useComposerStore((s) => s.schemas[draftKey]);
  const [formatOpen, setFormatOpen] = useState(false);
  // Only the stream's id: the composer must not re-render per streamed token.
  const streamId = useStreamStore((s) => activeStreamOf(s.streams, conversationId)?.streamId);
  const unfinished = useUnfinishedAnswer(conversationId);
  const modelName = useModelNamer();
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<{ key: string; error: ErrorInfo } | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const files = useRef<HTMLInputElement>(null);

  const ready = images.filter((i) => i.status === 'ready' && i.attachment);
  const preparing = images.some((i) => i.status === 'preparing');
  const hashes = ready.map((i) => i.attachment!.hash);
  const estimate = useEstimate(conversationId, text, hashes, choice);

  const noVision = images.length > 0 && model !== undefined && !model.capabilities.vision;
  const blockedReason = noVision
    ? `${model.displayName} cannot see images. Choose a model with vision, or remove the images.`
    : (estimate?.blocked?.reason ?? null);
  const empty = !text.trim() && images.length === 0;
  const canSend = !empty && !preparing && !sending && !streamId && !unfinished && !blockedReason;
  const error = sendError?.key === draftKey ? sendError.error : null;

  useEffect(() => {
    input.current?.focus();
  }, [draftKey]);

  const send = async () => {
    if (!canSend) return;
    setSending(true);
    setSendError(null);
    const result = await sendMessage({
      text,
      attachments: ready.map((i) => i.attachment!),
      ...(answerSchema ? { schema: answerSchema.schema } : {}),
      onCreated: (id) => moveDraft(draftKey, id),
    });
    setSending(false);
    if (result.ok) clearComposer(result.conversationId);
    else setSendError({ key: draftKeyOf(useChatStore.getState().openId), error: result.error });
    input.current?.focus();
  };

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

  const visionSuggestion = noVision ? undefined : estimate?.blocked?.suggestions;
  const contextUsed = estimate?.contextWindow ? estimate.inputTokens / estimate.contextWindow : null;
  const notes = estimate && !blockedReason ? estimateNotes(estimate, modelName) : [];
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
      <div className={`composer${blockedReason ? ' is-blocked' : ''}`}>
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
          onChange={(e) => setDraft(draftKey, e.target.value)}
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
            {estimate && !blockedReason && (
              <>
                <span>
                  ≈ {formatTokens(estimate.inputTokens)} tokens
                  {estimate.imageTokens > 0 ? ` (${formatTokens(estimate.imageTokens)} for images)` : ''} ·
                  input {formatCost(estimate.inputCostMicros)}
                  {estimate.maxCostMicros !== null && ` · at most ${formatCost(estimate.maxCostMicros)}`}
                </span>
                {contextUsed !== null && contextUsed > 0.5 && (
                  <span className="composer-context">
                    <ProgressBar
                      label="Context window used"
                      value={Math.round(contextUsed * 100)}
                      tone={contextUsed > 0.9 ? 'danger' : 'warning'}
                      valueText={`${Math.round(contextUsed * 100)} % of the context window`}
                    />
                  </span>
                )}
              </>
            )}
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
              aria-describedby={blockedReason || waitReason ? 'composer-blocked' : undefined}
              onClick={() => void send()}
            />
          )}
        </div>
      </div>
      {blockedReason && (
        <div id="composer-blocked" className="composer-blocked" role="status">
          <span>{blockedReason}</span>
          {!noVision && model?.configured === false && (
            <button type="button" className="link-button" onClick={() => navigate('settings')}>
              Open Settings
            </button>
          )}
          {visionSuggestion?.map((s) => (
            <button key={s.label} type="button" className="link-button" onClick={() => applySuggestion(s)}>
              {s.label}
            </button>
          ))}
          {noVision && <VisionSuggestions onPick={(m) => applySuggestion({ model: m })} />}
        </div>
      )}
      {formatOpen && (
        <AnswerFormatDialog
          current={answerSchema}
          onSave={(schema) => setAnswerSchema(draftKey, schema)}
          onClose={() => setFormatOpen(false)}
        />
      )}
      {!blockedReason && waitReason && (
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
  const providers = useCatalogStore((s) => s.providers);
  const { title, actions } = presentError(error, (id) => providers.find((p) => p.id === id)?.label ?? id);
  return (
    <div className="composer-error">
      <ErrorCallout
        title={`Not sent: ${title.charAt(0).toLowerCase()}${title.slice(1)}`}
        actions={
          <>
            {actions.includes('open-settings') && (
              <Button size="sm" variant="primary" onClick={() => navigate('settings')}>
                Open Settings
              </Button>
            )}
            {actions.includes('open-budgets') && (
              <Button size="sm" variant="primary" onClick={() => navigate('costs')}>
                Open budgets
              </Button>
            )}
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

/** Display names of models by their ids (the id itself for a model the catalogue does not know). */
function useModelNamer(): (ref: string) => string {
  const models = useCatalogStore((s) => s.models);
  return useCallback((ref: string) => models.find((m) => m.id === ref)?.displayName ?? ref, [models]);
}

/** Up to three configured vision models to switch to when images are attached to a model without vision. */
function VisionSuggestions({ onPick }: { onPick: (model: string) => void }) {
  const models = useVisionModels();
  return models.map((m) => (
    <button key={m.id} type="button" className="link-button" onClick={() => onPick(m.id)}>
      Use {m.displayName}
    </button>
  ));
}

function useVisionModels(): ModelInfo[] {
  return useCatalogStore(
    useShallow((s) =>
      s.models
        .filter((m) => m.capabilities.vision && m.configured !== false && !m.deprecated)
        .sort((a, b) => (a.prices?.inputPerM ?? Infinity) - (b.prices?.inputPerM ?? Infinity))
        .slice(0, 3),
    ),
  );
}
