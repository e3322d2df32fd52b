/**
 * The composer's state per conversation: the draft (kept when switching, saved to the conversation), the images
 * being attached (checked, downscaled and uploaded as soon as they are added), the JSON schema answers must
 * follow, when one was set (kept for the following messages until removed), the model main's estimate says
 * will answer, and whether the model the chat names has retired (main's notice).
 */
import { create } from 'zustand';
import type { Estimate } from '@contract/bridge';
import type { Attachment } from '@contract/conversations';
import { bridge, describeError } from '../bridge';
import type { AnswerSchema } from '../lib/answer-schema';
import { MAX_IMAGES_PER_MESSAGE } from '@contract/limits';
import type { ImageLimits } from '../lib/images/images';
import { ImageRefusedError, prepareImage, uploadInput } from '../lib/images/prepare-image';
import { showError } from './toasts';

export type PendingImage = {
  id: string;
  name: string;
  /** blob: URL of the local file, for the thumbnail. */
  previewUrl: string;
  status: 'preparing' | 'ready' | 'error';
  attachment?: Attachment;
  error?: string;
};

/**
 * The model main's last estimate says will answer a draft (`auto`: Auto chose it, and may choose another), and,
 * when the model the chat names has retired, main's word on it.
 */
export type EstimatedModel = { model: string | null; auto: boolean; retired?: Estimate['retired'] };

type ComposerState = {
  drafts: Record<string, string>;
  images: Record<string, PendingImage[]>;
  schemas: Record<string, AnswerSchema>;
  estimated: Record<string, EstimatedModel>;
};

/** The draft key of a chat: its conversation id, or `new` before it exists. */
export const draftKey = (conversationId: string | null) => conversationId ?? 'new';

/** A new chat's draft has no conversation to be saved in yet: it is kept in the browser's storage meanwhile. */
const NEW_DRAFT_STORAGE_KEY = 'modeldesk.newChatDraft';

function readNewDraft(): Record<string, string> {
  try {
    const text = typeof localStorage === 'undefined' ? null : localStorage.getItem(NEW_DRAFT_STORAGE_KEY);
    return text ? { new: text } : {};
  } catch {
    return {};
  }
}

function writeNewDraft(text: string): void {
  try {
    if (text) localStorage.setItem(NEW_DRAFT_STORAGE_KEY, text);
    else localStorage.removeItem(NEW_DRAFT_STORAGE_KEY);
  } catch {
    // Storage may be unavailable (private mode): the draft still lives in memory for this session.
  }
}

export const useComposerStore = create<ComposerState>(() => ({
  drafts: readNewDraft(),
  images: {},
  schemas: {},
  estimated: {},
}));

/** Keeps which model main's estimate says will answer the draft (images are prepared for its provider). */
export function setEstimatedModel(key: string, estimated: EstimatedModel): void {
  const now = useComposerStore.getState().estimated[key];
  if (
    now?.model === estimated.model &&
    now.auto === estimated.auto &&
    JSON.stringify(now.retired) === JSON.stringify(estimated.retired)
  )
    return;
  useComposerStore.setState((s) => ({ estimated: { ...s.estimated, [key]: estimated } }));
}

/** Sets (or with null, removes) the JSON schema the chat's answers must follow. */
export function setAnswerSchema(key: string, schema: AnswerSchema | null): void {
  useComposerStore.setState((s) => {
    const { [key]: _old, ...rest } = s.schemas;
    return { schemas: schema ? { ...rest, [key]: schema } : rest };
  });
}

const saveTimers = new Map<string, ReturnType<typeof setTimeout>>();

/** Sets the draft now, and saves it to the conversation shortly after typing stops. */
export function setDraft(key: string, text: string): void {
  useComposerStore.setState((s) => ({ drafts: { ...s.drafts, [key]: text } }));
  if (key === 'new') {
    writeNewDraft(text);
    return;
  }
  clearTimeout(saveTimers.get(key));
  saveTimers.set(
    key,
    setTimeout(() => {
      saveTimers.delete(key);
      bridge.call('conversations.update', { id: key, draft: text }).catch(() => {});
    }, 800),
  );
}

