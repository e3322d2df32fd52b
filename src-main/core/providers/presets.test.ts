/** Presets and settings: config over environment over preset defaults, what is missing, and no secret shown. */
import { describe, expect, it } from 'vitest';
import { PRESETS, normalizeOllamaHost, resolveSettings } from './presets';
import { describeProvider } from './registry';

describe('resolveSettings', () => {
  it('takes the config first, then the SDK environment variables, then the preset', () => {
    const env = { OPENAI_API_KEY: 'sk-env-key-1111', OPENAI_BASE_URL: 'https://proxy.example/v1/' };
    expect(resolveSettings({ id: 'o', kind: 'openai' }, env)).toMatchObject({
      baseURL: 'https://proxy.example/v1',
      apiKey: 'sk-env-key-1111',
      label: 'OpenAI',
    });
    expect(
      resolveSettings({ id: 'o', kind: 'openai', apiKey: 'sk-config-2222', baseURL: 'http://x/v1' }, env),
    ).toMatchObject({
      baseURL: 'http://x/v1',
      apiKey: 'sk-config-2222',
    });
    expect(resolveSettings({ id: 'o', kind: 'openai' }, {})).toMatchObject({
      baseURL: 'https://api.openai.com/v1',
      missing: 'no API key is set (nor OPENAI_API_KEY)',
    });
  });

  it('knows each preset’s adapter, default URL, environment and whether it needs a key', () => {
    expect(PRESETS.groq).toMatchObject({
      kind: 'openai-compatible',
      needsKey: true,
      apiKeyEnv: ['GROQ_API_KEY'],
    });
    expect(PRESETS.openrouter.defaultBaseURL).toBe('https://openrouter.ai/api/v1');
    expect(PRESETS.lmstudio).toMatchObject({ needsKey: false, defaultBaseURL: 'http://127.0.0.1:1234/v1' });
    expect(PRESETS.gemini.apiKeyEnv).toEqual(['GEMINI_API_KEY', 'GOOGLE_API_KEY']);
    const llamacpp = resolveSettings({ id: 'l', kind: 'openai-compatible', preset: 'llamacpp' }, {});
    expect(llamacpp.baseURL).toBe('http://127.0.0.1:8080/v1');
    expect(llamacpp.missing).toBeUndefined();
    expect(() => resolveSettings({ id: 'x', kind: 'anthropic', preset: 'groq' }, {})).toThrow(
      /pick a matching preset/,
    );
  });

  it('gives local servers longer to load a model, and keeps per-config timeouts', () => {
    const ollama = resolveSettings({ id: 'o', kind: 'ollama', timeouts: { idleMs: 5000 } }, {});
    expect(ollama.timeouts).toMatchObject({ connectMs: 120_000, idleMs: 5000 });
    expect(resolveSettings({ id: 'a', kind: 'anthropic' }, {}).timeouts.connectMs).toBe(30_000);
  });

  it('reads Azure’s endpoint, key and api-version, and says what is missing', () => {
    const env = {
      AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com/',
      AZURE_OPENAI_API_KEY: 'az-key-123456',
    };
    const azure = resolveSettings({ id: 'z', kind: 'azure' }, env);
    expect(azure).toMatchObject({
      baseURL: 'https://res.openai.azure.com',
      azure: { endpoint: 'https://res.openai.azure.com', apiVersion: '2025-04-01-preview' },
    });
    expect(azure.missing).toBeUndefined();
    expect(resolveSettings({ id: 'z', kind: 'azure' }, {}).missing).toMatch(/no endpoint/);
  });
});

describe('OLLAMA_HOST', () => {
  it('accepts a host, host:port, 0.0.0.0 or a URL', () => {
    expect(normalizeOllamaHost('localhost')).toBe('http://localhost:11434');
    expect(normalizeOllamaHost('0.0.0.0:11434')).toBe('http://127.0.0.1:11434');
    expect(normalizeOllamaHost('http://gpu-box:9000/')).toBe('http://gpu-box:9000');
    expect(normalizeOllamaHost('https://ollama.example')).toBe('https://ollama.example');
  });
});

describe('describeProvider', () => {
  it('says whether a provider is ready and what is missing, never the key', () => {
    const ready = describeProvider({ id: 'a', kind: 'anthropic', apiKey: 'sk-ant-secret-value-999' }, {});
    expect(ready).toEqual({
      id: 'a',
      label: 'Anthropic',
      baseURL: 'https://api.anthropic.com',
      configured: true,
      missing: undefined,
      needsKey: true,
      hasKey: true,
    });
    expect(JSON.stringify(ready)).not.toContain('secret');
    expect(describeProvider({ id: 'a', kind: 'anthropic' }, {})).toMatchObject({
      configured: false,
      hasKey: false,
    });
    expect(describeProvider({ id: 'o', kind: 'ollama' }, {})).toMatchObject({
      configured: true,
      needsKey: false,
    });
  });
});
