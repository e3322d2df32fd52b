/**
 * Conversations and their messages, in SQLite (schema and its reasons in conversations-schema.ts).
 *
 * Streaming answers are saved as they arrive: `createAssistantMessage` makes a `streaming` row,
 * `appendStreamed` adds each batch of text with one small INSERT, `updateStreaming` records partial usage,
 * and `finishAssistantMessage` sets the outcome. Opening the store marks every message still `streaming`
 * (the app was killed mid-answer) as `interrupted`, keeping every token that was saved.
 */
import { randomUUID } from 'node:crypto';
import type { Attachment, Attempt, Conversation, Message } from '@contract/conversations';
import type { ErrorInfo, FinishReason, Usage } from '@contract/usage';
import { attachmentFromRow, type AttachmentRow, type AttachmentStore } from './attachments';
import {
  CONVERSATION_COLUMNS,
  FOLD_CHUNKS,
  MESSAGE_COLUMNS,
  toConversation,
  toJson,
  toolsJson,
  toMessage,
  type ConversationRow,
  type MessageRow,
} from './conversation-rows';
import { CONVERSATIONS_AREA, conversationMigrations, REBUILD_DERIVED_DATA } from './conversations-schema';
import { listConversations, type ConversationListItem, type ListOptions } from './conversation-list';
import type { Database } from './database';
import { StorageError } from './errors';

export { SNIPPET_MARK } from './conversation-rows';
export type { ConversationListItem, ListOptions } from './conversation-list';

/** Gap between consecutive message positions, so a summary can be placed between two turns. */
const POSITION_GAP = 1024;
export const DEFAULT_TITLE = 'New conversation';
/** How long a deleted conversation can be restored before `purgeDeleted` removes it for good. */
export const DEFAULT_PURGE_GRACE_MS = 24 * 60 * 60 * 1000;

export type ConversationPatch = {
  title?: string;
  profileId?: string | null;
  model?: string | null;
  draft?: string;
};
export type AssistantOutcome = {
  status: Exclude<Message['status'], 'streaming'>;
  /** The final text, when it differs from what was streamed (a repaired structured answer, a batch item). */
  text?: string;
  model?: string;
  profileId?: string;
  autoReason?: string;
  usage?: Usage;
  /** Micro-dollars; null when a price is unknown; absent when nothing was charged. */
  costMicros?: number | null;
  attempts?: Attempt[];
  finishReason?: FinishReason;
  ttftMs?: number;
  totalMs?: number;
  error?: ErrorInfo;
  structured?: unknown;
  cached?: boolean;
};

export type ConversationStoreOptions = {
  attachments: AttachmentStore;
  now?: () => number;
};

const notFound = (what: string) =>
  new StorageError('not_found', `That ${what} no longer exists.`, 'Reload the conversation list.');

const costColumns = (cost: number | null | undefined): [number | null, number] =>
  cost === undefined ? [null, 0] : cost === null ? [null, 1] : [cost, 0];

export class ConversationStore {
  /** Messages that were still streaming when the app last stopped, now marked interrupted (for the ledger). */
  readonly interruptedAtStartup: Message[];
  private readonly db: Database;
  private readonly attachments: AttachmentStore;
  private readonly now: () => number;

  constructor(db: Database, options: ConversationStoreOptions) {
    this.db = db;
    this.attachments = options.attachments;
    this.now = options.now ?? Date.now;
    db.migrate(CONVERSATIONS_AREA, conversationMigrations);
    options.attachments.addReferenceQuery('SELECT hash FROM message_attachments');
    this.interruptedAtStartup = this.markStreamingInterrupted();
    if (db.recovery) db.transaction(() => db.exec(REBUILD_DERIVED_DATA));
  }

  // Conversations

  create(input: { title?: string; profileId?: string; model?: string } = {}): Conversation {
    const id = randomUUID();
    const at = this.now();
    this.db.run(
      'INSERT INTO conversations (id, title, created_at, updated_at, profile_id, model) VALUES (?, ?, ?, ?, ?, ?)',
      id,
      input.title?.trim() || DEFAULT_TITLE,
      at,
      at,
      input.profileId ?? null,
      input.model ?? null,
    );
    return this.requireConversation(id, { includeDeleted: true });
  }

