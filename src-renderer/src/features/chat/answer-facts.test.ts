import { describe, expect, it } from 'vitest';
import type { Message } from '@contract/conversations';
import type { ModelInfo } from '@contract/models';
import type { Profile } from '@contract/profiles';
import { describeAttempts, fallbackOffer, isOutage } from './answer-facts';

const answer = (extra: Partial<Message> = {}): Message => ({
  id: 'm',
  conversationId: 'c',
  role: 'assistant',
  text: '',
  attachments: [],
  createdAt: 1,
  status: 'error',
  ...extra,
});

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
  configured: true,
  ...extra,
});

const profile = (extra: Partial<Profile>): Profile => ({
  id: 'p',
  name: 'P',
  kind: 'model',
  params: {},
  fallback: [],
  routing: 'priority',
  fallbackOnAuthError: false,
  context: { mode: 'refuse' },
  cache: 'auto',
  ...extra,
});

const name = (ref: string) => ref.split(':')[1]!;

describe('describeAttempts', () => {
  it('says which models failed or were skipped, why, and which one answered', () => {
    const message = answer({
      attempts: [
        { model: 'anthropic:sonnet', outcome: 'failed', reason: 'overloaded after 3 attempts' },
        { model: 'openai:mini', outcome: 'skipped', reason: 'no vision' },
        { model: 'openai:gpt', outcome: 'served' },
      ],
    });
    expect(describeAttempts(message, name)).toEqual({
      fellBack: true,
      text: 'sonnet failed (overloaded after 3 attempts), mini was skipped (no vision), so gpt answered',
    });
  });

  it('is null when the first model answered (retries of it are not a fallback)', () => {
    const message = answer({
      attempts: [
        { model: 'openai:gpt', outcome: 'retried', reason: 'rate limited' },
        { model: 'openai:gpt', outcome: 'served' },
      ],
    });
    expect(describeAttempts(message, name)).toBeNull();
    expect(describeAttempts(answer(), name)).toBeNull();
  });

  it('lists the models tried when none answered, but not a lone model (its error says it)', () => {
    const chain = answer({
      attempts: [
        { model: 'anthropic:sonnet', outcome: 'failed', reason: 'overloaded' },
        { model: 'openai:gpt', outcome: 'failed', reason: 'server error' },
      ],
    });
    expect(describeAttempts(chain, name)).toEqual({
      fellBack: false,
      text: 'sonnet failed (overloaded), gpt failed (server error)',
    });
    const alone = answer({
      attempts: [{ model: 'anthropic:sonnet', outcome: 'failed', reason: 'overloaded' }],
    });
    expect(describeAttempts(alone, name)).toBeNull();
  });
});

describe('fallbackOffer', () => {
  const models = [
    model('anthropic:sonnet'),
    model('anthropic:haiku', { qualityTier: 3, prices: { inputPerM: 0.5, outputPerM: 1 } }),
    model('openai:gpt', { prices: { inputPerM: 2, outputPerM: 8 } }),
    model('openai:nano', { qualityTier: 2, prices: { inputPerM: 0.1, outputPerM: 0.4 } }),
    model('gemini:pro', { prices: { inputPerM: 1.25, outputPerM: 10 } }),
    model('groq:llama', { configured: false, prices: { inputPerM: 0.05, outputPerM: 0.1 } }),
  ];

  it('offers the profile’s next model of another provider first', () => {
    const failed = answer({ model: 'anthropic:sonnet' });
    const chain = profile({ model: 'anthropic:sonnet', fallback: ['anthropic:haiku', 'openai:gpt'] });
    expect(fallbackOffer(failed, chain, models, false)?.id).toBe('openai:gpt');
  });

  it('skips every model already tried and every provider that failed', () => {
    const failed = answer({
      model: 'openai:gpt',
      attempts: [
        { model: 'anthropic:sonnet', outcome: 'failed' },
        { model: 'openai:gpt', outcome: 'failed' },
      ],
    });
    const chain = profile({ model: 'anthropic:sonnet', fallback: ['openai:gpt'] });
    expect(fallbackOffer(failed, chain, models, false)?.id).toBe('gemini:pro');
  });

  it('otherwise offers the cheapest configured model of the same quality or better from another provider', () => {
    const failed = answer({ model: 'anthropic:sonnet' });
    expect(fallbackOffer(failed, undefined, models, false)?.id).toBe('gemini:pro');
  });

  it('offers only models that can see the images when the conversation has some', () => {
    const blind = [
      ...models.filter((m) => m.provider !== 'gemini'),
      model('gemini:pro', { capabilities: { ...models[0]!.capabilities, vision: false } }),
    ];
    const failed = answer({ model: 'anthropic:sonnet' });
    expect(fallbackOffer(failed, undefined, blind, true)?.id).toBe('openai:gpt');
  });

  it('offers nothing when no other provider is set up', () => {
    const failed = answer({ model: 'anthropic:sonnet' });
    expect(
      fallbackOffer(
        failed,
        undefined,
        models.filter((m) => m.provider === 'anthropic'),
        false,
      ),
    ).toBeUndefined();
  });
});

describe('isOutage', () => {
  it('counts unavailable, overloaded, unreachable, slow and rate-limited providers, not a refused key', () => {
    expect(isOutage({ kind: 'overloaded', message: '', retryable: true })).toBe(true);
    expect(isOutage({ kind: 'server', message: '', retryable: true })).toBe(true);
    expect(isOutage({ kind: 'authentication', message: '', retryable: false })).toBe(false);
  });
});
