import { ArrowUp, ImagePlus, LoaderCircle, Square, X } from 'lucide-react';
import { useEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import type { Estimate } from '@contract/bridge';
import type { ModelInfo } from '@contract/models';
import { useShallow } from 'zustand/react/shallow';
import { bridge } from '../../bridge';
import { IconButton } from '../../components/IconButton';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCost, formatTokens } from '../../lib/format';
import { useCatalogStore } from '../../stores/catalog';
import { sendMessage, setConversationTarget, setNewChatTarget, stopStream } from '../../stores/chat';
import {
  addImages,
  clearComposer,
  removeImage,
  setDraft,
  useComposerStore,
  type PendingImage,
} from '../../stores/composer';
import { activeStreamOf, useStreamStore } from '../../stores/stream';
import type { TargetChoice } from '../../stores/target';
import { ACCEPTED_TYPES, type ImageLimits } from './images';

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
  // Only the stream's id: the composer must not re-render per streamed token.
  const streamId = useStreamStore((s) => activeStreamOf(s.streams, conversationId)?.streamId);
  const [sending, setSending] = useState(false);
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
  const canSend = !empty && !preparing && !sending && !streamId && !blockedReason;

  useEffect(() => {
    input.current?.focus();
  }, [draftKey]);

  const send = async () => {
    if (!canSend) return;
    setSending(true);
    const ok = await sendMessage({ text, attachments: ready.map((i) => i.attachment!) });
    setSending(false);
    if (ok) clearComposer(draftKey);
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
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

  return (
    <div className="composer-wrap">
      <div className={`composer${blockedReason ? ' is-blocked' : ''}`}>
        {images.length > 0 && (
          <ul className="composer-thumbs" aria-label="Attached images">
            {images.map((image) => (
              <Thumbnail key={image.id} image={image} onRemove={() => removeImage(draftKey, image.id)} />
            ))}
          </ul>
        )}
        <textarea
          ref={input}
          className="composer-input"
          aria-label="Message"
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
              aria-describedby={blockedReason ? 'composer-blocked' : undefined}
              onClick={() => void send()}
            />
          )}
        </div>
      </div>
      {blockedReason && (
        <div id="composer-blocked" className="composer-blocked" role="status">
          <span>{blockedReason}</span>
          {visionSuggestion?.map((s) => (
            <button key={s.label} type="button" className="link-button" onClick={() => applySuggestion(s)}>
              {s.label}
            </button>
          ))}
          {noVision && <VisionSuggestions onPick={(m) => applySuggestion({ model: m })} />}
        </div>
      )}
    </div>
  );
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
