import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '@contract/models';
import type { ErrorInfo } from '@contract/usage';
import { offerAfterOutage, type FailedAnswer } from './outage-offer';

const model = (id: string, extra: Partial<ModelInfo> = {}): ModelInfo => ({
  id,
  provider: id.split(':')[0]!,
  model: id.split(':')[1]!,
  displayName: id.split(':')[1]!,
  contextWindow: 100_000,
  maxOutputTokens: 4096,
  capabilities: { vision: true, tools: true, structuredOutput: true, reasoning: false, streaming: true },
  prices: { inputPerM: 1, outputPerM: 2 },
  qualityTier: 4,
  source: 'builtin',
  ...extra,
});

const models = [
  model('anthropic:sonnet'),
  model('anthropic:haiku', { qualityTier: 3, prices: { inputPerM: 0.5, outputPerM: 1 } }),
  model('openai:gpt', { prices: { inputPerM: 2, outputPerM: 8 } }),
  model('openai:nano', { qualityTier: 2, prices: { inputPerM: 0.1, outputPerM: 0.4 } }),
  model('gemini:pro', { prices: { inputPerM: 1.25, outputPerM: 10 } }),
  model('gemini:old', { prices: { inputPerM: 0.01, outputPerM: 0.02 }, deprecated: true }),
  model('groq:llama', { prices: { inputPerM: 0.05, outputPerM: 0.1 } }),
];
const configured = new Set(['anthropic', 'openai', 'gemini']);
const facts = (list: readonly ModelInfo[] = models) => ({
  models: list,
  isConfigured: (provider: string) => configured.has(provider),
});

const overloaded: ErrorInfo = { kind: 'overloaded', message: 'Overloaded', retryable: true };
const failed = (extra: Partial<FailedAnswer> = {}): FailedAnswer => ({
  error: overloaded,
  attempts: [{ model: 'anthropic:sonnet', outcome: 'failed' }],
  chain: ['anthropic:sonnet'],
  needsVision: false,
  ...extra,
});

describe('the model offered after an outage', () => {
  it('is the chain’s next model of another provider that was not tried', () => {
    const chain = ['anthropic:sonnet', 'anthropic:haiku', 'openai:gpt'];
    expect(offerAfterOutage(failed({ chain }), facts())).toBe('openai:gpt');
  });

  it('is never a model already tried (skipped ones included), nor one of a provider that failed', () => {
    const answer = failed({
      chain: ['anthropic:sonnet', 'openai:gpt'],
      attempts: [
        { model: 'anthropic:sonnet', outcome: 'failed' },
        { model: 'openai:gpt', outcome: 'failed' },
      ],
    });
    expect(offerAfterOutage(answer, facts())).toBe('gemini:pro');
    // A skipped model's provider did not fail: its other models may be offered, the skipped one is not.
    const skipped = failed({
      attempts: [
        { model: 'anthropic:sonnet', outcome: 'failed' },
        { model: 'gemini:pro', outcome: 'skipped' },
      ],
    });
    expect(offerAfterOutage(skipped, facts())).toBe('openai:gpt');
  });

  it('is otherwise the cheapest configured, current model of the same quality or better from another provider', () => {
    // groq:llama is cheaper but not configured; gemini:old is cheaper but deprecated.
    expect(offerAfterOutage(failed(), facts())).toBe('gemini:pro');
  });

  it('sees the images when the conversation has some', () => {
    const blind = models.map((m) =>
      m.id === 'gemini:pro' ? model('gemini:pro', { capabilities: { ...m.capabilities, vision: false } }) : m,
    );
    expect(offerAfterOutage(failed({ needsVision: true }), facts(blind))).toBe('openai:gpt');
  });

  it('is one tier below when nothing at the same quality is left, and nothing when no other provider is set up', () => {
    const fewer = models.filter((m) => m.id !== 'openai:gpt' && m.id !== 'gemini:pro');
    expect(offerAfterOutage(failed(), facts(fewer))).toBeUndefined();
    const tierBelow = [...fewer, model('openai:mini', { qualityTier: 3 })];
    expect(offerAfterOutage(failed(), facts(tierBelow))).toBe('openai:mini');
    expect(
      offerAfterOutage(failed(), facts(models.filter((m) => m.provider === 'anthropic'))),
    ).toBeUndefined();
  });

  it('is offered after an outage only: unavailable, overloaded, unreachable, slow or rate-limited, not a refused key', () => {
    for (const kind of ['overloaded', 'server', 'connection', 'timeout', 'rate_limit'] as const)
      expect(offerAfterOutage(failed({ error: { ...overloaded, kind } }), facts())).toBe('gemini:pro');
    for (const kind of ['authentication', 'bad_request', 'context_length', 'unconfigured'] as const)
      expect(offerAfterOutage(failed({ error: { ...overloaded, kind } }), facts())).toBeUndefined();
  });
});
