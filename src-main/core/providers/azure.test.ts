/**
 * Azure OpenAI: deployment URLs with the api-version, api-key or Entra bearer auth, Azure's stream quirks.
 */
import { describe, expect, it } from 'vitest';
import { createAdapter } from './registry';
import { KEYS, chatRequests, collect, finalResponse, useEmulator } from './test-helpers';
import type { ChatRequest, ProviderConfig } from './types';

const emulator = useEmulator();

const config = (
  azure: Partial<NonNullable<ProviderConfig['azure']>> = {},
  apiKey?: string,
): ProviderConfig => ({
  id: 'azure',
  kind: 'azure',
  ...(apiKey ? { apiKey } : {}),
  azure: {
    endpoint: emulator().baseURLs.azureEndpoint,
    apiVersion: '2024-10-21',
    deployments: { 'gpt-4o': 'prod-gpt4o', o3: 'reasoning-o3' },
    ...azure,
  },
});
const ask = (model: string): ChatRequest => ({
  model,
  messages: [{ role: 'user', content: 'Hello Azure' }],
  maxOutputTokens: 64,
});

describe('Azure OpenAI', () => {
  it('calls the deployment URL with the api-version and the api-key header', async () => {
    const response = await createAdapter(config({}, KEYS.azure), {}).complete(ask('gpt-4o'));
    expect(response.text).toContain('Hello Azure');
    const recorded = chatRequests(emulator()).at(-1);
    expect(recorded?.path).toBe('/openai/deployments/prod-gpt4o/chat/completions');
    expect(recorded?.query).toEqual({ 'api-version': '2024-10-21' });
    expect(recorded?.headers['api-key']).toBe(`****${KEYS.azure.slice(-4)}`);
    expect(recorded?.headers).not.toHaveProperty('authorization');
    expect(recorded?.body).toMatchObject({ model: 'prod-gpt4o', max_tokens: 64 });
  });

  it('sends max_completion_tokens to reasoning deployments and a model without a deployment by its own name', async () => {
    const adapter = createAdapter(config({}, KEYS.azure), {});
    await adapter.complete(ask('o3'));
    expect(chatRequests(emulator()).at(-1)?.body).toMatchObject({
      model: 'reasoning-o3',
      max_completion_tokens: 64,
    });
    await adapter.complete(ask('gpt-4.1-mini'));
    expect(chatRequests(emulator()).at(-1)?.path).toBe('/openai/deployments/gpt-4.1-mini/chat/completions');
  });

  it('authenticates with a Microsoft Entra token as a bearer instead of a key', async () => {
    const token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.entra-token-payload.signature0123';
    await createAdapter(config({ entraToken: token }), {}).complete(ask('gpt-4o'));
    const headers = chatRequests(emulator()).at(-1)?.headers ?? {};
    expect(headers['authorization']).toBe(`Bearer ****${token.slice(-4)}`);
    expect(headers).not.toHaveProperty('api-key');
  });

  it('skips the leading prompt-filter chunk: the model comes from the real chunks, nothing is lost', async () => {
    emulator().script({ reply: { text: 'Filtered fine', model: 'gpt-4o-2024-11-20' } });
    const events = await collect(createAdapter(config({}, KEYS.azure), {}).stream(ask('gpt-4o')));
    const response = finalResponse(events);
    expect(response.model).toBe('gpt-4o-2024-11-20');
    expect(response.id).toMatch(/^chatcmpl-/);
    expect(response.text).toBe('Filtered fine');
  });

  it('is unconfigured without an endpoint or credentials, and says which', async () => {
    const noEndpoint = createAdapter({ id: 'azure', kind: 'azure', apiKey: KEYS.azure }, {});
    expect(await noEndpoint.complete(ask('gpt-4o')).catch((e: unknown) => e)).toMatchObject({
      kind: 'unconfigured',
      message: expect.stringMatching(/endpoint/),
    });
    const noKey = createAdapter(config(), {});
    expect(await noKey.complete(ask('gpt-4o')).catch((e: unknown) => e)).toMatchObject({
      kind: 'unconfigured',
      message: expect.stringMatching(/API key or Microsoft Entra token/),
    });
    expect(emulator().requests).toHaveLength(0);
  });

  it('takes endpoint, key and api-version from the SDK environment variables', async () => {
    const env = {
      AZURE_OPENAI_ENDPOINT: emulator().baseURLs.azureEndpoint,
      AZURE_OPENAI_API_KEY: KEYS.azure,
      OPENAI_API_VERSION: '2025-01-01-preview',
    };
    await createAdapter({ id: 'azure', kind: 'azure' }, env).complete(ask('gpt-4o'));
    expect(chatRequests(emulator()).at(-1)?.query).toEqual({ 'api-version': '2025-01-01-preview' });
  });
});
