/**
 * Facts about a model that the price dataset does not carry: maximum output, input limit, what it can do
 * (vision, tools, structured output, reasoning) and a display name. They come from other dated MIT snapshots
 * (models.dev, LiteLLM) when the catalogue is generated, and from the current catalogue when it is refreshed at
 * run time. Each figure keeps the name of the source it came from.
 */
import type { Capabilities } from '@contract/models';

export type Facts = {
  displayName?: string;
  contextWindow?: number;
  maxInputTokens?: number;
  maxOutputTokens?: number;
  capabilities?: Partial<Omit<Capabilities, 'streaming'>>;
};

export type FactField =
  'displayName' | 'contextWindow' | 'maxInputTokens' | 'maxOutputTokens' | 'capabilities';

export type FoundFacts = {
  facts: Facts;
  source: string;
  /** Where a figure came from when it was not `source` itself (a refreshed catalogue keeps each figure's own). */
  sources?: Partial<Record<FactField, string>>;
};

export type FactSource = {
  /** How figures from it are labelled, e.g. `models.dev 2026-07-02`. */
  name: string;
  date?: string;
  license: string;
  /** The facts of the first of `ids` the source knows, for a catalogue provider. */
  lookup(provider: string, ids: readonly string[]): FoundFacts | undefined;
};

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** models.dev's provider ids for the catalogue's. */
const MODELS_DEV_PROVIDER: Readonly<Record<string, string>> = {
  anthropic: 'anthropic',
  openai: 'openai',
  gemini: 'google',
  groq: 'groq',
  openrouter: 'openrouter',
};

/** models.dev's `api.json` shape: provider → `models` keyed by id, with `limit` and capability flags. */
export function modelsDevFacts(data: unknown, name: string, date?: string): FactSource {
  const root = isObject(data) ? data : {};
  return {
    name,
    ...(date ? { date } : {}),
    license: 'MIT (models.dev)',
    lookup(provider, ids) {
      const models = (root[MODELS_DEV_PROVIDER[provider] ?? ''] as Json | undefined)?.models;
      if (!isObject(models)) return undefined;
      for (const id of ids) {
        const model = models[id];
        if (!isObject(model)) continue;
        const limit = isObject(model.limit) ? model.limit : {};
        const modalities = isObject(model.modalities) ? model.modalities : {};
        const input = Array.isArray(modalities.input) ? modalities.input : undefined;
        const facts: Facts = compact({
          displayName: typeof model.name === 'string' ? model.name.replace(/\s*\(latest\)$/, '') : undefined,
          contextWindow: positiveInt(limit.context),
          maxInputTokens: positiveInt(limit.input),
          maxOutputTokens: positiveInt(limit.output),
          capabilities: compact({
            vision: input ? input.includes('image') : undefined,
            tools: bool(model.tool_call),
            structuredOutput: bool(model.structured_output),
            reasoning: bool(model.reasoning),
          }),
        });
        return { facts, source: `${name} (${id})` };
      }
      return undefined;
    },
  };
}

/** How LiteLLM keys a catalogue provider's models. */
const LITELLM_PREFIX: Readonly<Record<string, string>> = {
  anthropic: '',
  openai: '',
  gemini: 'gemini/',
  groq: 'groq/',
  openrouter: 'openrouter/',
};

/**
 * LiteLLM's `model_prices_and_context_window.json`: one flat object keyed by (prefixed) model id. A missing
 * `supports_*` flag means "no" there (LiteLLM's own `supports_reasoning()` answers false for it).
 */
export function litellmFacts(data: unknown, name: string, date?: string): FactSource {
  const root = isObject(data) ? data : {};
  return {
    name,
    ...(date ? { date } : {}),
    license: 'MIT (LiteLLM, Berri AI)',
    lookup(provider, ids) {
      const prefix = LITELLM_PREFIX[provider];
      if (prefix === undefined) return undefined;
      for (const id of ids) {
        const model = root[`${prefix}${id}`];
        if (!isObject(model) || model.mode !== 'chat') continue;
        const facts: Facts = compact({
          maxInputTokens: positiveInt(model.max_input_tokens),
          maxOutputTokens: positiveInt(model.max_output_tokens),
          capabilities: {
            vision: model.supports_vision === true,
            tools: model.supports_function_calling === true,
            structuredOutput: model.supports_response_schema === true,
            reasoning: model.supports_reasoning === true,
          },
        });
        return { facts, source: `${name} (${prefix}${id})` };
      }
      return undefined;
    },
  };
}
