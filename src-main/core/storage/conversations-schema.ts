/**
 * Tables of conversations and messages. Choices, each for a measured or named reason:
 * - `rid`/`seq` INTEGER PRIMARY KEYs are stable rowids (VACUUM keeps them), which the external-content
 *   full-text indexes point at; the public ids are UUIDs in UNIQUE columns.
 * - Messages are ordered by `position` (gaps of 1024) so a summary can be inserted between two turns.
 * - A streaming answer's text arrives as rows of `message_chunks` (one small INSERT per batch, whatever the
 *   answer's length: rewriting a growing TEXT value would copy it whole on every batch and stall the main
 *   process on WAL checkpoints); the chunks are folded into `messages.text` when the answer ends, or on the
 *   next start if the app was killed, and reads of a streaming message join them on the fly.
 * - A conversation's `message_count`, `cost_micros` and `unknown_costs` are kept by triggers, so every path
 *   that adds, finishes or deletes a message keeps them right, and listing needs no aggregate query.
 * - Full text (FTS5, external content, prefix indexes for search-as-you-type): a message is indexed once it
 *   stops streaming, so streamed text never touches the index; edits and deletes update it exactly.
 * - Partial indexes serve the list sorted by activity or cost (live conversations only), the deleted ones
 *   waiting for purge, and the streaming messages to mark interrupted on startup.
 */
import type { Migration } from './database';

export const CONVERSATIONS_AREA = 'conversations';

export const conversationMigrations: Migration[] = [
  {
    version: 1,
    up: `
CREATE TABLE conversations (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  profile_id TEXT,
  model TEXT,
  message_count INTEGER NOT NULL DEFAULT 0,
  cost_micros INTEGER NOT NULL DEFAULT 0,
  unknown_costs INTEGER NOT NULL DEFAULT 0,
  deleted_at INTEGER,
  draft TEXT
) STRICT;
CREATE INDEX conversations_by_activity ON conversations (updated_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX conversations_by_cost ON conversations (cost_micros DESC, updated_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX conversations_deleted ON conversations (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE messages (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system', 'summary')),
  text TEXT NOT NULL DEFAULT '',
  thinking TEXT,
  status TEXT NOT NULL CHECK (status IN ('complete', 'streaming', 'interrupted', 'stopped', 'error')),
  created_at INTEGER NOT NULL,
  pinned INTEGER NOT NULL DEFAULT 0,
  model TEXT,
  profile_id TEXT,
  auto_reason TEXT,
  finish_reason TEXT,
  usage TEXT,
  attempts TEXT,
  error TEXT,
  structured TEXT,
  cost_micros INTEGER,
  cost_unknown INTEGER NOT NULL DEFAULT 0,
  cached INTEGER NOT NULL DEFAULT 0,
  ttft_ms REAL,
  total_ms REAL,
  excluded TEXT CHECK (excluded IN ('dropped', 'summarized'))
) STRICT;
CREATE INDEX messages_in_order ON messages (conversation_id, position);

CREATE TABLE message_chunks (
  id INTEGER PRIMARY KEY,
  message_seq INTEGER NOT NULL REFERENCES messages (seq) ON DELETE CASCADE,
  text TEXT NOT NULL,
  thinking TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX message_chunks_by_message ON message_chunks (message_seq, id);
CREATE INDEX messages_streaming ON messages (status) WHERE status = 'streaming';

CREATE TABLE message_attachments (
  message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (message_id, ordinal)
) STRICT;
CREATE INDEX message_attachments_by_conversation ON message_attachments (conversation_id);
CREATE INDEX message_attachments_by_hash ON message_attachments (hash);

CREATE TRIGGER messages_totals_insert AFTER INSERT ON messages BEGIN
  UPDATE conversations SET
    message_count = message_count + 1,
    cost_micros = cost_micros + coalesce(new.cost_micros, 0),
    unknown_costs = unknown_costs + new.cost_unknown
  WHERE id = new.conversation_id;
END;
CREATE TRIGGER messages_totals_delete AFTER DELETE ON messages BEGIN
  UPDATE conversations SET
    message_count = message_count - 1,
    cost_micros = cost_micros - coalesce(old.cost_micros, 0),
    unknown_costs = unknown_costs - old.cost_unknown
  WHERE id = old.conversation_id;
END;
CREATE TRIGGER messages_totals_cost AFTER UPDATE OF cost_micros, cost_unknown ON messages BEGIN
  UPDATE conversations SET
    cost_micros = cost_micros - coalesce(old.cost_micros, 0) + coalesce(new.cost_micros, 0),
    unknown_costs = unknown_costs - old.cost_unknown + new.cost_unknown
  WHERE id = new.conversation_id;
END;

CREATE VIRTUAL TABLE messages_fts USING fts5 (
  text, content = 'messages', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.status <> 'streaming' BEGIN
  INSERT INTO messages_fts (rowid, text) VALUES (new.seq, new.text);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF text, status ON messages
WHEN old.status <> 'streaming' OR new.status <> 'streaming' BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', old.seq, old.text WHERE old.status <> 'streaming';
  INSERT INTO messages_fts (rowid, text) SELECT new.seq, new.text WHERE new.status <> 'streaming';
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.status <> 'streaming' BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
END;

CREATE VIRTUAL TABLE conversations_fts USING fts5 (
  title, content = 'conversations', content_rowid = 'rid', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations BEGIN
  INSERT INTO conversations_fts (rowid, title) VALUES (new.rid, new.title);
END;
CREATE TRIGGER conversations_fts_update AFTER UPDATE OF title ON conversations BEGIN
  INSERT INTO conversations_fts (conversations_fts, rowid, title) VALUES ('delete', old.rid, old.title);
  INSERT INTO conversations_fts (rowid, title) VALUES (new.rid, new.title);
END;
CREATE TRIGGER conversations_fts_delete AFTER DELETE ON conversations BEGIN
  INSERT INTO conversations_fts (conversations_fts, rowid, title) VALUES ('delete', old.rid, old.title);
END;
`,
  },
  {
    // Answers that used tools keep their calls and the text of each model round (JSON: { calls, roundTexts }).
    version: 2,
    up: 'ALTER TABLE messages ADD COLUMN tools TEXT',
  },
];

/**
 * After a recovery the salvaged rows may not match the salvaged totals or indexes (rows were lost, or a
 * message was still streaming): give messages whose conversation was lost a conversation of their own,
 * recount every conversation, and rebuild both full-text indexes from scratch.
 */
export const REBUILD_DERIVED_DATA = `
INSERT INTO conversations (id, title, created_at, updated_at)
  SELECT conversation_id, 'Recovered conversation', min(created_at), max(created_at)
  FROM messages WHERE conversation_id NOT IN (SELECT id FROM conversations) GROUP BY conversation_id;
UPDATE conversations SET
  message_count = (SELECT count(*) FROM messages m WHERE m.conversation_id = conversations.id),
  cost_micros = (SELECT coalesce(sum(m.cost_micros), 0) FROM messages m WHERE m.conversation_id = conversations.id),
  unknown_costs = (SELECT coalesce(sum(m.cost_unknown), 0) FROM messages m WHERE m.conversation_id = conversations.id);
DELETE FROM message_attachments WHERE message_id NOT IN (SELECT id FROM messages);
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
INSERT INTO conversations_fts (conversations_fts) VALUES ('rebuild');
`;
