import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '@contract/models';
import { candidateOf, type CallPlan } from './target';
import { judgeCandidates, verdictError, VERDICT_WORDS, type PlanFacts, type Verdict } from './verdict';

function model(id: string, can: { vision?: boolean; structuredOutput?: boolean } = {}): ModelInfo {
  const [provider, name] = id.split(':') as [string, string];
  return {
    id,
    provider,
    model: name,
    displayName: name.toUpperCase(),
    contextWindow: 1000,
    maxOutputTokens: 200,
    capabilities: {
      vision: can.vision ?? false,
      tools: true,
      structuredOutput: can.structuredOutput ?? true,
      reasoning: false,
      streaming: true,
    },
    prices: null,
    qualityTier: 3,
    source: 'builtin',
  };
}

function plan(...models: ModelInfo[]): CallPlan {
  return {
    candidates: models.map(candidateOf),
    primary: models[0]!,
    params: {},
    routing: 'priority',
    fallbackOnAuthError: false,
    cache: 'auto',
    context: { mode: 'refuse' },
  };
}

const facts = (setUp: string[]): PlanFacts => ({
  isConfigured: (provider) => setUp.includes(provider),
  labelOf: (provider) => provider.charAt(0).toUpperCase() + provider.slice(1),
  modelName: (ref) => ref.split(':')[1]!.toUpperCase(),
});

const text = { images: false, tools: false, structuredOutput: false };
const image = { ...text, images: true };

describe('judgeCandidates', () => {
  it('says nothing when one model of the chain can take the request', () => {
    expect(
      judgeCandidates(plan(model('a:blind'), model('b:sees', { vision: true })), image, facts(['a', 'b'])),
    ).toBeNull();
  });

  it('puts a capability no model has before a provider to set up: no key fixes it', () => {
    const verdict = judgeCandidates(plan(model('a:blind'), model('b:blind')), image, facts([]));
    expect(verdict).toEqual({
      kind: 'missing-capability',
      capability: 'vision',
      model: 'BLIND',
      fallbacks: 1,
    });
    expect(verdictError(verdict!)).toMatchObject({
      kind: 'bad_request',
      message: 'BLIND cannot see images, nor can the models it falls back to.',
    });
  });

  it('names the model that could, and the provider to set up for it', () => {
    const verdict = judgeCandidates(
      plan(model('a:blind'), model('b:sees', { vision: true })),
      image,
      facts(['a']),
    );
    expect(verdictError(verdict!)).toMatchObject({
      kind: 'unconfigured',
      provider: 'b',
      message: 'SEES can see images, but B is not set up yet.',
    });
  });

  it('judges answers to a JSON schema like any other capability', () => {
    const needs = { ...text, structuredOutput: true };
    const verdict = judgeCandidates(plan(model('a:free', { structuredOutput: false })), needs, facts(['a']));
    expect(verdictError(verdict!).message).toBe('FREE cannot answer to a JSON schema.');
  });

  it('names every figure of a context verdict: input, window, room kept for the answer, and the excess', () => {
    const verdict = judgeCandidates(
      plan(model('a:small')),
      { ...text, inputTokens: 900, maxOutputTokens: 150 },
      facts(['a']),
    );
    expect(verdictError(verdict!).message).toBe(
      "The largest image with the prompt is 900 input tokens: SMALL's context window of 1,000 tokens, less 150 kept for the answer, leaves room for 850, 50 too many.",
    );
  });
});

describe('the verdict words', () => {
  it('word every kind with an error kind, a message and what to do', () => {
    const examples: Verdict[] = [
      { kind: 'missing-capability', capability: 'tools', model: 'M', fallbacks: 0 },
      { kind: 'unconfigured', provider: 'p', providerLabel: 'P' },
      {
        kind: 'context',
        subject: 'conversation',
        model: 'M',
        inputTokens: 10,
        contextWindow: 8,
        answerTokens: 2,
      },
      {
        kind: 'budget',
        refusal: { kind: 'budget', message: 'Over.', action: 'Raise it.', retryable: false },
      },
      {
        kind: 'retired',
        model: 'Old',
        provider: 'p',
        retiredOn: '2026-11-30',
        successor: { id: 'p:new', displayName: 'New' },
      },
    ];
    expect(new Set(examples.map((v) => v.kind))).toEqual(new Set(Object.keys(VERDICT_WORDS)));
    for (const verdict of examples) {
      const error = verdictError(verdict);
      expect(error.message).toMatch(/\.$/);
      expect(error.action).toBeTruthy();
      expect(error.retryable).toBe(false);
    }
  });

  it('word a retired model as the catalogue notice does, naming the day and the successor', () => {
    const error = verdictError({
      kind: 'retired',
      model: 'Claude Sonnet 4.5',
      provider: 'anthropic',
      retiredOn: '2026-11-30',
      successor: { id: 'anthropic:claude-sonnet-5-5', displayName: 'Claude Sonnet 5.5' },
    });
    expect(error.kind).toBe('not_found');
    expect(error.message).toBe(
      'Claude Sonnet 4.5 was retired on 30 Nov 2026 and no longer answers. Its successor is Claude Sonnet 5.5.',
    );
    expect(error.action).toBe(
      'Switch to Claude Sonnet 5.5 (one click on the notice), or choose another model.',
    );
  });
});
