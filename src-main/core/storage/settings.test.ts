import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NoticeList } from './notices';
import { openSettingsWithConf } from './settings-file';
import { migrateSettings } from './settings-migrations';
import { SETTINGS_VERSION } from './settings-schema';
import { SettingsStore } from './settings';
import { hasProjectNode, runAndKill } from './testing/crash';
import { makeTempDir } from './testing/fixtures';

const T0 = Date.UTC(2025, 2, 4, 5, 6, 7);

describe('SettingsStore', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let notices: NoticeList;
  const file = () => join(temp.dir, 'settings.json');
  const open = () => new SettingsStore({ dir: temp.dir, notices, now: () => T0 });

  beforeEach(() => {
    temp = makeTempDir();
    notices = new NoticeList(() => T0);
  });
  afterEach(() => temp.remove());

  it('starts with defaults on first run and remembers when that was', () => {
    const store = open();
    expect(store.getSettings()).toMatchObject({ theme: 'system', privacy: { logPrompts: false } });
    expect(store.getFirstRun()).toEqual({ firstStartedAt: T0, envKeysOffered: false, onboardingDone: false });
    expect(JSON.parse(readFileSync(file(), 'utf8')).schemaVersion).toBe(SETTINGS_VERSION);
    expect(notices.list()).toEqual([]);
  });

  it('keeps every section across restarts', () => {
    const store = open();
    const changes: string[] = [];
    store.onChange((section) => changes.push(section));
    store.updateSettings({ theme: 'dark', privacy: { logPrompts: true } });
    store.upsertProvider({ id: 'work-openai', kind: 'openai', preset: 'openai', label: 'Work' });
    store.upsertProvider({ id: 'work-openai', kind: 'openai', preset: 'openai', label: 'Work account' });
    store.upsertProfile({ id: 'terse', name: 'Terse', kind: 'model', model: 'openai:gpt-4.1-mini' });
    store.upsertCustomModel({
      id: 'ollama:llama3.2',
      provider: 'ollama',
      model: 'llama3.2',
      displayName: 'Llama 3.2',
      contextWindow: 128000,
      maxOutputTokens: 4096,
      capabilities: { vision: false, tools: true, structuredOutput: true, reasoning: false, streaming: true },
      prices: null,
      qualityTier: 2,
    });
    store.setPriceOverride('openai:gpt-4.1', { inputPerM: 1.5, outputPerM: 6 });
    store.updateFirstRun({ envKeysOffered: true });
    expect(changes).toEqual([
      'settings',
      'providers',
      'providers',
      'profiles',
      'customModels',
      'priceOverrides',
      'firstRun',
    ]);

    const again = open();
    expect(again.getSettings()).toMatchObject({ theme: 'dark', privacy: { logPrompts: true } });
    expect(again.listProviders()).toEqual([
      expect.objectContaining({
        id: 'work-openai',
        label: 'Work account',
        enabled: true,
        headers: {},
        rotateKeysOn: [],
      }),
    ]);
    expect(again.listProfiles().map((p) => p.id)).toEqual(['terse']);
    expect(again.listCustomModels().map((m) => m.id)).toEqual(['ollama:llama3.2']);
    expect(again.getPriceOverrides()).toEqual({ 'openai:gpt-4.1': { inputPerM: 1.5, outputPerM: 6 } });
    expect(again.getFirstRun().envKeysOffered).toBe(true);

    expect(again.removeProvider('work-openai')).toBe(true);
    expect(again.removeProvider('work-openai')).toBe(false);
    again.setPriceOverride('openai:gpt-4.1', null);
    expect(open().getPriceOverrides()).toEqual({});
    expect(open().listProviders()).toEqual([]);
  });

  it('refuses invalid values with a message saying what is wrong, and keeps the old value', () => {
    const store = open();
    expect(() => store.updateSettings({ theme: 'neon' as never })).toThrow(
      /That setting is not valid: theme: /,
    );
    expect(() =>
      store.upsertProvider({ id: 'Bad Id', kind: 'openai', preset: 'openai', label: 'x' }),
    ).toThrow(/lowercase letters, digits and dashes/);
    expect(() => store.setPriceOverride('not-a-model-id', { inputPerM: 1, outputPerM: 1 })).toThrow(
      /provider:model/,
    );
    expect(open().getSettings().theme).toBe('system');
  });

  it('never stores a key in settings, even as an extra header', () => {
    const store = open();
    expect(() =>
      store.upsertProvider({
        id: 'proxy',
        kind: 'openai-compatible',
        preset: 'custom',
        label: 'Proxy',
        headers: { Authorization: 'Bearer sk-proj-abcdefghijklmnopqrstuvwx' },
      }),
    ).toThrow(/keys are never stored in settings/);
    expect(readFileSync(file(), 'utf8')).not.toContain('sk-proj');
  });

  it('moves a settings file that is not JSON aside, uses defaults and says so', () => {
    writeFileSync(file(), '{"settings": {"theme": "dark"');
    const store = open();
    expect(store.getSettings().theme).toBe('system');
    const moved = `${file()}.corrupt-2025-03-04T05-06-07-000Z`;
    expect(readFileSync(moved, 'utf8')).toBe('{"settings": {"theme": "dark"');
    expect(notices.list()[0]).toMatchObject({
      id: 'settings-recovered',
      level: 'warning',
      message: `Modeldesk could not read its settings file (it is not valid JSON), moved it to ${moved} and started with default settings. Your conversations and keys are not affected; set up your providers and profiles again.`,
    });
    store.updateSettings({ theme: 'light' });
    expect(open().getSettings().theme).toBe('light');
  });

  it('keeps the valid parts of a damaged file and says what was reset', () => {
    writeFileSync(
      file(),
      JSON.stringify({
        schemaVersion: 2,
        settings: { theme: 'purple' },
        providers: [
          { id: 'openai', kind: 'openai', preset: 'openai', label: 'OpenAI' },
          { id: 'broken', kind: 'nope' },
        ],
        profiles: [{ id: 'fast', name: 'Fast', kind: 'model', model: 'openai:gpt-4.1-mini' }],
      }),
    );
    const store = open();
    expect(store.getSettings().theme).toBe('system');
    expect(store.listProviders().map((p) => p.id)).toEqual(['openai']);
    expect(store.listProfiles().map((p) => p.id)).toEqual(['fast']);
    const message = notices.list()[0]!.message;
    expect(message).toMatch(
      /^Part of Modeldesk's settings file was damaged: the app settings, 1 of 2 providers could not be read and were reset\. The original file is at .*settings\.json\.corrupt-2025-03-04T05-06-07-000Z\. Everything else was kept\.$/,
    );
  });

  it('migrates the flat format 1 to sections, keeping the original beside it', () => {
    const v1 = {
      theme: 'auto',
      logPrompts: true,
      cacheTtlSeconds: 7200,
      defaultProfile: 'fast',
      providers: {
        groq: {
          kind: 'openai-compatible',
          preset: 'groq',
          label: 'Groq',
          baseUrl: 'https://api.groq.com/openai/v1',
        },
        anthropic: { kind: 'anthropic', label: 'Anthropic' },
      },
      profiles: [{ id: 'fast', name: 'Fast', kind: 'model', model: 'groq:llama-3.3-70b' }],
    };
    writeFileSync(file(), JSON.stringify(v1));
    const store = open();
    expect(store.getSettings()).toMatchObject({
      theme: 'system',
      defaultProfileId: 'fast',
      privacy: { logPrompts: true },
      cache: { enabled: true, ttlHours: 2, maxEntries: 5000 },
    });
    expect(store.listProviders()).toEqual([
      expect.objectContaining({ id: 'groq', preset: 'groq', baseURL: 'https://api.groq.com/openai/v1' }),
      expect.objectContaining({ id: 'anthropic', kind: 'anthropic', preset: 'anthropic' }),
    ]);
    expect(store.getFirstRun()).toMatchObject({ envKeysOffered: true, onboardingDone: true });
    expect(JSON.parse(readFileSync(`${file()}.format-1`, 'utf8'))).toEqual(v1);
    expect(JSON.parse(readFileSync(file(), 'utf8')).schemaVersion).toBe(2);
    expect(notices.list()).toEqual([]);
  });

  it('refuses a file from a newer Modeldesk instead of discarding it', () => {
    writeFileSync(file(), JSON.stringify({ schemaVersion: SETTINGS_VERSION + 1 }));
    expect(() => open()).toThrow(/written by a newer Modeldesk .* --data-dir/);
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({ schemaVersion: SETTINGS_VERSION + 1 });
    expect(readdirSync(temp.dir)).toEqual(['settings.json']);
  });

  it('migration 1 to 2 is a pure function of the old file', () => {
    expect(migrateSettings({ theme: 'dark' })).toEqual({
      from: 1,
      data: {
        schemaVersion: 2,
        settings: { theme: 'dark' },
        providers: [],
        profiles: [],
        customModels: [],
        priceOverrides: {},
        firstRun: { envKeysOffered: true, onboardingDone: true },
      },
    });
    const current = { schemaVersion: 2, settings: {} };
    expect(migrateSettings(current)).toEqual({ from: 2, data: current });
  });

  it('exports a snapshot and imports one whole, validated', () => {
    const store = open();
    store.updateSettings({ theme: 'dark' });
    const snapshot = store.snapshot();
    store.updateSettings({ theme: 'light' });
    expect(store.replace(snapshot).settings.theme).toBe('dark');
    expect(() => store.replace({ ...snapshot, providers: [{ id: 'x' }] })).toThrow(
      /configuration is not valid/,
    );
    expect(open().getSettings().theme).toBe('dark');
    expect(existsSync(file())).toBe(true);
  });

  it('writes through the store the host opens it with, and refuses one that opens another file', () => {
    const opened: string[] = [];
    const store = new SettingsStore({
      dir: temp.dir,
      openFile: (options) => {
        opened.push(`${options.configName}.${options.fileExtension}`);
        return openSettingsWithConf(options);
      },
    });
    store.updateSettings({ theme: 'dark' });
    expect(opened).toEqual(['settings.json']);
    expect(JSON.parse(readFileSync(file(), 'utf8')).settings.theme).toBe('dark');
    expect(
      () =>
        new SettingsStore({
          dir: temp.dir,
          openFile: (options) => openSettingsWithConf({ ...options, configName: 'config' }),
        }),
    ).toThrow(/opened .*config\.json instead of .*settings\.json/);
  });

  describe.skipIf(!hasProjectNode)('killed mid-write (needs node_modules/.bin/node)', () => {
    it('keeps settings.json whole, holding the last complete write', async () => {
      const lines = await runAndKill('settings', temp.dir, 60);
      const last = Math.max(...lines.map((l) => Number(/^wrote (\d+)$/.exec(l)?.[1] ?? 0)));
      const saved = open().getSettings().defaultProfileId;
      expect([`profile-${last}`, `profile-${last + 1}`]).toContain(saved);
      expect(notices.list()).toEqual([]);
    });
  });
});
