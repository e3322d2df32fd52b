/**
 * The open conversation and its messages, and what the user does with them: send, stop, regenerate, edit and
 * resend, delete. A few recently opened conversations stay in memory so switching back is instant.
 */
import { create } from 'zustand';
import type { Attachment, Conversation, Message } from '@contract/conversations';
import type { ErrorInfo } from '@contract/usage';
import { bridge, BridgeCallError, describeError } from '../bridge';
import { takeNewChatChoice } from './tools';
import { createConversation, upsertConversation } from './conversations';
import { useComposerStore } from './composer';
import { mergeMessages, upsertMessages } from './messages-merge';
import { abandonStreams, beginStream, endStream, useStreamStore } from './stream';
import { unfinishedWithoutStream } from './unfinished';
import { showError } from './toasts';

/** What a conversation (or a chat not created yet) asks for: a profile, a model, or both; null for the default. */
export type TargetChoice = { profileId?: string | null; model?: string | null };

export type ConversationView = {
  conversation: Conversation;
  messages: Message[];
  status: 'loading' | 'ready' | 'error';
  error: string | null;
};

type ChatState = {
  /** null: a new chat, created on its first message. */
  openId: string | null;
  views: Record<string, ConversationView>;
  /** The model and profile chosen for a new chat before it exists. */
  newChat: TargetChoice;
};

const KEEP_VIEWS = 4;

export const useChatStore = create<ChatState>(() => ({ openId: null, views: {}, newChat: {} }));

let recent: string[] = [];

function touchRecent(id: string): Record<string, ConversationView> {
  recent = [id, ...recent.filter((r) => r !== id)];
  const keep = new Set(recent.slice(0, KEEP_VIEWS));
  recent = recent.slice(0, KEEP_VIEWS);
  const views = useChatStore.getState().views;
  return Object.fromEntries(Object.entries(views).filter(([key]) => keep.has(key)));
}

function setView(
  id: string,
  update: (view: ConversationView | undefined) => ConversationView | undefined,
): void {
  useChatStore.setState((s) => {
    const next = update(s.views[id]);
    if (!next || next === s.views[id]) return s;
    return { views: { ...s.views, [id]: next } };
  });
}

const UNFINISHED_POLL_MS = 1000;
const unfinishedTimers = new Map<string, ReturnType<typeof setTimeout>>();

/**
 * An answer still `streaming` in storage with no live stream here (the page reconnected, so main stopped sending its
 * batches to this window; or another window started it): read the conversation again shortly, until it is finished.
 */
function watchUnfinished(id: string): void {
  const view = useChatStore.getState().views[id];
  if (unfinishedTimers.has(id) || useChatStore.getState().openId !== id || !view) return;
  if (unfinishedWithoutStream(view.messages, useStreamStore.getState().streams).length === 0) return;
  unfinishedTimers.set(
    id,
    setTimeout(() => {
      unfinishedTimers.delete(id);
      reloadConversation(id).catch(() => {});
    }, UNFINISHED_POLL_MS),
  );
}

/**
 * Applies what main said changed (the conversations as stored and the messages added or changed) to the views in
 * memory, without reading them again. Returns the ids it could not apply to (a view still loading: read it again).
 */
export function applyConversationUpdate(update: {
  conversations: Conversation[];
  messages: Message[];
}): string[] {
  const notApplied: string[] = [];
  for (const conversation of update.conversations) {
    const view = useChatStore.getState().views[conversation.id];
    if (!view) continue;
    if (view.status !== 'ready') {
      notApplied.push(conversation.id);
      continue;
    }
    const messages = update.messages.filter((m) => m.conversationId === conversation.id);
    setView(
      conversation.id,
      (current) =>
        current && { ...current, conversation, messages: upsertMessages(current.messages, messages) },
    );
    watchUnfinished(conversation.id);
  }
  return notApplied;
}

export async function reloadConversation(id: string): Promise<void> {
  try {
    const { conversation, messages } = await bridge.call('conversations.get', { id });
    setView(id, (view) => ({
      conversation,
      messages: view ? mergeMessages(view.messages, messages) : messages,
      status: 'ready',
      error: null,
    }));
    watchUnfinished(id);
  } catch (error) {
    setView(id, (view) =>
      view
        ? { ...view, status: view.status === 'ready' ? 'ready' : 'error', error: describeError(error) }
        : view,
    );
    if (!useChatStore.getState().views[id]) throw error;
  }
}

