/**
 * Other OpenAI-compatible servers: presets (OpenRouter's attribution headers, Groq's key), keyless local servers,
 * and a server without a base URL reported as unconfigured.
 */
import { describe, expect, it } from 'vitest';
import { createAdapter } from './registry';
import { KEYS, PNG_2x1, chatRequests, useEmulator } from './test-helpers';
import type { ChatRequest } from './types';

const emulator = useEmulator();
const ask: ChatRequest = {
  model: 'meta-llama/llama-3.3-70b',
  messages: [{ role: 'user', content: 'hi' }],
  maxOutputTokens: 20,
};

describe('OpenAI-compatible servers', () => {
  it('sends OpenRouter’s attribution headers and the key from OPENROUTER_API_KEY', async () => {
    const env = {
      OPENROUTER_API_KEY: 'sk-or-v1-testOpenRouterKey4242',
      OPENROUTER_BASE_URL: emulator().baseURLs.openai,
    };
    await createAdapter({ id: 'openrouter', kind: 'openai-compatible', preset: 'openrouter' }, env).complete(
      ask,
    );
    const headers = chatRequests(emulator()).at(-1)?.headers ?? {};
    expect(headers['http-referer']).toBeTruthy();
    expect(headers['x-title']).toBe('Modeldesk');
    expect(headers['authorization']).toBe('Bearer ****4242');
  });

  it('uses the configured key and extra headers, and max_tokens for the output limit', async () => {
    const config = {
      id: 'groq',
      kind: 'openai-compatible' as const,
      preset: 'groq' as const,
      baseURL: emulator().baseURLs.openai,
      apiKey: KEYS.groq,
      headers: { 'x-team': 'modeldesk' },
    };
    await createAdapter(config, {}).complete(ask);
    const recorded = chatRequests(emulator()).at(-1);
    expect(recorded?.headers['authorization']).toBe(`Bearer ****${KEYS.groq.slice(-4)}`);
    expect(recorded?.headers['x-team']).toBe('modeldesk');
    expect(recorded?.body).toMatchObject({ max_tokens: 20 });
    expect(recorded?.body).not.toHaveProperty('max_completion_tokens');
  });

  it('refuses an image over Groq’s size before sending (the size the window prepares images to for Groq)', async () => {
    const groq = createAdapter(
      {
        id: 'groq',
        kind: 'openai-compatible',
        preset: 'groq',
        baseURL: emulator().baseURLs.openai,
        apiKey: KEYS.groq,
      },
      {},
    );
    const withImage = (size: number): ChatRequest => ({
      ...ask,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            {
              type: 'image',
              source: {
                kind: 'bytes',
                data: new Uint8Array([...PNG_2x1, ...new Uint8Array(size)]),
                mediaType: 'image/png',
              },
            },
          ],
        },
      ],
    });
    expect(await groq.complete(withImage(3.5 * 1024 * 1024)).catch((e: unknown) => e)).toMatchObject({
      kind: 'bad_request',
      message: expect.stringMatching(
        /^Image 1 is 3\.5 MB; .* accepts images up to 3 MB\. Resize or compress/,
      ),
    });
    expect(emulator().requests).toHaveLength(0);
    await groq.complete(withImage(2.5 * 1024 * 1024));
    expect(chatRequests(emulator())).toHaveLength(1);
  });

  it('needs a key for Groq and a base URL for a custom server, and says so before sending', async () => {
    const groq = createAdapter({ id: 'groq', kind: 'openai-compatible', preset: 'groq' }, {});
    expect(await groq.complete(ask).catch((e: unknown) => e)).toMatchObject({
      kind: 'unconfigured',
      message: expect.stringMatching(/GROQ_API_KEY/),
    });
    const custom = createAdapter({ id: 'mine', kind: 'openai-compatible' }, {});
    expect(await custom.complete(ask).catch((e: unknown) => e)).toMatchObject({
      kind: 'unconfigured',
      message: expect.stringMatching(/base URL/),
    });
    expect(emulator().requests).toHaveLength(0);
  });

  it('talks to a keyless local server (LM Studio) with a placeholder key', async () => {
    await createAdapter(
      { id: 'lmstudio', kind: 'openai-compatible', preset: 'lmstudio', baseURL: emulator().baseURLs.openai },
      {},
    ).complete(ask);
    expect(chatRequests(emulator()).at(-1)?.headers['authorization']).toMatch(/^Bearer \*\*\*\*/);
  });
});
