/**
 * The emulator's `/v1/models` listings, shaped as the real APIs document them (../shared/specs) and as the
 * SDKs type them:
 * - Anthropic `ModelInfo`: `max_input_tokens`, `max_tokens` and `capabilities` (spec), plus `lifecycle`,
 *   `retires_at`, `deprecated_at` and `line` (`@anthropic-ai/sdk` 1.17). Like the API, retired models are listed
 *   only when `lifecycle[]=retired` is asked for.
 * - OpenAI `Model`: `id`, `object`, `created`, `owned_by` and `shutdown_date` (null while none is announced).
 * The figures are the emulator's stand-in data, chosen to match the catalogue; they are not a provider's word.
 */
import type { EmulatorProtocol } from './types';

type Json = Record<string, unknown>;

type AnthropicListed = {
  id: string;
  display_name: string;
  created_at: string;
  max_input_tokens: number;
  max_tokens: number;
  vision: boolean;
  thinking: boolean;
  lifecycle: 'active' | 'deprecated' | 'retired';
  retires_at: string | null;
  deprecated_at: string | null;
  line: 'haiku' | 'sonnet' | 'opus' | 'fable' | 'mythos' | null;
};

const ANTHROPIC_MODELS: AnthropicListed[] = [
  {
    id: 'claude-sonnet-5-5',
    display_name: 'Claude Sonnet 5.5',
    created_at: '2026-11-18T00:00:00Z',
    max_input_tokens: 1_000_000,
    max_tokens: 96_000,
    vision: true,
    thinking: true,
    lifecycle: 'active',
    retires_at: null,
    deprecated_at: null,
    line: 'sonnet',
  },
  {
    id: 'claude-opus-5-5',
    display_name: 'Claude Opus 5.5',
    created_at: '2026-09-10T00:00:00Z',
    max_input_tokens: 1_000_000,
    max_tokens: 128_000,
    vision: true,
    thinking: true,
    lifecycle: 'active',
    retires_at: null,
    deprecated_at: null,
    line: 'opus',
  },
  {
    id: 'claude-sonnet-5',
    display_name: 'Claude Sonnet 5',
    created_at: '2026-06-30T00:00:00Z',
    max_input_tokens: 1_000_000,
    max_tokens: 128_000,
    vision: true,
    thinking: true,
    lifecycle: 'active',
    retires_at: null,
    deprecated_at: null,
    line: 'sonnet',
  },
  {
    id: 'claude-sonnet-4-6',
    display_name: 'Claude Sonnet 4.6',
    created_at: '2026-02-17T00:00:00Z',
    max_input_tokens: 1_000_000,
    max_tokens: 64_000,
    vision: true,
    thinking: true,
    lifecycle: 'active',
    retires_at: null,
    deprecated_at: null,
    line: 'sonnet',
  },
  {
    id: 'claude-haiku-4-5-20251001',
    display_name: 'Claude Haiku 4.5',
    created_at: '2025-10-01T00:00:00Z',
    max_input_tokens: 200_000,
    max_tokens: 64_000,
    vision: true,
    thinking: true,
    lifecycle: 'active',
    retires_at: null,
    deprecated_at: null,
    line: 'haiku',
  },
  {
    id: 'claude-opus-4-5-20251101',
    display_name: 'Claude Opus 4.5',
    created_at: '2025-11-01T00:00:00Z',
    max_input_tokens: 200_000,
    max_tokens: 64_000,
    vision: true,
    thinking: true,
    lifecycle: 'deprecated',
    retires_at: '2027-01-22T00:00:00Z',
    deprecated_at: '2026-11-23T00:00:00Z',
    line: 'opus',
  },
  {
    id: 'claude-sonnet-4-5-20250929',
    display_name: 'Claude Sonnet 4.5',
    created_at: '2025-09-29T00:00:00Z',
    max_input_tokens: 200_000,
    max_tokens: 64_000,
    vision: true,
    thinking: true,
    lifecycle: 'retired',
    retires_at: '2026-11-30T00:00:00Z',
    deprecated_at: '2026-09-30T00:00:00Z',
    line: 'sonnet',
  },
];

