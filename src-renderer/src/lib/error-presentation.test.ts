import { describe, expect, it } from 'vitest';
import { ERROR_WORDS } from '@contract/error-words';
import type { ErrorKind } from '@contract/usage';
import { errorText, presentError } from './error-presentation';

const info = (kind: ErrorKind, provider?: string) => ({
  kind,
  message: 'x',
  retryable: false,
  ...(provider ? { provider } : {}),
});

describe('presentError', () => {
  it('sends key problems to Settings', () => {
    expect(presentError(info('authentication', 'openai'))).toEqual({
      title: 'openai rejected the API key',
      actions: ['open-settings', 'other-model'],
    });
    expect(presentError(info('unconfigured', 'anthropic')).actions[0]).toBe('open-settings');
  });

  it('offers a retry and another model for transient failures', () => {
    for (const kind of ['rate_limit', 'overloaded', 'server', 'timeout', 'connection'] as const) {
      expect(presentError(info(kind)).actions).toEqual(['retry', 'other-model']);
    }
  });

  it('does not offer a retry that cannot work', () => {
    expect(presentError(info('context_length')).actions).not.toContain('retry');
    expect(presentError(info('budget')).actions).toEqual(['open-budgets']);
  });
});

describe('presentError with the words main uses', () => {
  it('titles every kind with the headline of the table main words its errors with', () => {
    for (const kind of Object.keys(ERROR_WORDS) as ErrorKind[]) {
      expect(presentError(info(kind, 'groq'), () => 'Groq').title).toBe(
        ERROR_WORDS[kind].headline({ provider: 'Groq' }),
      );
    }
  });
});

describe('presentError with provider names', () => {
  it('names the provider as the user knows it', () => {
    const labels: Record<string, string> = { anthropic: 'Anthropic' };
    expect(presentError(info('overloaded', 'anthropic'), (id) => labels[id] ?? id).title).toBe(
      'Anthropic is overloaded',
    );
  });
});

describe('errorText', () => {
  it('adds what to do after the message, once', () => {
    expect(errorText({ kind: 'server', message: 'It failed.', retryable: true, action: 'Try again.' })).toBe(
      'It failed. Try again.',
    );
    expect(
      errorText({ kind: 'server', message: 'It failed. Try again.', retryable: true, action: 'Try again.' }),
    ).toBe('It failed. Try again.');
    expect(errorText({ kind: 'server', message: 'It failed.', retryable: true })).toBe('It failed.');
  });
});
