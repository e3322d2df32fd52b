/**
 * The context planner: given a conversation's messages with their token counts, the model's context window and
 * the profile's context strategy, says what the next call sends. Pure: it decides, the chat service applies
 * (`ConversationStore.setExcluded`, and for a summary `Summarizer` then `ConversationStore.insertSummary`).
 *
 * The conversation is cut into units, oldest first: a turn is a user message with the answers that follow it
 * (a unit is dropped or summarized whole, never half); a summary is a unit of its own; system messages stand
 * apart. Never left out: the system prompt, system messages, the newest turn (from the last user message on),
 * and any unit holding a pinned message. Messages already covered by a summary (`excluded: 'summarized'`) are
 * neither counted nor reconsidered: the summary stands in for them. Messages an earlier plan dropped
 * (`excluded: 'dropped'`) are reconsidered, so they come back when there is room again (a larger model).
 */
import type { ContextStrategy } from '@contract/profiles';

/** Room kept for a summary the planner asks for (the summary call's output limit). */
export const DEFAULT_SUMMARY_TOKENS = 1024;
/** A summary leaves what is sent at this share of the room, so the next few turns fit without another one. */
export const DEFAULT_SUMMARIZE_TO = 0.6;
/** What the summary request adds around the transcript it summarizes (instruction and framing). */
export const SUMMARY_PROMPT_TOKENS = 400;

export type PlanMessage = {
  id: string;
  role: 'user' | 'assistant' | 'system' | 'summary';
  /** Its input tokens as the model will count them: text, images and the per-message overhead. */
  tokens: number;
  pinned?: boolean;
  excluded?: 'dropped' | 'summarized';
};

export type ContextPlanInput = {
  /** The conversation's messages in order, excluded ones included (see above). */
  messages: readonly PlanMessage[];
  /** The system prompt's tokens (the profile's prompt; summaries and system messages are in `messages`). */
  systemPromptTokens: number;
  contextWindow: number;
  /** Kept free for the answer: the request's max output tokens. */
  outputReserve: number;
  strategy: Pick<ContextStrategy, 'mode'>;
  /** summarize: room kept for the summary (default DEFAULT_SUMMARY_TOKENS). */
  summaryTokens?: number;
  /** summarize: the summary model's context window; older turns it cannot read are dropped instead. */
  summaryContextWindow?: number;
  /** summarize: the share of the room what is sent may fill after a summary (default DEFAULT_SUMMARIZE_TO). */
  summarizeTo?: number;
};

export type ContextAction = 'none' | 'drop-oldest' | 'summarize' | 'refuse';

export type ContextPlan = {
  /** Whether the call can be made (after the action). */
  fits: boolean;
  /** How far over the room what would be sent still is: 0 when it fits. */
  overByTokens: number;
  action: ContextAction;
  /** Left out of the next call: dropped, and summarized (in conversation order). */
  excludedMessageIds: string[];
  /** The part of `excludedMessageIds` to summarize; the summary replaces them. */
  summarizeMessageIds: string[];
  /** The part of `excludedMessageIds` left out without a summary. */
  droppedMessageIds: string[];
  /** Sent with the next call (in conversation order); covered messages are in no list. */
  keptMessageIds: string[];
  /** contextWindow − outputReserve. */
  roomTokens: number;
  /** Input tokens of the whole conversation as it stands, system prompt included. */
  fullTokens: number;
  /** Input tokens once the action is applied (a summary counted at its reserve). */
  inputTokens: number;
};

type Unit = { messages: PlanMessage[]; tokens: number; protected: boolean };