/** A new chat was just created from the composer: its draft and images now belong to the conversation. */
export function moveDraft(from: string, to: string): void {
  useComposerStore.setState((s) => {
    const { [from]: text = '', ...drafts } = s.drafts;
    const { [from]: images = [], ...rest } = s.images;
    const { [from]: schema, ...schemas } = s.schemas;
    return {
      drafts: { ...drafts, [to]: text },
      images: { ...rest, [to]: images },
      schemas: schema ? { ...schemas, [to]: schema } : schemas,
    };
  });
  if (from === 'new') writeNewDraft('');
}

/** What a send took from the composer: it comes back with `restoreSent` if the send is refused. */
export type SentDraft = { text: string; images: PendingImage[] };

/**
 * Empties the composer the moment a message is sent (Enter or Send), before any round trip: what is typed next is
 * a new draft, never taken for, nor wiped with, the text that was sent.
 */
export function takeDraft(key: string): SentDraft {
  const state = useComposerStore.getState();
  const sent: SentDraft = { text: state.drafts[key] ?? '', images: state.images[key] ?? [] };
  useComposerStore.setState((s) => ({ images: { ...s.images, [key]: [] } }));
  setDraft(key, '');
  return sent;
}

/** A refused send: its text and images come back, ahead of whatever was typed since (never over it). */
export function restoreSent(key: string, sent: SentDraft): void {
  const typed = useComposerStore.getState().drafts[key] ?? '';
  setDraft(key, typed.trim() === '' ? sent.text : sent.text ? `${sent.text}\n${typed}` : typed);
  useComposerStore.setState((s) => ({
    images: { ...s.images, [key]: [...sent.images, ...(s.images[key] ?? [])] },
  }));
}

/** A send that went through: its images' local previews are let go. */
export function releaseSent(sent: SentDraft): void {
  for (const image of sent.images) URL.revokeObjectURL(image.previewUrl);
}

/** Takes a conversation's saved draft unless the composer already holds one. */
export function seedDraft(key: string, draft: string | undefined): void {
  if (!draft || useComposerStore.getState().drafts[key] !== undefined) return;
  useComposerStore.setState((s) => ({ drafts: { ...s.drafts, [key]: draft } }));
}

function updateImage(key: string, id: string, patch: Partial<PendingImage>): void {
  useComposerStore.setState((s) => ({
    images: {
      ...s.images,
      [key]: (s.images[key] ?? []).map((img) => (img.id === id ? { ...img, ...patch } : img)),
    },
  }));
}

let nextImageId = 1;

/** Adds images: each is checked, downscaled to `limits` and uploaded; refused files are reported and left out. */
export function addImages(key: string, files: readonly File[], limits: ImageLimits): void {
  const existing = useComposerStore.getState().images[key] ?? [];
  const room = MAX_IMAGES_PER_MESSAGE - existing.length;
  if (files.length > room) {
    showError(
      `A message takes at most ${MAX_IMAGES_PER_MESSAGE} images; ${files.length - Math.max(0, room)} were left out.`,
    );
  }
  const accepted = files.slice(0, Math.max(0, room));
  const added: PendingImage[] = accepted.map((file) => ({
    id: `img-${nextImageId++}`,
    name: file.name || 'pasted image',
    previewUrl: URL.createObjectURL(file),
    status: 'preparing',
  }));
  useComposerStore.setState((s) => ({
    images: { ...s.images, [key]: [...(s.images[key] ?? []), ...added] },
  }));
  accepted.forEach((file, i) => {
    const pending = added[i]!;
    prepareImage(file, limits)
      .then((image) => uploadInput(file, image))
      .then((input) => bridge.call('attachments.add', input))
      .then((attachment) => updateImage(key, pending.id, { status: 'ready', attachment }))
      .catch((error: unknown) => {
        const message =
          error instanceof ImageRefusedError
            ? error.message
            : `“${pending.name}” was not attached: ${describeError(error)}`;
        showError(message);
        removeImage(key, pending.id);
      });
  });
}

export function removeImage(key: string, id: string): void {
  const image = useComposerStore.getState().images[key]?.find((i) => i.id === id);
  if (image) URL.revokeObjectURL(image.previewUrl);
  useComposerStore.setState((s) => ({
    images: { ...s.images, [key]: (s.images[key] ?? []).filter((i) => i.id !== id) },
  }));
}
