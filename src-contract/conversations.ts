import { z } from 'zod';
import { ErrorInfoSchema, FinishReasonSchema, UsageSchema } from './usage';
import { ToolCallRecordSchema } from './tools';

export const AttachmentSchema = z.object({
  /** sha256 of the bytes, hex: images are stored once by content. */
  hash: z
    .string()
    .max(64)
    .regex(/^[a-f0-9]{64}$/),
  mediaType: z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp']),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().positive(),
  name: z.string().optional(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

/** One step of how an answer was served: each model tried, in order, and what became of it. */
export const AttemptSchema = z.object({
  model: z.string(),
  outcome: z.enum(['served', 'skipped', 'failed', 'retried']),
  /** Why it was skipped or failed: `no vision`, `context too small`, `overloaded after 3 attempts`... */
  reason: z.string().optional(),
  errorKind: z.string().optional(),
  costMicros: z.number().int().nullable().optional(),
});
export type Attempt = z.infer<typeof AttemptSchema>;

export const MessageStatusSchema = z.enum(['complete', 'streaming', 'interrupted', 'stopped', 'error']);
export type MessageStatus = z.infer<typeof MessageStatusSchema>;

export const MessageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  role: z.enum(['user', 'assistant', 'system', 'summary']),
  text: z.string(),
  thinking: z.string().optional(),
  attachments: z.array(AttachmentSchema).default([]),
  createdAt: z.number(),
  status: MessageStatusSchema,
  pinned: z.boolean().optional(),
  /** Assistant answers only. */
  model: z.string().optional(),
  profileId: z.string().optional(),
  /** Why Auto picked this model, when it did. */
  autoReason: z.string().optional(),
  attempts: z.array(AttemptSchema).optional(),
  finishReason: FinishReasonSchema.optional(),
  usage: UsageSchema.optional(),
  /** Integer micro-dollars; null when a price is unknown. Retries and fallbacks included. */
  costMicros: z.number().int().nullable().optional(),
  cached: z.boolean().optional(),
  ttftMs: z.number().optional(),
  totalMs: z.number().optional(),
  error: ErrorInfoSchema.optional(),
  /** The parsed structured answer, when a JSON schema was asked for. */
  structured: z.unknown().optional(),
  /** Left out of the next call by the context strategy (dropped or summarized). */
  excluded: z.enum(['dropped', 'summarized']).optional(),
  /** Assistant answers that used tools: each call, in order, and the text of each model round (`text` joins them). */
  toolCalls: z.array(ToolCallRecordSchema).optional(),
  roundTexts: z.array(z.string()).optional(),
});
export type Message = z.infer<typeof MessageSchema>;

export const ConversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  profileId: z.string().optional(),
  /** A model chosen for this conversation, overriding its profile's. */
  model: z.string().optional(),
  messageCount: z.number().int().nonnegative(),
  /** Sum of its messages' costs in micro-dollars; `costUnknown` when any price is unknown. */
  costMicros: z.number().int().nonnegative(),
  costUnknown: z.boolean(),
  deletedAt: z.number().optional(),
  draft: z.string().optional(),
});
export type Conversation = z.infer<typeof ConversationSchema>;
