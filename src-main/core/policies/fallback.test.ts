import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '@contract/usage';
import { fallsBack, requirementsOf, screenCandidates } from './fallback';
import { ALL_CAPABILITIES, candidate } from './test-support';

const image = { type: 'image' as const, source: { kind: 'file' as const, path: '/tmp/a.png' } };

describe('requirements of a request', () => {
  it('sees images, tools (unless turned off), structured output and the room asked for', () => {
    expect(
      requirementsOf(
        {
          messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }, image] }],
          maxOutputTokens: 500,
        },
        1200,
      ),
    ).toEqual({
      images: true,
      tools: false,
      structuredOutput: false,
      inputTokens: 1200,
      maxOutputTokens: 500,
    });
    const tools = [{ name: 't', parameters: {} }];
    expect(requirementsOf({ messages: [], tools }).tools).toBe(true);
    expect(requirementsOf({ messages: [], tools, toolChoice: 'none' }).tools).toBe(false);
    expect(
      requirementsOf({ messages: [], responseFormat: { type: 'json_schema', name: 'x', schema: {} } })
        .structuredOutput,
    ).toBe(true);
  });
});

describe('screening a chain', () => {
  it('keeps the order of the models that fit and says why each other one was skipped', () => {
    const chain = [
      candidate('openai:gpt-3.5-turbo', { capabilities: { ...ALL_CAPABILITIES, structuredOutput: false } }),
      candidate('ollama:llama3.2', { contextWindow: 4096, maxOutputTokens: 1024 }),
      candidate('azure:gpt-4o'),
      candidate('openai:gpt-4.1'),
    ];
    const needs = requirementsOf(
      { messages: [], responseFormat: { type: 'json_schema', name: 'x', schema: {} }, maxOutputTokens: 2000 },
      3500,
    );
    const { eligible, skipped } = screenCandidates(chain, needs, (provider) => provider !== 'azure');
    expect(eligible.map((c) => c.id)).toEqual(['openai:gpt-4.1']);
    expect(skipped.map((s) => [s.candidate.id, s.kind, s.reason])).toEqual([
      ['openai:gpt-3.5-turbo', 'bad_request', 'openai:gpt-3.5-turbo cannot answer to a JSON schema'],
      [
        'ollama:llama3.2',
        'context_length',
        // The output room is capped at what the model can write at most.
        "ollama:llama3.2's context window of 4,096 tokens is too small for about 4,524 tokens (3,500 in, 1,024 out)",
      ],
      ['azure:gpt-4o', 'unconfigured', 'azure is not set up'],
    ]);
  });
});

describe('screening for what the planner already knows', () => {
  it('skips a model marked unavailable (retired) with its verdict, and one whose input limit is too small', () => {
    const chain = [
      candidate('anthropic:claude-sonnet-4-5', {
        unavailable: { kind: 'not_found', reason: 'Claude Sonnet 4.5 was retired on 30 Nov 2026.' },
      }),
      candidate('openai:gpt-5.4-mini', { contextWindow: 400_000, maxInputTokens: 272_000 }),
      candidate('openai:gpt-6-sol', { contextWindow: 1_050_000 }),
    ];
    const { eligible, skipped } = screenCandidates(
      chain,
      { images: false, tools: false, structuredOutput: false, inputTokens: 300_000 },
      () => true,
    );
    expect(eligible.map((c) => c.id)).toEqual(['openai:gpt-6-sol']);
    expect(skipped.map((s) => [s.candidate.id, s.kind, s.reason])).toEqual([
      ['anthropic:claude-sonnet-4-5', 'not_found', 'Claude Sonnet 4.5 was retired on 30 Nov 2026.'],
      [
        'openai:gpt-5.4-mini',
        'context_length',
        'openai:gpt-5.4-mini takes at most 272,000 input tokens, fewer than about 300,000',
      ],
    ]);
  });
});

describe('whether a failure falls back', () => {
  const cases: Array<[ErrorKind, boolean]> = [
    ['overloaded', true],
    ['server', true],
    ['timeout', true],
    ['connection', true],
    ['rate_limit', true],
    ['unconfigured', true],
    ['bad_request', false],
    ['context_length', false],
    ['content_filter', false],
    ['not_found', false],
    ['aborted', false],
    ['budget', false],
    ['authentication', false],
    ['permission', false],
  ];
  it.each(cases)('%s: %s', (kind, expected) => {
    expect(fallsBack({ kind, message: kind, retryable: false }, { fallbackOnAuthError: false })).toBe(
      expected,
    );
  });

  it('falls back on authentication and permission failures when the setting says so', () => {
    for (const kind of ['authentication', 'permission'] as const) {
      expect(fallsBack({ kind, message: kind, retryable: false }, { fallbackOnAuthError: true })).toBe(true);
    }
  });
});
