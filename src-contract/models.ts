import { z } from 'zod';

/** Which adapter speaks to a provider. Presets (OpenRouter, Groq, LM Studio...) map onto these. */
export const ProviderKindSchema = z.enum([
  'anthropic',
  'openai',
  'azure',
  'gemini',
  'ollama',
  'openai-compatible',
]);
export type ProviderKind = z.infer<typeof ProviderKindSchema>;

export const ProviderPresetSchema = z.enum([
  'anthropic',
  'openai',
  'azure',
  'gemini',
  'ollama',
  'lmstudio',
  'vllm',
  'llamacpp',
  'openrouter',
  'groq',
  'custom',
]);
export type ProviderPreset = z.infer<typeof ProviderPresetSchema>;

/** `provider:model`, for example `anthropic:claude-sonnet-4-5`. The provider part is a configured provider id. */
export const ModelRefSchema = z
  .string()
  .max(300, 'A model id is at most 300 characters')
  .regex(
    /^[a-z0-9][a-z0-9._-]*:[^\s]+$/i,
    'A model id is written provider:model, for example openai:gpt-6-sol',
  );
export type ModelRef = z.infer<typeof ModelRefSchema>;

export function parseModelRef(ref: string): { provider: string; model: string } {
  const i = ref.indexOf(':');
  if (i <= 0 || i === ref.length - 1) {
    throw new Error(`"${ref}" is not a model id; write it as provider:model, for example openai:gpt-6-sol`);
  }
  return { provider: ref.slice(0, i), model: ref.slice(i + 1) };
}

export const CapabilitiesSchema = z.object({
  vision: z.boolean(),
  tools: z.boolean(),
  structuredOutput: z.boolean(),
  reasoning: z.boolean(),
  streaming: z.boolean(),
});
export type Capabilities = z.infer<typeof CapabilitiesSchema>;

/** A price in US dollars per million tokens: at most $1,000,000 (no model costs a dollar a token). */
const PricePerM = z.number().nonnegative().max(1_000_000, 'A price is at most $1,000,000 per million tokens');

/** Rates in US dollars per million tokens, as providers publish them. */
const RatesShape = {
  inputPerM: PricePerM,
  outputPerM: PricePerM,
  cacheReadPerM: PricePerM.optional(),
  cacheWritePerM: PricePerM.optional(),
  cacheWrite1hPerM: PricePerM.optional(),
  /** Reasoning tokens, where priced apart from output (rare; output price otherwise). */
  reasoningPerM: PricePerM.optional(),
  batchInputPerM: PricePerM.optional(),
  batchOutputPerM: PricePerM.optional(),
};

/**
 * A long-context tier: a request whose input (uncached, cache reads and cache writes together) is above
 * `aboveInputTokens` is billed, all of it, at the tier's rates (a cliff, not a marginal rate: GPT-6 above 272k,
 * Gemini Pro above 200k, Claude's long context above 200k). A rate the tier does not name stays the base rate.
 */
export const PriceTierSchema = z.object({
  aboveInputTokens: z.number().int().positive().max(1_000_000_000),
  inputPerM: RatesShape.inputPerM.optional(),
  outputPerM: RatesShape.outputPerM.optional(),
  cacheReadPerM: RatesShape.cacheReadPerM,
  cacheWritePerM: RatesShape.cacheWritePerM,
  cacheWrite1hPerM: RatesShape.cacheWrite1hPerM,
  reasoningPerM: RatesShape.reasoningPerM,
  batchInputPerM: RatesShape.batchInputPerM,
  batchOutputPerM: RatesShape.batchOutputPerM,
});
export type PriceTier = z.infer<typeof PriceTierSchema>;

/** Prices in US dollars per million tokens, as providers publish them, with long-context tiers if any. */
export const PricesSchema = z.object({
  ...RatesShape,
  tiers: z.array(PriceTierSchema).max(8).optional(),
});
export type Prices = z.infer<typeof PricesSchema>;

/**
 * Where a model is in its provider's lifecycle. `deprecated`: still answers but is headed for retirement (closed
 * to new choices where the provider says so); `retired`: requests naming it fail. Dates are YYYY-MM-DD.
 */
export const LifecycleSchema = z.object({
  status: z.enum(['active', 'deprecated', 'retired']),
  deprecatedOn: z.string().max(40).optional(),
  /** The announced retirement (shutdown) date; past for a retired model. */
  retiresOn: z.string().max(40).optional(),
  /** The model to use instead (`provider:model`), with its name. */
  successor: z.object({ id: z.string().max(300), displayName: z.string().max(300) }).optional(),
  /** What the window says about it, worded by main ("… was retired on 30 Nov 2026 … Its successor is …"). */
  notice: z.string().max(2000).optional(),
  /** Where the dates come from. */
  source: z.string().max(2000).optional(),
});
export type Lifecycle = z.infer<typeof LifecycleSchema>;

/** A price change the catalogue knows is coming (a provider's announced increase or cut). */
export const ScheduledPricesSchema = z.object({ from: z.string().max(40), prices: PricesSchema });
export type ScheduledPrices = z.infer<typeof ScheduledPricesSchema>;

export const ModelInfoSchema = z.object({
  id: ModelRefSchema,
  provider: z.string().max(100),
  model: z.string().max(300),
  displayName: z.string().max(300),
  contextWindow: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive(),
  capabilities: CapabilitiesSchema,
  /** null: the price is unknown and every cost of this model is unknown, never $0. */
  prices: PricesSchema.nullable(),
  /** 1 (small, local) to 5 (frontier); Auto's quality floor compares against it. */
  qualityTier: z.number().int().min(1).max(5),
  source: z.enum(['builtin', 'custom', 'discovered']),
  /** Whether its provider is configured (has a key or needs none) right now. */
  configured: z.boolean().optional(),
  /** Deprecated or retired (see `lifecycle`): kept out of new choices where retired. */
  deprecated: z.boolean().optional(),
  lifecycle: LifecycleSchema.optional(),
  /** Prices the catalogue knows will change on a later date. */
  upcomingPrices: ScheduledPricesSchema.optional(),
  /** The most input tokens the provider accepts, where it is less than the context window (OpenAI's 272k). */
  maxInputTokens: z.number().int().positive().optional(),
  /** Figures that came from the provider's own model listing rather than the catalogue. */
  listed: z.boolean().optional(),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

export const HealthStateSchema = z.enum(['ok', 'degraded', 'down', 'unconfigured', 'unknown']);
export type HealthState = z.infer<typeof HealthStateSchema>;

export const ProviderHealthSchema = z.object({
  provider: z.string(),
  state: HealthStateSchema,
  /** Circuit breaker: closed (normal), open (refusing), half-open (probing). */
  circuit: z.enum(['closed', 'open', 'half-open']),
  checkedAt: z.number().optional(),
  latencyMs: z.number().optional(),
  errorRate: z.number().min(0).max(1).optional(),
  message: z.string().optional(),
});
export type ProviderHealth = z.infer<typeof ProviderHealthSchema>;
