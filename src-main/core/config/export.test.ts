import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore } from '../storage/settings';
import { makeTempDir } from '../storage/testing/fixtures';
import { openVault } from '../vault/vault';
import { isCredentialHeader, withoutUrlCredentials } from './credentials';
import { exportConfig } from './export';
import { CONFIG_KIND, CONFIG_VERSION, ConfigFileSchema } from './format';

const KEY = 'sk-proj-EXPORTTESTkeyaaaaaaaaaaaa9876';
const GEMINI_KEY = 'AIzaSyEXPORTTESTkeybbbbbbbbbbbbbbbb';
const T0 = Date.UTC(2025, 4, 6, 7, 8, 9);

describe('exportConfig', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let store: SettingsStore;

  beforeEach(() => {
    temp = makeTempDir('modeldesk-config-');
    store = new SettingsStore({ dir: temp.dir, now: () => T0 });
  });
  afterEach(() => temp.remove());

  it('writes every section as one JSON file with its kind and version', () => {
    store.updateSettings({
      theme: 'dark',
      budgets: { monthlyMicros: 20_000_000, warnAtPercent: 75, overrideUntil: T0 + 1000 },
    });
    store.upsertProvider({
      id: 'groq',
      kind: 'openai-compatible',
      preset: 'groq',
      label: 'Groq',
      headers: { 'X-Team': 'ml' },
    });
    store.upsertProfile({
      id: 'terse',
      name: 'Terse',
      kind: 'model',
      model: 'groq:llama-3.3-70b-versatile',
      builtin: true,
    });
    store.upsertCustomModel({
      id: 'ollama:llava',
      provider: 'ollama',
      model: 'llava',
      displayName: 'LLaVA',
      contextWindow: 4096,
      maxOutputTokens: 2048,
      capabilities: {
        vision: true,
        tools: false,
        structuredOutput: false,
        reasoning: false,
        streaming: true,
      },
      prices: null,
      qualityTier: 2,
    });
    store.setPriceOverride('openai:gpt-4.1', { inputPerM: 1.5, outputPerM: 6 });
    store.updateFirstRun({ onboardingDone: true });

    const exported = exportConfig(store.snapshot(), { now: () => T0, appVersion: '0.1.0' });
    expect(exported.filename).toBe('modeldesk-config-2025-05-06.json');
    expect(exported.content.endsWith('}\n')).toBe(true);
    const file = JSON.parse(exported.content);
    expect(ConfigFileSchema.parse(file)).toBeTruthy();
    expect(Object.keys(file)).toEqual([
      'kind',
      'version',
      'exportedAt',
      'exportedBy',
      'settings',
      'providers',
      'customModels',
      'priceOverrides',
      'profiles',
      'budgets',
    ]);
    expect(file).toMatchObject({
      kind: CONFIG_KIND,
      version: CONFIG_VERSION,
      exportedAt: '2025-05-06T07:08:09.000Z',
      exportedBy: 'Modeldesk 0.1.0',
      settings: { theme: 'dark', defaultProfileId: 'default' },
      providers: [{ id: 'groq', headers: { 'X-Team': 'ml' } }],
      customModels: [{ id: 'ollama:llava' }],
      priceOverrides: { 'openai:gpt-4.1': { inputPerM: 1.5, outputPerM: 6 } },
      profiles: [{ id: 'terse', model: 'groq:llama-3.3-70b-versatile' }],
      // The override of the moment is not configuration.
      budgets: { monthlyMicros: 20_000_000, warnAtPercent: 75 },
    });
    expect(file.settings.budgets).toBeUndefined();
    expect(file.budgets.overrideUntil).toBeUndefined();
    expect(file.profiles[0].builtin).toBeUndefined();
    expect(file.firstRun).toBeUndefined();
    expect(exported.omitted).toEqual([]);
  });

  it('never holds a key: not from the vault, not in a header, not in a URL', async () => {
    const vault = await openVault({
      backend: { kind: 'passphrase-file', passphrase: 'correct horse battery' },
      file: join(temp.dir, 'vault.json'),
      kdf: { N: 2 ** 10, r: 8, p: 1 },
      env: {},
    });
    await vault.addKey('work-openai', KEY);
    await vault.addKey('gemini', GEMINI_KEY);
    expect(vault.keyFor('work-openai')?.secret).toBe(KEY);

    store.upsertProvider({
      id: 'work-openai',
      kind: 'openai',
      preset: 'openai',
      label: 'Work',
      baseURL: `https://proxy.example.com/v1?api_key=${KEY}&region=eu`,
      headers: { 'X-Auth-Token': KEY, 'X-Forward': `Bearer ${KEY}`, 'OpenAI-Organization': 'org-123' },
    });
    store.upsertProvider({
      id: 'gemini',
      kind: 'gemini',
      preset: 'gemini',
      label: 'Gemini',
      baseURL: `https://user:${GEMINI_KEY}@gateway.example.com`,
      headers: { 'X-Proxy-Pass': GEMINI_KEY },
    });
    store.upsertProvider({
      id: 'azure',
      kind: 'azure',
      preset: 'azure',
      label: 'Azure',
      azure: { endpoint: `https://res.openai.azure.com/?sig=${KEY}`, deployments: {}, useEntraToken: false },
    });

    const exported = exportConfig(store.snapshot());
    for (const secret of [KEY, GEMINI_KEY, KEY.slice(-12), GEMINI_KEY.slice(-12)]) {
      expect(exported.content).not.toContain(secret);
    }
    const file = JSON.parse(exported.content);
    expect(file.providers[0]).toMatchObject({
      baseURL: 'https://proxy.example.com/v1?region=eu',
      headers: { 'OpenAI-Organization': 'org-123' },
    });
    expect(Object.keys(file.providers[0].headers)).toEqual(['OpenAI-Organization']);
    expect(file.providers[1]).toMatchObject({ baseURL: 'https://gateway.example.com', headers: {} });
    expect(file.providers[2].azure.endpoint).toBe('https://res.openai.azure.com/');
    expect(exported.omitted).toEqual([
      'providers[0].headers["X-Auth-Token"]',
      'providers[0].headers["X-Forward"]',
      'providers[0].baseURL (its user name, password or key parameter)',
      'providers[1].headers["X-Proxy-Pass"]',
      'providers[1].baseURL (its user name, password or key parameter)',
      'providers[2].azure.endpoint (its user name, password or key parameter)',
    ]);
  });
});