export function openConversation(conversation: Conversation): void {
  const views = touchRecent(conversation.id);
  const existing = views[conversation.id];
  useChatStore.setState({
    openId: conversation.id,
    views: existing
      ? views
      : { ...views, [conversation.id]: { conversation, messages: [], status: 'loading', error: null } },
  });
  reloadConversation(conversation.id).catch((error: unknown) =>
    setView(conversation.id, () => ({
      conversation,
      messages: [],
      status: 'error',
      error: describeError(error),
    })),
  );
}

export function startNewChat(): void {
  useChatStore.setState({ openId: null, newChat: {} });
}

export function setNewChatTarget(choice: TargetChoice): void {
  useChatStore.setState((s) => ({ newChat: { ...s.newChat, ...choice } }));
}

/** Changes the open conversation's model or profile (remembered by the conversation). */
export async function setConversationTarget(id: string, choice: TargetChoice): Promise<void> {
  try {
    const conversation = await bridge.call('conversations.update', { id, ...choice });
    setView(id, (view) => (view ? { ...view, conversation } : view));
    upsertConversation(conversation);
  } catch (error) {
    showError(`Could not change it: ${describeError(error)}`);
  }
}

function placeholder(
  id: string,
  conversationId: string,
  role: Message['role'],
  text: string,
  attachments: Attachment[],
): Message {
  return {
    id,
    conversationId,
    role,
    text,
    attachments,
    createdAt: Date.now(),
    status: role === 'assistant' ? 'streaming' : 'complete',
  };
}

type SendOptions = {
  text: string;
  attachments: Attachment[];
  regenerateOf?: string;
  editOf?: string;
  model?: string;
  /** The JSON schema the answer must follow (validated by main, repaired once). */
  schema?: Record<string, unknown>;
  /** Called once a new chat exists (so the composer can move its draft to it before anything can fail). */
  onCreated?: (conversationId: string) => void;
};

export type SendResult = { ok: true; conversationId: string } | { ok: false; error: ErrorInfo };

function errorInfoOf(error: unknown): ErrorInfo {
  if (error instanceof BridgeCallError) return error.info;
  return { kind: 'bad_request', message: describeError(error), retryable: false };
}

/**
 * Sends a message (creating the conversation first for a new chat) and starts its answer's stream.
 * When it did not go, says why (the caller keeps what was typed and shows the error in place).
 */
export async function sendMessage(options: SendOptions): Promise<SendResult> {
  let conversationId = useChatStore.getState().openId;
  try {
    if (!conversationId) {
      const { newChat } = useChatStore.getState();
      const tools = takeNewChatChoice();
      const conversation = await createConversation({
        ...(newChat.profileId ? { profileId: newChat.profileId } : {}),
        ...(newChat.model ? { model: newChat.model } : {}),
        ...(tools ? { tools } : {}),
      });
      conversationId = conversation.id;
      const views = touchRecent(conversation.id);
      useChatStore.setState({
        openId: conversation.id,
        views: { ...views, [conversation.id]: { conversation, messages: [], status: 'ready', error: null } },
      });
      options.onCreated?.(conversation.id);
    }
    const sent = await bridge.call('chat.send', {
      conversationId,
      text: options.text,
      attachments: options.attachments.map((a) => a.hash),
      target: options.model ? { model: options.model } : {},
      ...(options.regenerateOf ? { regenerateOf: options.regenerateOf } : {}),
      ...(options.editOf ? { editOf: options.editOf } : {}),
      ...(options.schema ? { schema: options.schema } : {}),
    });
    const id = conversationId;
    beginStream({ streamId: sent.streamId, conversationId: id, messageId: sent.assistantMessageId });
    setView(id, (view) => {
      if (!view) return view;
      let messages = view.messages;
      const cut = options.editOf ?? options.regenerateOf;
      if (cut) {
        const index = messages.findIndex((m) => m.id === cut);
        if (index >= 0) messages = messages.slice(0, index);
      }
      if (!messages.some((m) => m.id === sent.userMessageId)) {
        messages = [
          ...messages,
          placeholder(sent.userMessageId, id, 'user', options.text, options.attachments),
        ];
      }
      if (!messages.some((m) => m.id === sent.assistantMessageId)) {
        messages = [...messages, placeholder(sent.assistantMessageId, id, 'assistant', '', [])];
      }
      return { ...view, messages, conversation: { ...view.conversation, updatedAt: Date.now() } };
    });
    const view = useChatStore.getState().views[id];
    if (view) upsertConversation(view.conversation);
    return { ok: true, conversationId: id };
  } catch (error) {
    // A failed send may still have changed the conversation (an edit replaced its messages): show what is stored.
    if (conversationId) void reloadConversation(conversationId).catch(() => {});
    return { ok: false, error: errorInfoOf(error) };
  }
}

