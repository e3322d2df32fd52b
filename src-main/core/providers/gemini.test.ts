/**
 * Gemini through its OpenAI-compatible endpoint: thinking budgets in Google's extra_body, listed model ids,
 * RetryInfo delays, and usage where thinking is only in the total.
 */
import { describe, expect, it } from 'vitest';
import { createAdapter } from './registry';
import { KEYS, chatRequests, lastChatBody, useEmulator } from './test-helpers';
import type { ChatRequest, ProviderConfig } from './types';

const emulator = useEmulator();

const config = (): ProviderConfig => ({
  id: 'gemini',
  kind: 'gemini',
  baseURL: emulator().baseURLs.gemini,
  apiKey: KEYS.gemini,
});
const ask: ChatRequest = {
  model: 'gemini-2.5-flash',
  messages: [{ role: 'user', content: 'Think about it' }],
};

describe('Gemini', () => {
  it('sends a thinking budget as thinking_config in extra_body, and effort as reasoning_effort', async () => {
    const adapter = createAdapter(config(), {});
    await adapter.complete({ ...ask, reasoning: { budgetTokens: 1024 }, maxOutputTokens: 2000 });
    expect(lastChatBody(emulator())).toMatchObject({
      max_tokens: 2000,
      extra_body: { google: { thinking_config: { thinking_budget: 1024, include_thoughts: true } } },
    });
    await adapter.complete({ ...ask, reasoning: { effort: 'low' } });
    expect(lastChatBody(emulator())).toMatchObject({ reasoning_effort: 'low' });
    expect(chatRequests(emulator()).at(-1)?.headers['authorization']).toBe(
      `Bearer ****${KEYS.gemini.slice(-4)}`,
    );
  });

  it('lists models by the ids users write, without the models/ prefix', async () => {
    const models = await createAdapter(config(), {}).listModels();
    expect(models.map((m) => m.id)).toEqual([
      'gemini-3.1-pro-preview',
      'gemini-3.5-flash',
      'gemini-2.5-flash',
      'gemini-2.5-flash-lite',
    ]);
  });

  it('waits as long as Google’s RetryInfo says when no retry-after header comes', async () => {
    emulator().script({ fault: { kind: 'rate-limit', retryAfterMs: 34_400, headers: {} } });
    const error = await createAdapter(config(), {})
      .complete(ask)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'rate_limit', retryable: true, providerCode: 'RESOURCE_EXHAUSTED' });
  });

  it('counts thinking that the endpoint leaves out of completion_tokens but puts in the total', async () => {
    const completion = {
      id: 'chatcmpl-g1',
      object: 'chat.completion',
      created: 1,
      model: 'gemini-2.5-flash',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Four.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 40 },
    };
    emulator().script({
      fault: { kind: 'replay', body: JSON.stringify(completion), contentType: 'application/json' },
    });
    const response = await createAdapter(config(), {}).complete(ask);
    expect(response.usage).toEqual({
      input: { uncached: 10, cacheRead: 0, cacheWrite: 0 },
      output: { text: 5, reasoning: 25 },
      source: 'reported',
    });
  });

  it('takes the key from GEMINI_API_KEY, else GOOGLE_API_KEY', async () => {
    const base = { GEMINI_BASE_URL: emulator().baseURLs.gemini };
    await createAdapter(
      { id: 'gemini', kind: 'gemini' },
      { ...base, GOOGLE_API_KEY: 'AIzaGoogleKeyFromEnv9876' },
    ).complete(ask);
    expect(chatRequests(emulator()).at(-1)?.headers['authorization']).toBe('Bearer ****9876');
    await createAdapter(
      { id: 'gemini', kind: 'gemini' },
      { ...base, GOOGLE_API_KEY: 'AIzaGoogleKeyFromEnv9876', GEMINI_API_KEY: 'AIzaGeminiKeyFromEnv5555' },
    ).complete(ask);
    expect(chatRequests(emulator()).at(-1)?.headers['authorization']).toBe('Bearer ****5555');
  });
});
