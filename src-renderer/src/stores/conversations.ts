/** The conversation list: search, create, rename, delete with undo; sorted by last activity or by cost. */
import { create } from 'zustand';
import type { CallOutput } from '@contract/bridge';
import type { ToolChoice } from '@contract/tools';
import type { Conversation } from '@contract/conversations';
import { bridge, describeError } from '../bridge';
import { showError, showToast } from './toasts';

export type ConversationListItem = CallOutput<'conversations.list'>[number];

/** The list's order and filter (the sidebar's sort control): by activity or dearest first, above a cost. */
export type ConversationOrder = { sort: 'activity' | 'cost'; minCostMicros: number | null };

type ConversationsState = {
  items: ConversationListItem[];
  query: string;
  order: ConversationOrder;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
};

export const useConversationsStore = create<ConversationsState>(() => ({
  items: [],
  query: '',
  order: { sort: 'activity', minCostMicros: null },
  status: 'idle',
  error: null,
}));

const byActivity = (a: Conversation, b: Conversation) => b.updatedAt - a.updatedAt;
const byCost = (a: Conversation, b: Conversation) => b.costMicros - a.costMicros || byActivity(a, b);
const comparator = (order: ConversationOrder) => (order.sort === 'cost' ? byCost : byActivity);

let latestRequest = 0;

/** Loads the list for the current search (a newer request wins over a slower older one). */
export async function loadConversations(): Promise<void> {
  const request = ++latestRequest;
  const { order, query: typed } = useConversationsStore.getState();
  const query = typed.trim();
  useConversationsStore.setState((s) => ({ status: s.items.length ? s.status : 'loading' }));
  try {
    const items = await bridge.call('conversations.list', {
      sort: order.sort,
      ...(query ? { query } : {}),
      ...(order.minCostMicros !== null ? { minCostMicros: order.minCostMicros } : {}),
    });
    if (request !== latestRequest) return;
    useConversationsStore.setState({
      items: [...items].sort(comparator(order)),
      status: 'ready',
      error: null,
    });
  } catch (error) {
    if (request !== latestRequest) return;
    useConversationsStore.setState({ status: 'error', error: describeError(error) });
  }
}

export function setConversationQuery(query: string): void {
  useConversationsStore.setState({ query });
}

export function setConversationOrder(order: ConversationOrder): void {
  useConversationsStore.setState({ order });
  void loadConversations();
}

/**
 * Puts conversations as main stored them into the list, when that needs no read (no search and no cost filter on,
 * which only main can apply); false when the list must be read again instead.
 */
export function applyToList(conversations: readonly Conversation[]): boolean {
  const { query, order } = useConversationsStore.getState();
  if (query.trim() || order.minCostMicros !== null) return false;
  for (const conversation of conversations) upsertConversation(conversation);
  return true;
}

/** Puts a created or changed conversation in the list, in its place by the list's order. */
export function upsertConversation(conversation: Conversation): void {
  useConversationsStore.setState((s) => {
    const index = s.items.findIndex((c) => c.id === conversation.id);
    const filtered = s.order.minCostMicros !== null && conversation.costMicros < s.order.minCostMicros;
    if (index < 0 && (s.query.trim() || filtered)) return s;
    const items =
      index < 0
        ? [conversation, ...s.items]
        : s.items.map((c, i) => (i === index ? { ...c, ...conversation } : c));
    return { items: items.sort(comparator(s.order)) };
  });
}

export async function createConversation(input: {
  profileId?: string;
  model?: string;
  title?: string;
  tools?: ToolChoice;
}): Promise<Conversation> {
  const conversation = await bridge.call('conversations.create', input);
  upsertConversation(conversation);
  return conversation;
}

export async function renameConversation(id: string, title: string): Promise<void> {
  const trimmed = title.trim();
  if (!trimmed) return;
  try {
    upsertConversation(await bridge.call('conversations.update', { id, title: trimmed }));
  } catch (error) {
    showError(`Could not rename: ${describeError(error)}`);
  }
}

/** Deletes (softly) and offers Undo, which restores it. */
export async function deleteConversation(id: string, onDeleted?: () => void): Promise<void> {
  const item = useConversationsStore.getState().items.find((c) => c.id === id);
  try {
    await bridge.call('conversations.delete', { id });
  } catch (error) {
    showError(`Could not delete: ${describeError(error)}`);
    return;
  }
  useConversationsStore.setState((s) => ({ items: s.items.filter((c) => c.id !== id) }));
  onDeleted?.();
  showToast({
    message: `Deleted “${item?.title ?? 'conversation'}”`,
    action: {
      label: 'Undo',
      run: () => {
        bridge
          .call('conversations.restore', { id })
          .then((restored) => upsertConversation(restored))
          .catch((error: unknown) => showError(`Could not restore: ${describeError(error)}`));
      },
    },
  });
}
