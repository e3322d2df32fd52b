import { z } from 'zod';
import { AttachmentSchema } from './conversations';
import { ErrorInfoSchema, UsageSchema } from './usage';

export const BatchItemStatusSchema = z.enum(['pending', 'running', 'done', 'failed', 'cancelled']);
export type BatchItemStatus = z.infer<typeof BatchItemStatusSchema>;

export const BatchItemSchema = z.object({
  id: z.string(),
  jobId: z.string(),
  index: z.number().int().nonnegative(),
  attachment: AttachmentSchema,
  status: BatchItemStatusSchema,
  answer: z.string().optional(),
  structured: z.unknown().optional(),
  model: z.string().optional(),
  usage: UsageSchema.optional(),
  costMicros: z.number().int().nullable().optional(),
  attempts: z.number().int().nonnegative().default(0),
  error: ErrorInfoSchema.optional(),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
});
export type BatchItem = z.infer<typeof BatchItemSchema>;

export const BatchJobSchema = z.object({
  id: z.string(),
  title: z.string(),
  prompt: z.string(),
  profileId: z.string().optional(),
  model: z.string().optional(),
  schema: z.record(z.string(), z.unknown()).optional(),
  concurrency: z.number().int().min(1).max(16),
  status: z.enum(['draft', 'running', 'paused', 'completed', 'cancelled']),
  createdAt: z.number(),
  updatedAt: z.number(),
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  costMicros: z.number().int(),
  costUnknown: z.boolean(),
  /** Estimated milliseconds left, from the pace so far. */
  etaMs: z.number().optional(),
});
export type BatchJob = z.infer<typeof BatchJobSchema>;