describe('credential detection', () => {
  it.each([
    ['Authorization', 'anything'],
    ['x-api-key', 'abc'],
    ['X-Goog-Api-Key', 'abc'],
    ['api_key', 'abc'],
    ['X-Auth-Token', 'abc'],
    ['Cookie', 'a=b'],
    ['X-Session-Id', 'abc'],
    ['X-Key', 'abc'],
    ['X-Client-Secret', 'abc'],
    ['X-Whatever', 'Bearer abc'],
    ['X-Whatever', 'Basic dXNlcjpwYXNz'],
    ['X-Whatever', 'sk-ant-api03-aaaaaaaaaaaaaaaa'],
    ['X-Whatever', 'AIzaSyAaaaaaaaaaaaaaaaaaaaaaaa'],
  ])('treats the header %s: %s as a credential', (name, value) => {
    expect(isCredentialHeader(name, value)).toBe(true);
  });

  it.each([
    ['OpenAI-Organization', 'org-123'],
    ['anthropic-beta', 'prompt-caching-2024-07-31'],
    ['HTTP-Referer', 'https://modeldesk.app'],
    ['X-Title', 'Modeldesk'],
    ['OpenAI-Project', 'proj_abc'],
    ['X-Monkey', 'banana'],
  ])('keeps the header %s: %s', (name, value) => {
    expect(isCredentialHeader(name, value)).toBe(false);
  });

  it('leaves a URL without credentials exactly as written', () => {
    for (const url of [
      'https://api.example.com/v1',
      'http://localhost:11434',
      'https://x.example.com/?region=eu',
    ]) {
      expect(withoutUrlCredentials(url)).toEqual({ url, removed: false });
    }
    expect(withoutUrlCredentials('not a url')).toEqual({ url: 'not a url', removed: false });
  });
});