  getConversation(id: string): Conversation | null {
    const row = this.db.get<ConversationRow>(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = ?`,
      id,
    );
    return row ? toConversation(row) : null;
  }

  /** A conversation and all its messages in order, attachments included: two indexed queries in all. */
  get(id: string): { conversation: Conversation; messages: Message[] } | null {
    const conversation = this.getConversation(id);
    if (!conversation) return null;
    const rows = this.db.all<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.conversation_id = ? ORDER BY m.position, m.seq`,
      id,
    );
    const attachments = this.attachmentsOfConversation(id);
    return { conversation, messages: rows.map((r) => toMessage(r, attachments.get(r.id))) };
  }

  /** Live conversations sorted by last activity or by cost; with `query`, only those matching it, with a snippet. */
  list(options: ListOptions = {}): ConversationListItem[] {
    return listConversations(this.db, options);
  }

  /** Renames, sets the conversation's profile or model (null clears it), or saves its draft. Not an activity. */
  update(id: string, patch: ConversationPatch): Conversation {
    const sets: string[] = [];
    const values: Array<string | null> = [];
    if (patch.title !== undefined) {
      const title = patch.title.trim();
      if (title === '')
        throw new StorageError('bad_request', 'A conversation needs a title.', 'Type a title.');
      sets.push('title = ?');
      values.push(title);
    }
    const optional: Array<[string, string | null | undefined]> = [
      ['profile_id', patch.profileId],
      ['model', patch.model],
      ['draft', patch.draft === '' ? null : patch.draft],
    ];
    for (const [column, value] of optional) {
      if (value === undefined) continue;
      sets.push(`${column} = ?`);
      values.push(value);
    }
    if (sets.length > 0) {
      const changed = this.db.run(
        `UPDATE conversations SET ${sets.join(', ')} WHERE id = ?`,
        ...values,
        id,
      ).changes;
      if (changed === 0) throw notFound('conversation');
    }
    return this.requireConversation(id, { includeDeleted: true });
  }

  /** Deletes softly: it leaves every list at once and `restore` brings it back until `purgeDeleted`. */
  softDelete(id: string): void {
    const changed = this.db.run(
      'UPDATE conversations SET deleted_at = coalesce(deleted_at, ?) WHERE id = ?',
      this.now(),
      id,
    ).changes;
    if (changed === 0) throw notFound('conversation');
  }

  restore(id: string): Conversation {
    const changed = this.db.run('UPDATE conversations SET deleted_at = NULL WHERE id = ?', id).changes;
    if (changed === 0) {
      throw new StorageError('not_found', 'That conversation was deleted for good and cannot be restored.');
    }
    return this.requireConversation(id);
  }

  /** Removes for good the conversations deleted more than `graceMs` ago; returns their ids. */
  purgeDeleted(graceMs: number = DEFAULT_PURGE_GRACE_MS): string[] {
    return this.db.transaction(() => {
      const ids = this.db
        .all<{ id: string }>(
          'SELECT id FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at <= ?',
          this.now() - graceMs,
        )
        .map((r) => r.id);
      if (ids.length === 0) return ids;
      const list = JSON.stringify(ids);
      this.db.run(
        'DELETE FROM message_attachments WHERE conversation_id IN (SELECT value FROM json_each(?))',
        list,
      );
      this.db.run('DELETE FROM messages WHERE conversation_id IN (SELECT value FROM json_each(?))', list);
      this.db.run('DELETE FROM conversations WHERE id IN (SELECT value FROM json_each(?))', list);
      return ids;
    });
  }

  // Messages

