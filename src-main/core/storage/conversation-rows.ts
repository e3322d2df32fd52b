/**
 * Rows of the conversations and messages tables, and how they become the contract's objects. Message metadata
 * (usage, attempts, error, structured result) is stored as JSON text; a value that no longer parses (a salvaged
 * row, say) is left out rather than making the whole conversation unreadable.
 */
import type { Attachment, Conversation, Message } from '@contract/conversations';

export const CONVERSATION_COLUMNS =
  'c.id, c.title, c.created_at, c.updated_at, c.profile_id, c.model, c.message_count, c.cost_micros, c.unknown_costs, c.deleted_at, c.draft';

export type ConversationRow = {
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
  profile_id: string | null;
  model: string | null;
  message_count: number;
  cost_micros: number;
  unknown_costs: number;
  deleted_at: number | null;
  draft: string | null;
};

/** A streaming message's text and reasoning so far: what is folded in, then its chunks in order. */
const STREAMED = (column: 'text' | 'thinking') =>
  `(SELECT group_concat(k.${column}, '' ORDER BY k.id) FROM message_chunks k WHERE k.message_seq = m.seq)`;

/** Folds the chunks of the streaming messages `where` selects into their text and reasoning. */
export const FOLD_CHUNKS = (where: string) => `
UPDATE messages AS m SET
  text = m.text || coalesce(${STREAMED('text')}, ''),
  thinking = nullif(coalesce(m.thinking, '') || coalesce(${STREAMED('thinking')}, ''), '')
WHERE m.status = 'streaming' AND ${where}`;

export const MESSAGE_COLUMNS =
  'm.seq, m.id, m.conversation_id, m.position, m.role, m.status, m.created_at, m.pinned, m.model, ' +
  `CASE WHEN m.status = 'streaming' THEN m.text || coalesce(${STREAMED('text')}, '') ELSE m.text END AS text, ` +
  `CASE WHEN m.status = 'streaming' THEN nullif(coalesce(m.thinking, '') || coalesce(${STREAMED('thinking')}, ''), '') ` +
  'ELSE m.thinking END AS thinking, ' +
  'm.profile_id, m.auto_reason, m.finish_reason, m.usage, m.attempts, m.error, m.structured, m.cost_micros, ' +
  'm.cost_unknown, m.cached, m.ttft_ms, m.total_ms, m.excluded, m.tools';

export type MessageRow = {
  seq: number;
  id: string;
  conversation_id: string;
  position: number;
  role: Message['role'];
  text: string;
  thinking: string | null;
  status: Message['status'];
  created_at: number;
  pinned: number;
  model: string | null;
  profile_id: string | null;
  auto_reason: string | null;
  finish_reason: Message['finishReason'] | null;
  usage: string | null;
  attempts: string | null;
  error: string | null;
  structured: string | null;
  cost_micros: number | null;
  cost_unknown: number;
  cached: number;
  ttft_ms: number | null;
  total_ms: number | null;
  excluded: Message['excluded'] | null;
  tools: string | null;
};

export function toConversation(row: ConversationRow): Conversation {
  const conversation: Conversation = {
    id: row.id,
    title: row.title,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    messageCount: row.message_count,
    costMicros: row.cost_micros,
    costUnknown: row.unknown_costs > 0,
  };
  if (row.profile_id !== null) conversation.profileId = row.profile_id;
  if (row.model !== null) conversation.model = row.model;
  if (row.deleted_at !== null) conversation.deletedAt = row.deleted_at;
  if (row.draft !== null) conversation.draft = row.draft;
  return conversation;
}

/** JSON for a metadata column: undefined is stored as NULL. */
export function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function fromJson<T>(text: string | null): T | undefined {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** The `tools` column: an answer's tool calls and the text of each model round. */
type MessageTools = { calls?: Message['toolCalls']; roundTexts?: Message['roundTexts'] };

/** The `tools` column of a message (NULL when it used no tools). */
export function toolsJson(message: Pick<Message, 'toolCalls' | 'roundTexts'>): string | null {
  if (!message.toolCalls?.length && !message.roundTexts?.length) return null;
  const tools: MessageTools = { calls: message.toolCalls ?? [], roundTexts: message.roundTexts ?? [] };
  return JSON.stringify(tools);
}

export function toMessage(row: MessageRow, attachments: Attachment[] = []): Message {
  const message: Message = {
    id: row.id,
    conversationId: row.conversation_id,
    role: row.role,
    text: row.text,
    attachments,
    createdAt: row.created_at,
    status: row.status,
  };
  if (row.thinking !== null) message.thinking = row.thinking;
  if (row.pinned) message.pinned = true;
  if (row.model !== null) message.model = row.model;
  if (row.profile_id !== null) message.profileId = row.profile_id;
  if (row.auto_reason !== null) message.autoReason = row.auto_reason;
  if (row.finish_reason !== null) message.finishReason = row.finish_reason;
  const usage = fromJson<Message['usage']>(row.usage);
  if (usage) message.usage = usage;
  const attempts = fromJson<Message['attempts']>(row.attempts);
  if (attempts) message.attempts = attempts;
  const error = fromJson<Message['error']>(row.error);
  if (error) message.error = error;
  if (row.structured !== null) {
    const structured = fromJson<unknown>(row.structured);
    if (structured !== undefined) message.structured = structured;
  }
  if (row.cost_unknown) message.costMicros = null;
  else if (row.cost_micros !== null) message.costMicros = row.cost_micros;
  if (row.cached) message.cached = true;
  if (row.ttft_ms !== null) message.ttftMs = row.ttft_ms;
  if (row.total_ms !== null) message.totalMs = row.total_ms;
  if (row.excluded !== null) message.excluded = row.excluded;
  const tools = fromJson<MessageTools>(row.tools);
  if (tools?.calls?.length) message.toolCalls = tools.calls;
  if (tools?.roundTexts?.length) message.roundTexts = tools.roundTexts;
  return message;
}

/** Marks around the matched words in a search snippet (STX and ETX: never typed, trivial to split on). */
export const SNIPPET_MARK = { start: '\u0002', end: '\u0003' } as const;

/**
 * Turns what the user typed into an FTS5 query: every word must appear, each may be the start of a longer
 * word (`hel wor` finds "hello world"). Quotes keep FTS5 syntax (`AND`, `NEAR`, `*`, `:`) from being read as
 * operators. Returns null when nothing searchable was typed.
 */
export function toFtsQuery(input: string): string | null {
  const words = input
    .split(/\s+/)
    .map((w) => w.replace(/"/g, ''))
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}
