/**
 * Writes a whole conversation at once, as it already happened elsewhere: an import or a restore. The caller runs
 * it inside a transaction (with others: thousands of conversations are written in a few dozen transactions).
 * Totals and the full-text index are kept by the tables' triggers, as for conversations made here; messages are
 * placed in order at the usual position gaps. Images must already be stored (`AttachmentStore.add`).
 */
import { randomUUID } from 'node:crypto';
import type { Conversation, Message } from '@contract/conversations';
import { toJson } from './conversation-rows';
import type { Database } from './database';

const POSITION_GAP = 1024;

export type ConversationToInsert = Pick<Conversation, 'title' | 'createdAt' | 'updatedAt'> &
  Partial<Pick<Conversation, 'id' | 'profileId' | 'model' | 'draft' | 'deletedAt'>>;

export type MessageToInsert = Omit<Message, 'id' | 'conversationId' | 'attachments' | 'costMicros'> & {
  id?: string;
  /** Hashes of stored images, in order. */
  attachmentHashes: readonly string[];
  /** Micro-dollars; null: unknown (counted as such in the conversation's total); undefined: nothing charged. */
  costMicros: number | null | undefined;
};

/** Inserts the conversation and its messages; returns the conversation's id (the given one, or a new one). */
export function insertConversation(
  db: Database,
  conversation: ConversationToInsert,
  messages: readonly MessageToInsert[],
): string {
  const id = conversation.id ?? randomUUID();
  db.run(
    `INSERT INTO conversations (id, title, created_at, updated_at, profile_id, model, draft, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    conversation.title,
    conversation.createdAt,
    conversation.updatedAt,
    conversation.profileId ?? null,
    conversation.model ?? null,
    conversation.draft ?? null,
    conversation.deletedAt ?? null,
  );
  messages.forEach((m, i) => {
    const messageId = m.id ?? randomUUID();
    db.run(
      `INSERT INTO messages (id, conversation_id, position, role, text, thinking, status, created_at, pinned, model,
         profile_id, auto_reason, finish_reason, usage, attempts, error, structured, cost_micros, cost_unknown, cached,
         ttft_ms, total_ms, excluded)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      messageId,
      id,
      (i + 1) * POSITION_GAP,
      m.role,
      m.text,
      m.thinking ?? null,
      m.status === 'streaming' ? 'interrupted' : m.status,
      m.createdAt,
      Number(m.pinned ?? false),
      m.model ?? null,
      m.profileId ?? null,
      m.autoReason ?? null,
      m.finishReason ?? null,
      toJson(m.usage),
      toJson(m.attempts),
      toJson(m.error),
      toJson(m.structured),
      m.costMicros ?? null,
      m.costMicros === null ? 1 : 0,
      Number(m.cached ?? false),
      m.ttftMs ?? null,
      m.totalMs ?? null,
      m.excluded ?? null,
    );
    m.attachmentHashes.forEach((hash, ordinal) =>
      db.run(
        'INSERT INTO message_attachments (message_id, conversation_id, ordinal, hash) VALUES (?, ?, ?, ?)',
        messageId,
        id,
        ordinal,
        hash,
      ),
    );
  });
  return id;
}
