import { z } from 'zod';

/**
 * Token usage of one provider call, split the way prices are split.
 * `input.uncached` never includes cache reads or writes; `output.text` never includes reasoning.
 * `source` says where the numbers came from: the provider (`reported`), a local count (`estimated`),
 * or only the part that arrived before a stream broke (`partial`).
 */
export const UsageSchema = z.object({
  input: z.object({
    uncached: z.number().int().nonnegative(),
    cacheRead: z.number().int().nonnegative(),
    cacheWrite: z.number().int().nonnegative(),
    /** Anthropic's one-hour cache writes, priced above the five-minute ones. */
    cacheWrite1h: z.number().int().nonnegative().optional(),
  }),
  output: z.object({
    text: z.number().int().nonnegative(),
    reasoning: z.number().int().nonnegative(),
  }),
  source: z.enum(['reported', 'estimated', 'partial']),
});
export type Usage = z.infer<typeof UsageSchema>;

export function emptyUsage(source: Usage['source'] = 'reported'): Usage {
  return { input: { uncached: 0, cacheRead: 0, cacheWrite: 0 }, output: { text: 0, reasoning: 0 }, source };
}

export function totalInputTokens(u: Usage): number {
  return u.input.uncached + u.input.cacheRead + u.input.cacheWrite + (u.input.cacheWrite1h ?? 0);
}

export function totalOutputTokens(u: Usage): number {
  return u.output.text + u.output.reasoning;
}

export const FinishReasonSchema = z.enum([
  'stop',
  'length',
  'tool_calls',
  'content_filter',
  'refusal',
  'error',
]);
export type FinishReason = z.infer<typeof FinishReasonSchema>;

/**
 * Stable error kinds. Everything the core raises, and everything that crosses the bridge, carries one.
 * - the provider kinds from the foundation issue;
 * - `budget`: refused by a budget before anything was sent;
 * - `unconfigured`: no key or base URL for the provider;
 * - `invalid_output`: a structured answer that failed its schema even after one repair;
 * - `interrupted`: an answer that had begun and then broke off (the connection dropped, the stream ended early):
 *   its partial text is kept; what broke it is in the message and `interruptedBy`.
 */
export const ErrorKindSchema = z.enum([
  'authentication',
  'permission',
  'not_found',
  'bad_request',
  'context_length',
  'content_filter',
  'rate_limit',
  'overloaded',
  'server',
  'timeout',
  'connection',
  'aborted',
  'budget',
  'unconfigured',
  'invalid_output',
  'interrupted',
]);
export type ErrorKind = z.infer<typeof ErrorKindSchema>;

export const TimeoutPhaseSchema = z.enum(['connect', 'first_token', 'idle', 'total']);
export type TimeoutPhase = z.infer<typeof TimeoutPhaseSchema>;

/** The serializable face of an error: safe to log, store and send to the renderer (no keys, ever). */
export const ErrorInfoSchema = z.object({
  kind: ErrorKindSchema,
  message: z.string(),
  retryable: z.boolean(),
  retryAfterMs: z.number().nonnegative().optional(),
  status: z.number().int().optional(),
  provider: z.string().optional(),
  model: z.string().optional(),
  requestId: z.string().optional(),
  timeoutPhase: TimeoutPhaseSchema.optional(),
  /** The provider's own error type or code, e.g. `overloaded_error`, `insufficient_quota`. */
  providerCode: z.string().optional(),
  /** What the user can do about it, in a sentence. */
  action: z.string().optional(),
  /** An `interrupted` answer: the kind of failure that broke it off. */
  interruptedBy: ErrorKindSchema.optional(),
  /** After an outage: the model main offers to answer instead (`provider:model`; planning/outage-offer.ts). */
  instead: z.string().max(300).optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;