  getMessage(id: string): Message | null {
    const row = this.db.get<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id = ?`, id);
    return row ? toMessage(row, this.attachmentsOfMessage(id)) : null;
  }

  /** A user's message, with images already stored by `AttachmentStore.add` (referred to by hash). */
  addUserMessage(input: {
    conversationId: string;
    text: string;
    attachments?: string[];
    profileId?: string;
  }): Message {
    return this.db.transaction(() => {
      const attachments = this.attachments.require(input.attachments ?? []);
      const id = this.insertMessage(input.conversationId, {
        role: 'user',
        text: input.text,
        status: 'complete',
      });
      attachments.forEach((a, ordinal) =>
        this.db.run(
          'INSERT INTO message_attachments (message_id, conversation_id, ordinal, hash) VALUES (?, ?, ?, ?)',
          id,
          input.conversationId,
          ordinal,
          a.hash,
        ),
      );
      if (input.profileId !== undefined)
        this.db.run('UPDATE messages SET profile_id = ? WHERE id = ?', input.profileId, id);
      return this.requireMessage(id);
    });
  }

  /** An empty answer in `streaming` status; its text arrives through `appendStreamed`. */
  createAssistantMessage(input: {
    conversationId: string;
    model?: string;
    profileId?: string;
    autoReason?: string;
  }): Message {
    return this.db.transaction(() => {
      const id = this.insertMessage(input.conversationId, {
        role: 'assistant',
        text: '',
        status: 'streaming',
      });
      this.db.run(
        'UPDATE messages SET model = ?, profile_id = ?, auto_reason = ? WHERE id = ?',
        input.model ?? null,
        input.profileId ?? null,
        input.autoReason ?? null,
        id,
      );
      return this.requireMessage(id);
    });
  }

  /**
   * Appends a batch of streamed text (and reasoning) to a streaming answer: one small INSERT, committed at once,
   * so a killed app keeps it. Returns false when the message is no longer streaming (it was stopped or deleted).
   */
  appendStreamed(messageId: string, text: string, thinking = ''): boolean {
    return (
      this.db.run(
        `INSERT INTO message_chunks (message_seq, text, thinking)
         SELECT seq, ?, ? FROM messages WHERE id = ? AND status = 'streaming'`,
        text,
        thinking,
        messageId,
      ).changes > 0
    );
  }

  /** Records what is known mid-stream: usage so far, the model now answering (after a fallback), attempts. */
  updateStreaming(
    messageId: string,
    patch: { usage?: Usage; model?: string; attempts?: Attempt[] },
  ): boolean {
    return (
      this.db.run(
        `UPDATE messages SET usage = coalesce(?, usage), model = coalesce(?, model), attempts = coalesce(?, attempts)
         WHERE id = ? AND status = 'streaming'`,
        toJson(patch.usage),
        patch.model ?? null,
        toJson(patch.attempts),
        messageId,
      ).changes > 0
    );
  }

  /** An answer's tool calls and round texts as they stand (saved on every change, so a crash keeps them). */
  updateTools(
    messageId: string,
    tools: { calls: NonNullable<Message['toolCalls']>; roundTexts: NonNullable<Message['roundTexts']> },
  ): boolean {
    const column = toolsJson({ toolCalls: tools.calls, roundTexts: tools.roundTexts });
    return this.db.run('UPDATE messages SET tools = ? WHERE id = ?', column, messageId).changes > 0;
  }

  /** Ends an answer: its status and everything learnt about it. Fields left out keep what was saved. */
  finishAssistantMessage(messageId: string, outcome: AssistantOutcome): Message {
    return this.db.transaction(() => {
      const current = this.requireMessage(messageId);
      this.foldChunks('m.id = ?', messageId);
      const [costMicros, costUnknown] =
        outcome.costMicros === undefined ? costColumns(current.costMicros) : costColumns(outcome.costMicros);
      this.db.run(
        `UPDATE messages SET status = ?, text = coalesce(?, text), model = coalesce(?, model),
           profile_id = coalesce(?, profile_id), auto_reason = coalesce(?, auto_reason), usage = coalesce(?, usage),
           cost_micros = ?, cost_unknown = ?, attempts = coalesce(?, attempts), finish_reason = coalesce(?, finish_reason),
           ttft_ms = coalesce(?, ttft_ms), total_ms = coalesce(?, total_ms), error = coalesce(?, error),
           structured = coalesce(?, structured), cached = coalesce(?, cached)
         WHERE id = ?`,
        outcome.status,
        outcome.text ?? null,
        outcome.model ?? null,
        outcome.profileId ?? null,
        outcome.autoReason ?? null,
        toJson(outcome.usage),
        costMicros,
        costUnknown,
        toJson(outcome.attempts),
        outcome.finishReason ?? null,
        outcome.ttftMs ?? null,
        outcome.totalMs ?? null,
        toJson(outcome.error),
        toJson(outcome.structured),
        outcome.cached === undefined ? null : Number(outcome.cached),
        messageId,
      );
      this.touch(current.conversationId);
      return this.requireMessage(messageId);
    });
  }

  /** Marks every `streaming` message `interrupted` (run on open); returns them as they now are. */
  private markStreamingInterrupted(): Message[] {
    return this.db.transaction(() => {
      const ids = this.db
        .all<{ id: string }>("SELECT id FROM messages WHERE status = 'streaming'")
        .map((r) => r.id);
      if (ids.length === 0) return [];
      this.foldChunks('1');
      this.db.run("UPDATE messages SET status = 'interrupted' WHERE status = 'streaming'");
      return ids.map((id) => this.requireMessage(id));
    });
  }

  deleteMessage(id: string): void {
    if (this.db.run('DELETE FROM messages WHERE id = ?', id).changes === 0) throw notFound('message');
  }

  /** Deletes a message and every later one of its conversation (edit and resend); returns their ids. */
  deleteFrom(id: string): string[] {
    return this.db.transaction(() => {
      const from = this.db.get<{ conversation_id: string; position: number }>(
        'SELECT conversation_id, position FROM messages WHERE id = ?',
        id,
      );
      if (!from) throw notFound('message');
      const ids = this.db
        .all<{ id: string }>(
          'SELECT id FROM messages WHERE conversation_id = ? AND position >= ? ORDER BY position',
          from.conversation_id,
          from.position,
        )
        .map((r) => r.id);
      this.db.run(
        'DELETE FROM messages WHERE conversation_id = ? AND position >= ?',
        from.conversation_id,
        from.position,
      );
      return ids;
    });
  }

  setPinned(id: string, pinned: boolean): Message {
    if (this.db.run('UPDATE messages SET pinned = ? WHERE id = ?', Number(pinned), id).changes === 0) {
      throw notFound('message');
    }
    return this.requireMessage(id);
  }

  /** Replaces a message's text (a user message edited without sending, a summary corrected). */
  updateText(id: string, text: string): Message {
    return this.db.transaction(() => {
      const current = this.requireMessage(id);
      if (current.status === 'streaming') {
        throw new StorageError(
          'bad_request',
          'This answer is still arriving.',
          'Stop it first, then edit it.',
        );
      }
      this.db.run('UPDATE messages SET text = ? WHERE id = ?', text, id);
      this.touch(current.conversationId);
      return this.requireMessage(id);
    });
  }

  /** Marks messages as left out of the next call (dropped or summarized by the context strategy), or back in. */
  setExcluded(ids: readonly string[], excluded: Message['excluded'] | null): void {
    this.db.run(
      'UPDATE messages SET excluded = ? WHERE id IN (SELECT value FROM json_each(?))',
      excluded ?? null,
      JSON.stringify(ids),
    );
  }

  /**
   * Adds a summary that stands in for `replaces` (marked `summarized`): it is placed right after the last of
   * them, so the conversation reads in order.
   */
  insertSummary(input: {
    conversationId: string;
    text: string;
    replaces: readonly string[];
    model?: string;
    usage?: Usage;
    costMicros?: number | null;
  }): Message {
    return this.db.transaction(() => {
      const replaced = this.db.all<{ seq: number }>(
        'SELECT seq FROM messages WHERE conversation_id = ? AND id IN (SELECT value FROM json_each(?)) ORDER BY position DESC',
        input.conversationId,
        JSON.stringify(input.replaces),
      );
      const anchor = replaced[0];
      if (!anchor || replaced.length !== new Set(input.replaces).size) {
        throw new StorageError('bad_request', 'A summary must replace messages of its own conversation.');
      }
      this.setExcluded(input.replaces, 'summarized');
      const position = this.positionAfter(input.conversationId, anchor.seq);
      const id = this.insertMessage(input.conversationId, {
        role: 'summary',
        text: input.text,
        status: 'complete',
        position,
        model: input.model,
        usage: input.usage,
        costMicros: input.costMicros,
      });
      return this.requireMessage(id);
    });
  }

  // Internals

  private requireConversation(id: string, options: { includeDeleted?: boolean } = {}): Conversation {
    const conversation = this.getConversation(id);
    if (!conversation || (conversation.deletedAt !== undefined && !options.includeDeleted))
      throw notFound('conversation');
    return conversation;
  }

  private requireMessage(id: string): Message {
    const message = this.getMessage(id);
    if (!message) throw notFound('message');
    return message;
  }

  /** Moves streamed chunks into the message rows (same transaction as the status change that follows). */
  private foldChunks(where: string, ...params: string[]): void {
    this.db.run(FOLD_CHUNKS(where), ...params);
    this.db.run(
      "DELETE FROM message_chunks WHERE message_seq IN (SELECT m.seq FROM messages m WHERE m.status = 'streaming' AND " +
        where +
        ')',
      ...params,
    );
  }

  private touch(conversationId: string): void {
    this.db.run(
      'UPDATE conversations SET updated_at = max(updated_at, ?) WHERE id = ?',
      this.now(),
      conversationId,
    );
  }

  private insertMessage(
    conversationId: string,
    fields: {
      role: Message['role'];
      text: string;
      status: Message['status'];
      position?: number;
      model?: string | undefined;
      usage?: Usage | undefined;
      costMicros?: number | null | undefined;
    },
  ): string {
    const conversation = this.getConversation(conversationId);
    if (!conversation) throw notFound('conversation');
    if (conversation.deletedAt !== undefined) {
      throw new StorageError(
        'bad_request',
        'This conversation was deleted.',
        'Restore it first to add to it.',
      );
    }
    const id = randomUUID();
    const at = this.now();
    const [costMicros, costUnknown] = costColumns(fields.costMicros);
    this.db.run(
      `INSERT INTO messages (id, conversation_id, position, role, text, status, created_at, model, usage, cost_micros, cost_unknown)
       VALUES (?, ?, coalesce(?, (SELECT coalesce(max(position), 0) + ${POSITION_GAP} FROM messages WHERE conversation_id = ?)),
               ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      conversationId,
      fields.position ?? null,
      conversationId,
      fields.role,
      fields.text,
      fields.status,
      at,
      fields.model ?? null,
      toJson(fields.usage),
      costMicros,
      costUnknown,
    );
    this.touch(conversationId);
    return id;
  }

