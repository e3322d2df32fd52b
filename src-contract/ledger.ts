import { z } from 'zod';
import { PricesSchema } from './models';
import { ErrorKindSchema, UsageSchema } from './usage';

/** A time in ms since 1970, within what a Date can hold (±8.64e15 ms: about 275,000 years either way). */
export const InstantSchema = z
  .number()
  .min(-8.64e15, 'A time is at least -8.64e15 ms (the earliest a Date holds)')
  .max(8.64e15, 'A time is at most 8.64e15 ms (the latest a Date holds)');

/**
 * One record per provider call: failed attempts, retries, fallbacks, cached answers and aborted streams included.
 * Append-only. Costs are integer micro-dollars; null means unknown (no price), never zero.
 */
export const LedgerRecordSchema = z.object({
  id: z.string(),
  ts: z.number(),
  /** All attempts made for one user request share it. */
  requestId: z.string(),
  attempt: z.number().int().positive(),
  /** primary: the first model; retry: the same model again; fallback: a later model of the chain. */
  /** tool_round: a model round after tool calls, in an answer that used tools (its first round is primary). */
  role: z.enum(['primary', 'retry', 'fallback', 'summary', 'repair', 'probe', 'tool_round']),
  purpose: z.enum(['chat', 'batch', 'summary', 'repair', 'title']).default('chat'),
  conversationId: z.string().optional(),
  messageId: z.string().optional(),
  batchJobId: z.string().optional(),
  batchItemId: z.string().optional(),
  profileId: z.string().optional(),
  provider: z.string(),
  model: z.string(),
  outcome: z.enum(['ok', 'error', 'aborted', 'interrupted', 'cached']),
  errorKind: ErrorKindSchema.optional(),
  /** Why this model was tried after the one before (fallback), or why it was skipped. */
  reason: z.string().optional(),
  usage: UsageSchema,
  /** The prices used, as they were at the time of the call. */
  prices: PricesSchema.nullable(),
  costMicros: z.number().int().nonnegative().nullable(),
  /**
   * The long-context tier the call was billed at: the input threshold it was above (272000 for GPT-6's); null
   * when the base rates applied. Absent on records written before tiers were recorded.
   */
  priceTier: z.number().int().positive().nullable().optional(),
  /** For a cached answer: what the original call cost, i.e. what the cache saved. */
  savedMicros: z.number().int().nonnegative().nullable().optional(),
  ttftMs: z.number().nonnegative().optional(),
  totalMs: z.number().nonnegative().optional(),
});
export type LedgerRecord = z.infer<typeof LedgerRecordSchema>;

export const BucketSchema = z.enum(['day', 'week', 'month']);
export type Bucket = z.infer<typeof BucketSchema>;

export const GroupBySchema = z.enum(['bucket', 'provider', 'model', 'profile', 'conversation', 'outcome']);
export type GroupBy = z.infer<typeof GroupBySchema>;

export const AggregateRowSchema = z.object({
  key: z.string(),
  requests: z.number().int(),
  errors: z.number().int(),
  costMicros: z.number().int(),
  /** Calls whose cost is unknown: the total is a lower bound when this is above zero. */
  unknownCostCalls: z.number().int(),
  savedMicros: z.number().int(),
  inputUncached: z.number().int(),
  inputCacheRead: z.number().int(),
  inputCacheWrite: z.number().int(),
  outputText: z.number().int(),
  outputReasoning: z.number().int(),
});
export type AggregateRow = z.infer<typeof AggregateRowSchema>;

export const BudgetsSchema = z.object({
  /** Monthly limit in micro-dollars; absent: no monthly budget. */
  monthlyMicros: z.number().int().positive().optional(),
  perConversationMicros: z.number().int().positive().optional(),
  /** Warn at this percentage of a budget. */
  warnAtPercent: z.number().int().min(1).max(100).default(80),
  /** Until this time, calls go through even at 100 % (the user overrode). */
  overrideUntil: InstantSchema.optional(),
});
export type Budgets = z.infer<typeof BudgetsSchema>;

export const BudgetStatusSchema = z.object({
  scope: z.enum(['monthly', 'conversation']),
  limitMicros: z.number().int(),
  spentMicros: z.number().int(),
  reservedMicros: z.number().int(),
  warnAtPercent: z.number().int(),
  state: z.enum(['ok', 'warning', 'exceeded']),
});
export type BudgetStatus = z.infer<typeof BudgetStatusSchema>;
