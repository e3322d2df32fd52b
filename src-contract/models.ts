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
    'A model id is written provider:model, for example openai:gpt-4.1',
  );
export type ModelRef = z.infer<typeof ModelRefSchema>;

export function parseModelRef(ref: string): { provider: string; model: string } {
  const i = ref.indexOf(':');
  if (i <= 0 || i === ref.length - 1) {
    throw new Error(`"${ref}" is not a model id; write it as provider:model, for example openai:gpt-4.1`);
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

/** Prices in US dollars per million tokens, as providers publish them. */
export const PricesSchema = z.object({
  inputPerM: PricePerM,
  outputPerM: PricePerM,
  cacheReadPerM: PricePerM.optional(),
  cacheWritePerM: PricePerM.optional(),
  cacheWrite1hPerM: PricePerM.optional(),
  /** Reasoning tokens, where priced apart from output (rare; output price otherwise). */
  reasoningPerM: PricePerM.optional(),
  batchInputPerM: PricePerM.optional(),
  batchOutputPerM: PricePerM.optional(),
});
export type Prices = z.infer<typeof PricesSchema>;

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
  deprecated: z.boolean().optional(),
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