  /** A free position right after the message `anchorSeq`, renumbering the conversation when the gap is used up. */
  private positionAfter(conversationId: string, anchorSeq: number): number {
    const gapAfter = () =>
      this.db.get<{ position: number; next: number | null }>(
        `SELECT a.position, (SELECT min(m.position) FROM messages m WHERE m.conversation_id = a.conversation_id
           AND m.position > a.position) AS next FROM messages a WHERE a.seq = ?`,
        anchorSeq,
      );
    let gap = gapAfter();
    if (gap && gap.next !== null && gap.next - gap.position < 2) {
      this.db.run(
        `WITH ranked AS (SELECT seq, row_number() OVER (ORDER BY position, seq) AS n FROM messages WHERE conversation_id = ?)
         UPDATE messages SET position = ranked.n * ${POSITION_GAP} FROM ranked WHERE messages.seq = ranked.seq`,
        conversationId,
      );
      gap = gapAfter();
    }
    if (!gap) throw notFound('message');
    return gap.next === null ? gap.position + POSITION_GAP : Math.floor((gap.position + gap.next) / 2);
  }

  private attachmentsOfConversation(conversationId: string): Map<string, Attachment[]> {
    const rows = this.db.all<AttachmentRow & { message_id: string }>(
      `SELECT ma.message_id, a.hash, a.media_type, a.width, a.height, a.bytes, a.name
       FROM message_attachments ma JOIN attachments a ON a.hash = ma.hash
       WHERE ma.conversation_id = ? ORDER BY ma.message_id, ma.ordinal`,
      conversationId,
    );
    const byMessage = new Map<string, Attachment[]>();
    for (const row of rows) {
      const list = byMessage.get(row.message_id) ?? [];
      list.push(attachmentFromRow(row));
      byMessage.set(row.message_id, list);
    }
    return byMessage;
  }

  private attachmentsOfMessage(messageId: string): Attachment[] {
    return this.db
      .all<AttachmentRow>(
        `SELECT a.hash, a.media_type, a.width, a.height, a.bytes, a.name
         FROM message_attachments ma JOIN attachments a ON a.hash = ma.hash
         WHERE ma.message_id = ? ORDER BY ma.ordinal`,
        messageId,
      )
      .map(attachmentFromRow);
  }
}
