/**
 * The conversation list: live conversations by last activity or by cost (a partial index serves each), with a
 * minimum cost; and full-text search over titles and message text. Search finds the best-ranked message of
 * each conversation (FTS5 bm25) and computes a snippet for that one only, so a common word over thousands of
 * conversations stays one pass over the index.
 */
import {
  CONVERSATION_COLUMNS,
  SNIPPET_MARK,
  toConversation,
  toFtsQuery,
  type ConversationRow,
} from './conversation-rows';
import type { Conversation } from '@contract/conversations';
import type { Database } from './database';

export type ConversationListItem = Conversation & { snippet?: string };
export type ListOptions = {
  /** Words to find in titles and message text. */
  query?: string;
  sort?: 'activity' | 'cost';
  minCostMicros?: number;
  limit?: number;
  offset?: number;
};

/** Live conversations sorted by last activity or by cost; with `query`, only those matching it, with a snippet. */
export function listConversations(db: Database, options: ListOptions = {}): ConversationListItem[] {
  const order =
    options.sort === 'cost'
      ? 'c.cost_micros DESC, c.updated_at DESC, c.rid DESC'
      : 'c.updated_at DESC, c.rid DESC';
  const minCost = options.minCostMicros ?? null;
  const limit = options.limit ?? -1;
  const offset = options.offset ?? 0;
  if (options.query === undefined || options.query.trim() === '') {
    return db
      .all<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM conversations c
         WHERE c.deleted_at IS NULL AND (? IS NULL OR c.cost_micros >= ?)
         ORDER BY ${order} LIMIT ? OFFSET ?`,
        minCost,
        minCost,
        limit,
        offset,
      )
      .map(toConversation);
  }
  const match = toFtsQuery(options.query);
  if (match === null) return [];
  // The best-ranked message of each conversation gives its snippet; a title match alone lists it too.
  const rows = db.all<ConversationRow & { hit_seq: number | null }>(
    `WITH hits AS MATERIALIZED (
       SELECT cid, seq FROM (
         SELECT m.conversation_id AS cid, messages_fts.rowid AS seq,
                row_number() OVER (PARTITION BY m.conversation_id ORDER BY messages_fts.rank) AS n
         FROM messages_fts JOIN messages m ON m.seq = messages_fts.rowid
         WHERE messages_fts MATCH ?
       ) WHERE n = 1
     ),
     matched AS MATERIALIZED (
       SELECT cid, seq FROM hits
       UNION ALL
       SELECT c2.id, NULL FROM conversations_fts JOIN conversations c2 ON c2.rid = conversations_fts.rowid
       WHERE conversations_fts MATCH ? AND c2.id NOT IN (SELECT cid FROM hits)
     )
     SELECT ${CONVERSATION_COLUMNS}, matched.seq AS hit_seq
     FROM matched JOIN conversations c ON c.id = matched.cid
     WHERE c.deleted_at IS NULL AND (? IS NULL OR c.cost_micros >= ?)
     ORDER BY ${order} LIMIT ? OFFSET ?`,
    match,
    match,
    minCost,
    minCost,
    limit,
    offset,
  );
  const seqs = rows.flatMap((r) => (r.hit_seq === null ? [] : [r.hit_seq]));
  const snippets = new Map(
    db
      .all<{ seq: number; snippet: string }>(
        `SELECT rowid AS seq, snippet(messages_fts, 0, ?, ?, '…', 12) AS snippet FROM messages_fts
         WHERE messages_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
        SNIPPET_MARK.start,
        SNIPPET_MARK.end,
        match,
        JSON.stringify(seqs),
      )
      .map((s) => [s.seq, s.snippet]),
  );
  return rows.map((row) => {
    const item: ConversationListItem = toConversation(row);
    const snippet = row.hit_seq === null ? undefined : snippets.get(row.hit_seq);
    if (snippet !== undefined) item.snippet = snippet;
    return item;
  });
}
