/**
 * Modeldesk's own JSON export: `{ kind: "modeldesk-conversations", version, exportedAt, exportedBy, conversations,
 * attachments? }`. Each conversation carries its messages whole: role, text, reasoning, the model that answered,
 * usage and cost per answer (integer micro-dollars, null when unknown), attempts, tool calls and the text of each
 * model round of an answer that used tools, and images by sha256 hash. The
 * image bytes are either files beside it in a .zip (`images/<hash>.<ext>`) or, when embedded, base64 under
 * `attachments[hash]`. Older versions are migrated on import (CONVERSATIONS_FILE_MIGRATIONS), like the
 * configuration file.
 */
import { z } from 'zod';
import { AttachmentSchema, AttemptSchema, MessageStatusSchema } from '@contract/conversations';
import { ToolCallRecordSchema } from '@contract/tools';
import { ErrorInfoSchema, FinishReasonSchema, UsageSchema } from '@contract/usage';

export const CONVERSATIONS_FILE_KIND = 'modeldesk-conversations';
/** Raise it with a migration whenever an older file would no longer read the same. */
export const CONVERSATIONS_FILE_VERSION = 1;

const Str = z.string().max(1_000_000);
const Time = z.number().int().min(0).max(8.64e15);

export const ExportedMessageSchema = z.object({
  id: z.string().min(1).max(200),
  role: z.enum(['user', 'assistant', 'system', 'summary']),
  text: Str,
  thinking: Str.optional(),
  createdAt: Time,
  status: MessageStatusSchema,
  pinned: z.boolean().optional(),
  model: z.string().max(300).optional(),
  profileId: z.string().max(200).optional(),
  autoReason: z.string().max(2000).optional(),
  attempts: z.array(AttemptSchema).max(100).optional(),
  finishReason: FinishReasonSchema.optional(),
  usage: UsageSchema.optional(),
  // At most $1,000,000 for one answer: a file stating more is not believed.
  costMicros: z.number().int().nonnegative().max(1_000_000_000_000).nullable().optional(),
  cached: z.boolean().optional(),
  ttftMs: z.number().nonnegative().optional(),
  totalMs: z.number().nonnegative().optional(),
  error: ErrorInfoSchema.optional(),
  structured: z.unknown().optional(),
  /** An answer that used tools: its calls (arguments and results as shown) and the text of each model round. */
  toolCalls: z.array(ToolCallRecordSchema).max(10_000).optional(),
  roundTexts: z.array(Str).max(1_000).optional(),
  attachments: z.array(AttachmentSchema).max(100).default([]),
});
export type ExportedMessage = z.infer<typeof ExportedMessageSchema>;

export const ExportedConversationSchema = z.object({
  id: z.string().min(1).max(200),
  title: z.string().max(300),
  createdAt: Time,
  updatedAt: Time,
  profileId: z.string().max(200).optional(),
  model: z.string().max(300).optional(),
  messages: z.array(ExportedMessageSchema).max(100_000),
});
export type ExportedConversation = z.infer<typeof ExportedConversationSchema>;

export const EmbeddedAttachmentSchema = z.object({
  mediaType: AttachmentSchema.shape.mediaType,
  name: z.string().max(500).optional(),
  dataBase64: z.string().max(40_000_000),
});

/** The header (everything but the conversations and attachments, which are read one at a time). */
export const ConversationsFileHeaderSchema = z.object({
  kind: z.literal(CONVERSATIONS_FILE_KIND),
  version: z.number().int().min(1).max(CONVERSATIONS_FILE_VERSION),
  exportedAt: z.string().max(100).optional(),
  exportedBy: z.string().max(200).optional(),
});

export type ConversationsFileMigration = {
  from: number;
  /** Rewrites one conversation of version `from` into version `from + 1`. */
  conversation: (value: Record<string, unknown>) => Record<string, unknown>;
};

/** Version 1 is the first; later versions add their step here. */
export const CONVERSATIONS_FILE_MIGRATIONS: readonly ConversationsFileMigration[] = [];

export function migrateConversation(
  value: unknown,
  from: number,
  migrations: readonly ConversationsFileMigration[] = CONVERSATIONS_FILE_MIGRATIONS,
): unknown {
  let current = value;
  for (let version = from; version < CONVERSATIONS_FILE_VERSION; version++) {
    const step = migrations.find((m) => m.from === version);
    if (!step || typeof current !== 'object' || current === null) return current;
    current = step.conversation(current as Record<string, unknown>);
  }
  return current;
}

export const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** Where an image goes beside an export: `images/<hash>.<ext>`. */
export const imagePath = (hash: string, mediaType: string) =>
  `images/${hash}.${EXTENSIONS[mediaType] ?? 'bin'}`;