function checkTokens(what: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${what} must be a finite number of tokens, not below 0 (got ${value}).`);
  }
}

/** The conversation's units, oldest first, with the protected ones marked. */
function unitsOf(messages: readonly PlanMessage[]): Unit[] {
  const live = messages.filter((m) => m.excluded !== 'summarized');
  const lastUser = live.findLastIndex((m) => m.role === 'user');
  const units: Unit[] = [];
  let turn: Unit | undefined;
  const open = (protect: boolean): Unit => {
    const unit: Unit = { messages: [], tokens: 0, protected: protect };
    units.push(unit);
    return unit;
  };
  live.forEach((message, index) => {
    checkTokens(`The tokens of message ${message.id}`, message.tokens);
    let unit: Unit;
    if (message.role === 'system') unit = open(true);
    else if (message.role === 'summary') {
      unit = open(lastUser !== -1 && index > lastUser);
      turn = undefined;
    } else if (message.role === 'user') {
      unit = turn = open(index === lastUser);
    } else {
      unit = turn ??= open(lastUser !== -1 && index > lastUser);
    }
    unit.messages.push(message);
    unit.tokens += message.tokens;
    if (message.pinned) unit.protected = true;
  });
  return units;
}

const idsOf = (units: readonly Unit[]): string[] => units.flatMap((u) => u.messages.map((m) => m.id));
const tokensOf = (units: readonly Unit[]): number => units.reduce((sum, u) => sum + u.tokens, 0);

/** What the next call sends, and what the context strategy leaves out to get there. */
export function planContext(input: ContextPlanInput): ContextPlan {
  checkTokens('The system prompt', input.systemPromptTokens);
  checkTokens('The context window', input.contextWindow);
  checkTokens('The output reserve', input.outputReserve);
  const units = unitsOf(input.messages);
  const room = input.contextWindow - input.outputReserve;
  const full = input.systemPromptTokens + tokensOf(units);
  const plan = (
    action: ContextAction,
    kept: readonly Unit[],
    summarized: readonly Unit[],
    dropped: readonly Unit[],
    sent: number,
  ): ContextPlan => {
    const keptIds = new Set(idsOf(kept));
    const summarizeIds = new Set(idsOf(summarized));
    const droppedIds = new Set(idsOf(dropped));
    const order = idsOf(units);
    const over = Math.max(0, sent - room);
    return {
      fits: action !== 'refuse',
      overByTokens: over,
      action,
      excludedMessageIds: order.filter((id) => summarizeIds.has(id) || droppedIds.has(id)),
      summarizeMessageIds: order.filter((id) => summarizeIds.has(id)),
      droppedMessageIds: order.filter((id) => droppedIds.has(id)),
      keptMessageIds: order.filter((id) => keptIds.has(id)),
      roomTokens: room,
      fullTokens: full,
      inputTokens: sent,
    };
  };

  if (full <= room) return plan('none', units, [], [], full);
  const mode = input.strategy.mode;
  if (mode === 'refuse') return plan('refuse', units, [], [], full);

  const summaryTokens = mode === 'summarize' ? (input.summaryTokens ?? DEFAULT_SUMMARY_TOKENS) : 0;
  const required = input.systemPromptTokens + tokensOf(units.filter((u) => u.protected)) + summaryTokens;
  if (required > room) return plan('refuse', units, [], [], required);

  // Leave out the oldest units that may go until what is left fits (a summary goes further, to its target).
  const target = mode === 'summarize' ? Math.floor(room * (input.summarizeTo ?? DEFAULT_SUMMARIZE_TO)) : room;
  const removed = new Set<Unit>();
  let sent = full + summaryTokens;
  for (const unit of units) {
    if (sent <= target) break;
    if (unit.protected) continue;
    removed.add(unit);
    sent -= unit.tokens;
  }
  const kept = units.filter((u) => !removed.has(u));
  const leftOut = units.filter((u) => removed.has(u));
  if (mode === 'drop-oldest') return plan('drop-oldest', kept, [], leftOut, sent);

  // The summary model reads the newest of what is left out that it can hold; anything older is dropped.
  const readable =
    input.summaryContextWindow === undefined
      ? Infinity
      : input.summaryContextWindow - SUMMARY_PROMPT_TOKENS - summaryTokens;
  const summarized: Unit[] = [];
  let reading = 0;
  for (const unit of [...leftOut].reverse()) {
    if (reading + unit.tokens > readable) break;
    reading += unit.tokens;
    summarized.unshift(unit);
  }
  if (summarized.length === 0) return planContext({ ...input, strategy: { mode: 'drop-oldest' } });
  const dropped = leftOut.filter((u) => !summarized.includes(u));
  return plan('summarize', kept, summarized, dropped, sent);
}