const support = (supported: boolean) => ({ supported });

function anthropicCapabilities(model: AnthropicListed): Json {
  return {
    batch: support(true),
    citations: support(true),
    code_execution: support(true),
    context_management: {
      supported: true,
      clear_thinking_20251015: support(model.thinking),
      clear_tool_uses_20250919: support(true),
      compact_20260112: support(true),
    },
    effort: {
      supported: true,
      low: support(true),
      medium: support(true),
      high: support(true),
      max: support(true),
      xhigh: support(model.line !== 'haiku'),
    },
    image_input: support(model.vision),
    pdf_input: support(true),
    server_tools: { supported: true, code_execution: support(true), web_search: support(true) },
    structured_outputs: support(true),
    thinking: {
      supported: model.thinking,
      types: {
        adaptive: support(model.thinking),
        enabled: support(model.thinking),
        disabled: support(true),
        between_tools: support(model.thinking),
      },
    },
  };
}

/** `GET /v1/models` of the Messages API, filtered by `lifecycle[]` as the API filters it. */
export function anthropicModels(query: URLSearchParams = new URLSearchParams()): unknown {
  const asked = [...query.getAll('lifecycle[]'), ...query.getAll('lifecycle')].flatMap((v) => v.split(','));
  const stages = new Set(asked.length > 0 ? asked : ['active', 'deprecated']);
  const data = ANTHROPIC_MODELS.filter((m) => stages.has(m.lifecycle)).map((model) => ({
    type: 'model',
    id: model.id,
    display_name: model.display_name,
    created_at: model.created_at,
    max_input_tokens: model.max_input_tokens,
    max_tokens: model.max_tokens,
    capabilities: anthropicCapabilities(model),
    lifecycle: model.lifecycle,
    retires_at: model.retires_at,
    deprecated_at: model.deprecated_at,
    line: model.line,
  }));
  return {
    data,
    has_more: false,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
  };
}

type Flavour = Exclude<EmulatorProtocol, 'anthropic' | 'ollama'>;

const OPENAI_MODELS: Record<Flavour, Array<{ id: string; shutdown?: string }>> = {
  openai: [
    { id: 'gpt-6-sol' },
    { id: 'gpt-6-luna' },
    { id: 'gpt-5.4-mini' },
    { id: 'gpt-5', shutdown: '2026-12-11' },
    { id: 'gpt-4.1', shutdown: '2027-01-14' },
    { id: 'gpt-4o', shutdown: '2027-01-14' },
  ],
  azure: [{ id: 'gpt-4o' }, { id: 'gpt-4.1' }],
  gemini: [
    { id: 'models/gemini-3.1-pro-preview' },
    { id: 'models/gemini-3.5-flash' },
    { id: 'models/gemini-2.5-flash' },
    { id: 'models/gemini-2.5-flash-lite' },
  ],
  'ollama-openai': [{ id: 'llama3.2:latest' }, { id: 'qwen3:8b' }, { id: 'llava:latest' }],
};

const OWNED_BY: Record<Flavour, string> = {
  openai: 'openai',
  azure: 'system',
  gemini: 'google',
  'ollama-openai': 'library',
};

/** `GET /v1/models` of an OpenAI-compatible API; OpenAI's own entries carry `shutdown_date`. */
export function openAIModels(flavour: Flavour): unknown {
  return {
    object: 'list',
    data: OPENAI_MODELS[flavour].map((model) => ({
      id: model.id,
      object: 'model',
      created: 1_715_367_049,
      owned_by: OWNED_BY[flavour],
      ...(flavour === 'openai' ? { shutdown_date: model.shutdown ?? null } : {}),
    })),
  };
}