/** Sends from a message's own actions (regenerate): a failure is said in a toast, nothing typed is at stake. */
async function sendOrSay(options: SendOptions): Promise<boolean> {
  const result = await sendMessage(options);
  if (!result.ok) {
    showError(`Not sent: ${result.error.message}${result.error.action ? ` ${result.error.action}` : ''}`);
  }
  return result.ok;
}

/** Puts a finished (or failed) answer in its place, from the stream's final message. */
export function completeMessage(message: Message): void {
  setView(message.conversationId, (view) => {
    if (!view) return view;
    const index = view.messages.findIndex((m) => m.id === message.id);
    const messages =
      index >= 0 ? view.messages.map((m, i) => (i === index ? message : m)) : [...view.messages, message];
    return { ...view, messages };
  });
}

export async function stopStream(streamId: string): Promise<void> {
  try {
    await bridge.call('chat.stop', { streamId });
  } catch (error) {
    showError(`Could not stop: ${describeError(error)}`);
  }
}

export async function retryNow(streamId: string): Promise<void> {
  await bridge.call('chat.retryNow', { streamId }).catch((error: unknown) => showError(describeError(error)));
}

/** Asks for a new answer in place of this one, optionally from another model. */
export function regenerate(message: Message, model?: string): Promise<boolean> {
  return sendOrSay({
    text: '',
    attachments: [],
    regenerateOf: message.id,
    ...(model ? { model } : {}),
    ...schemaOf(message.conversationId),
  });
}

/** Replaces a user message (and everything after it) with the edited text, and sends it. */
export function editAndResend(message: Message, text: string): Promise<SendResult> {
  return sendMessage({
    text,
    attachments: message.attachments,
    editOf: message.id,
    ...schemaOf(message.conversationId),
  });
}

/** The answer format set in the conversation's composer, which a new answer in it follows too. */
function schemaOf(conversationId: string): { schema?: Record<string, unknown> } {
  const set = useComposerStore.getState().schemas[conversationId];
  return set ? { schema: set.schema } : {};
}

/** Saves a summary's (or a message's) text without sending anything. */
export async function updateMessageText(message: Message, text: string): Promise<boolean> {
  try {
    const updated = await bridge.call('messages.updateText', { id: message.id, text });
    completeMessage(updated);
    return true;
  } catch (error) {
    showError(`Not saved: ${describeError(error)}`);
    return false;
  }
}

/**
 * After the link to main came back: the streams this window followed are gone (main assigned it a new client and
 * stopped sending their batches), so they are dropped; the open conversation is read again and any answer still
 * being written is followed by reading it until it is finished.
 */
export function resumeAfterReconnect(): void {
  abandonStreams();
  const openId = useChatStore.getState().openId;
  if (openId) void reloadConversation(openId).catch(() => {});
}

export async function deleteMessage(message: Message): Promise<void> {
  try {
    await bridge.call('messages.delete', { id: message.id });
    endStream(message.id);
    setView(message.conversationId, (view) =>
      view ? { ...view, messages: view.messages.filter((m) => m.id !== message.id) } : view,
    );
  } catch (error) {
    showError(`Could not delete the message: ${describeError(error)}`);
  }
}

const revealListeners = new Set<(messageId: string) => void>();

/** Brings a message of the open conversation into view and marks it (the cost review's links use it). */
export function revealMessage(messageId: string): void {
  for (const listener of revealListeners) listener(messageId);
}

/** The message list listens while it is shown; returns the unsubscribe. */
export function onRevealMessage(listener: (messageId: string) => void): () => void {
  revealListeners.add(listener);
  return () => revealListeners.delete(listener);
}
