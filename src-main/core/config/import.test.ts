import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfileSchema } from '@contract/profiles';
import { SettingsStore } from '../storage/settings';
import { makeTempDir } from '../storage/testing/fixtures';
import { exportConfig } from './export';
import { CONFIG_KIND, CONFIG_VERSION } from './format';
import { importConfig } from './import';
import type { ConfigMigration } from './migrations';

const T0 = Date.UTC(2025, 4, 6, 7, 8, 9);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- edited like a text editor would

describe('importConfig', () => {
  let temps: Array<ReturnType<typeof makeTempDir>>;
  const openStore = () => {
    const temp = makeTempDir('modeldesk-config-');
    temps.push(temp);
    return new SettingsStore({ dir: temp.dir, now: () => T0 });
  };
  /** A store set up the way someone would have it after a few weeks. */
  const configured = () => {
    const store = openStore();
    store.updateSettings({ theme: 'dark', budgets: { monthlyMicros: 20_000_000, warnAtPercent: 80 } });
    store.upsertProvider({ id: 'openai', kind: 'openai', preset: 'openai', label: 'OpenAI' });
    store.upsertProvider({
      id: 'lab',
      kind: 'openai-compatible',
      preset: 'vllm',
      label: 'Lab vLLM',
      baseURL: 'http://gpu-box.local:8000/v1',
      headers: { 'X-Team': 'ml' },
      rateLimit: { requestsPerMinute: 30 },
    });
    store.upsertProfile({
      id: 'writer',
      name: 'Writer',
      kind: 'model',
      model: 'openai:gpt-4.1',
      systemPrompt: 'You edit prose.',
      fallback: ['lab:qwen3'],
      context: { mode: 'summarize', summaryModel: 'openai:gpt-4.1-mini' },
    });
    store.upsertProfile({ id: 'w', name: 'W', kind: 'alias', aliasOf: 'writer' });
    store.setPriceOverride('openai:gpt-4.1', { inputPerM: 1.5, outputPerM: 6 });
    return store;
  };
  const fileOf = (store: SettingsStore): Json => JSON.parse(exportConfig(store.snapshot()).content);
  const text = (file: Json) => JSON.stringify(file, null, 2);

  beforeEach(() => (temps = []));
  afterEach(() => temps.forEach((t) => t.remove()));

  describe('a valid file', () => {
    it('round-trips: export, edit, import into another Modeldesk', () => {
      const source = configured();
      const file = fileOf(source);
      file.settings.theme = 'light';
      file.profiles[0].params = { temperature: 0.3 };
      file.profiles.push({ id: 'local', name: 'Local', kind: 'model', model: 'lab:qwen3' });
      file.priceOverrides['lab:qwen3'] = { inputPerM: 0, outputPerM: 0 };
      file.budgets.perConversationMicros = 500_000;

      const target = openStore();
      target.updateFirstRun({ onboardingDone: true });
      const result = importConfig(target, text(file));
      expect(result).toMatchObject({ ok: true, problems: [] });
      expect(result.summary).toBe(
        'Imported: the app settings, 2 providers (new: openai, lab), 0 custom models, 2 price overrides, ' +
          '3 profiles (new: writer, w, local) and the budgets. What the file leaves out stays as it was. Keys are ' +
          'never in a configuration file: providers keep the keys saved on this computer, and new ones need ' +
          'theirs in Settings → Providers.',
      );

      const after = target.snapshot();
      const before = source.snapshot();
      expect(after.settings).toEqual({
        ...before.settings,
        theme: 'light',
        budgets: { monthlyMicros: 20_000_000, perConversationMicros: 500_000, warnAtPercent: 80 },
      });
      expect(after.providers).toEqual(before.providers);
      expect(after.profiles.map((p) => p.id)).toEqual(['writer', 'w', 'local']);
      expect(after.profiles[0]).toEqual({ ...before.profiles[0], params: { temperature: 0.3 } });
      expect(after.priceOverrides).toEqual({
        'openai:gpt-4.1': { inputPerM: 1.5, outputPerM: 6 },
        'lab:qwen3': { inputPerM: 0, outputPerM: 0 },
      });
      // Not configuration: the target's own first-run state stays.
      expect(after.firstRun.onboardingDone).toBe(true);
      // And it survives a restart: it was written to settings.json.
      const reopened = new SettingsStore({ dir: temps[1]?.dir ?? '', now: () => T0 });
      expect(reopened.snapshot()).toEqual(after);

      const again = fileOf(target);
      // Exporting again gives the edited file back (with the defaults of what was added filled in).
      const edited = { ...file, profiles: file.profiles.map((p: Json) => ProfileSchema.parse(p)) };
      expect({ ...again, exportedAt: null }).toEqual({ ...edited, exportedAt: null });
    });

    it('checks and describes without changing anything on a dry run', () => {
      const store = configured();
      const file = fileOf(store);
      file.providers.pop();
      file.profiles.push({ id: 'fast-lab', name: 'Fast lab', kind: 'auto', qualityFloor: 2 });
      const before = readFileSync(store.path, 'utf8');
      const result = importConfig(store, text(file), { dryRun: true });
      expect(result.ok).toBe(true);
      expect(result.summary).toMatch(
        /^Ready to import: the app settings, 1 provider \(removed: lab\), 0 custom models, 1 price override, 3 profiles \(new: fast-lab\) and the budgets\. .* Nothing has changed yet\.$/,
      );
      expect(readFileSync(store.path, 'utf8')).toBe(before);

      expect(importConfig(store, text(file)).ok).toBe(true);
      expect(store.listProviders().map((p) => p.id)).toEqual(['openai']);
    });

    it('refuses profiles naming models that no catalogue and no custom model knows, saying where', () => {
      const store = configured();
      const file = fileOf(store);
      file.profiles.push({
        id: 'dangling',
        name: 'Dangling',
        kind: 'model',
        model: 'nowhere:no-such-model',
        fallback: ['openai:gpt-4.1', 'nowhere:other'],
        context: { mode: 'summarize', summaryModel: 'nowhere:summary' },
      });
      const known = new Set(['openai:gpt-4.1', 'anthropic:claude-sonnet-4-5']);
      const before = readFileSync(store.path, 'utf8');
      const result = importConfig(store, text(file), { isKnownModel: (id) => known.has(id) });
      expect(result.ok).toBe(false);
      const at = file.profiles.length - 1;
      expect(result.problems.map((p) => p.path)).toEqual(
        expect.arrayContaining([
          `profiles[${at}].model`,
          `profiles[${at}].fallback[1]`,
          `profiles[${at}].context.summaryModel`,
        ]),
      );
      expect(result.problems.find((p) => p.path === `profiles[${at}].model`)?.message).toMatch(
        /"nowhere:no-such-model", which Modeldesk does not know/,
      );
      expect(readFileSync(store.path, 'utf8')).toBe(before);
    });

    it('replaces only the sections in the file', () => {
      const store = configured();
      const before = store.snapshot();
      const result = importConfig(
        store,
        text({
          kind: CONFIG_KIND,
          version: CONFIG_VERSION,
          profiles: [{ id: 'solo', name: 'Solo', kind: 'auto' }],
        }),
      );
      expect(result.summary).toMatch(/^Imported: 1 profile \(new: solo; removed: writer, w\)\./);
      const after = store.snapshot();
      expect(after.profiles.map((p) => p.id)).toEqual(['solo']);
      expect({ ...after, profiles: [] }).toEqual({ ...before, profiles: [] });
    });

    it('keeps a budget override of the moment', () => {
      const store = configured();
      store.updateSettings({ budgets: { ...store.getSettings().budgets, overrideUntil: T0 + 3_600_000 } });
      const file = fileOf(store);
      file.budgets.monthlyMicros = 50_000_000;
      expect(importConfig(store, text(file)).ok).toBe(true);
      expect(store.getSettings().budgets).toEqual({
        monthlyMicros: 50_000_000,
        warnAtPercent: 80,
        overrideUntil: T0 + 3_600_000,
      });
    });

    it('says so when the file holds no section', () => {
      const store = configured();
      expect(importConfig(store, text({ kind: CONFIG_KIND, version: CONFIG_VERSION }))).toEqual({
        ok: true,
        problems: [],
        summary: 'The file holds no settings: nothing to import.',
      });
    });
  });

  describe('a file with problems', () => {
    it('reports every problem with its path and what to do, and changes nothing', () => {
      const store = configured();
      const file = fileOf(store);
      file.settings.theme = 'blue';
      file.settings.cache.ttlHours = -1;
      file.settings.defaultProfileId = 'wrtier';
      file.settings.colour = 'teal';
      file.providers[0].headers = { Authorization: 'Bearer abc' };
      file.providers[1].baseURL = 'gpu-box 8000/v1';
      file.providers.push({ ...file.providers[0], headers: {} });
      file.customModels = [
        {
          id: 'lab:qwen3',
          provider: 'lab',
          model: 'qwen3-32b',
          displayName: 'Qwen 3',
          contextWindow: 32768,
          maxOutputTokens: 8192,
          capabilities: {
            vision: false,
            tools: true,
            structuredOutput: true,
            reasoning: true,
            streaming: true,
          },
          prices: null,
          qualityTier: 3,
        },
      ];
      file.priceOverrides['gpt-4.1'] = { inputPerM: 2, outputPerM: 8 };
      file.profiles[0].fallback = ['gpt-4.1'];
      file.profiles[0].params = { temprature: 0.2, maxOutputTokens: 0 };
      file.profiles[1].aliasOf = 'writter';
      file.profiles.push({ id: 'fixed', name: 'Fixed', kind: 'model' });
      file.profiles.push({ id: 'a', name: 'A', kind: 'alias', aliasOf: 'b' });
      file.profiles.push({ id: 'b', name: 'B', kind: 'alias', aliasOf: 'a' });
      file.budgets.warnAtPercent = 150;
      file.budgets.monthlyMicros = '20';
      file.notes = 'mine';

      const before = readFileSync(store.path, 'utf8');
      const snapshot = store.snapshot();
      const result = importConfig(store, text(file));
      expect(result.ok).toBe(false);
      expect(result.summary).toBe(
        `Nothing was imported: the file has ${result.problems.length} problems. Correct them and import it again.`,
      );
      // Every problem, in the order of the file.
      expect(result.problems.map((p) => p.path)).toEqual([
        'settings.theme',
        'settings.defaultProfileId',
        'settings.cache.ttlHours',
        'settings.colour',
        'providers[0].headers.Authorization',
        'providers[1].baseURL',
        'providers[2].id',
        'customModels[0].id',
        'priceOverrides["gpt-4.1"]',
        'profiles[0].params.temprature',
        'profiles[0].params.maxOutputTokens',
        'profiles[0].fallback[0]',
        'profiles[1].aliasOf',
        'profiles[2].model',
        'profiles[3].aliasOf',
        'profiles[4].aliasOf',
        'budgets.monthlyMicros',
        'budgets.warnAtPercent',
        'notes',
      ]);
      const at = (path: string) => result.problems.find((p) => p.path === path)?.message;
      expect(at('settings.theme')).toBe(
        'must be one of "system", "light", "dark", not "blue". Use one of these values.',
      );
      expect(at('settings.cache.ttlHours')).toBe('must be above 0. Change the value.');
      expect(at('settings.defaultProfileId')).toMatch(
        /^names the profile "wrtier", which is neither in this file nor built in\. Use an existing profile, such as "writer", /,
      );
      expect(at('settings.colour')).toBe(
        'is not a field Modeldesk knows here. Check its spelling, or remove it.',
      );
      expect(at('providers[0].headers.Authorization')).toMatch(/^carries a key, .* Settings → Providers/);
      expect(at('providers[1].baseURL')).toBe(
        'must be a full URL, such as https://api.example.com/v1. Correct it.',
      );
      expect(at('providers[2].id')).toBe(
        'repeats the id "openai" of providers[0]. Give each provider its own id, or remove one of them.',
      );
      expect(at('customModels[0].id')).toBe(
        'is "lab:qwen3", but its provider and model say "lab:qwen3-32b". Make the id provider:model.',
      );
      expect(at('priceOverrides["gpt-4.1"]')).toMatch(
        /^is not a valid name here: A model id is written provider:model/,
      );
      expect(at('profiles[0].fallback[0]')).toBe(
        'A model id is written provider:model, for example openai:gpt-6-sol. Correct it.',
      );
      expect(at('profiles[0].params.maxOutputTokens')).toBe('must be above 0. Change the value.');
      expect(at('profiles[1].aliasOf')).toMatch(
        /^names the profile "writter", which is neither in this file nor built in\. Point it at an existing profile, such as "writer", /,
      );
      expect(at('profiles[2].model')).toMatch(/^is missing: a profile of kind "model" names its model/);
      expect(at('profiles[3].aliasOf')).toBe(
        'leads in a circle: a → b → a. Point one of these profiles at a model or at Auto.',
      );
      expect(at('budgets.warnAtPercent')).toBe('must be at most 100. Change the value.');
      expect(at('budgets.monthlyMicros')).toBe('must be a number, not text. Change the value.');

      expect(readFileSync(store.path, 'utf8')).toBe(before);
      expect(store.snapshot()).toEqual(snapshot);
    });

    it('says what is missing', () => {
      const store = configured();
      const file = fileOf(store);
      delete file.providers[0].kind;
      delete file.profiles[0].name;
      const result = importConfig(store, text(file));
      expect(result.problems).toEqual([
        {
          path: 'providers[0].kind',
          message: expect.stringMatching(/^must be one of "anthropic", "openai", .*, not missing\./),
        },
        { path: 'profiles[0].name', message: 'is missing. Add it: text (in quotes).' },
      ]);
    });

    it('refuses to leave the default profile behind', () => {
      const store = configured();
      store.updateSettings({ defaultProfileId: 'writer' });
      const result = importConfig(store, text({ kind: CONFIG_KIND, version: 1, profiles: [] }));
      expect(result.problems).toEqual([
        {
          path: 'profiles',
          message:
            'leaves out "writer", the default profile in Settings. Add it, or set settings.defaultProfileId to another profile.',
        },
      ]);
    });

    it.each([
      [
        'not JSON',
        '{"kind": "modeldesk-config",',
        '(file)',
        /^is not valid JSON \(.+\)\. Correct it in a text editor/,
      ],
      ['a list', '[]', '(file)', /^is not a Modeldesk configuration file: it holds no JSON object\./],
      [
        'another kind of file',
        '{"kind": "lobechat-settings"}',
        'kind',
        /^is "lobechat-settings": this is not a Modeldesk/,
      ],
      [
        'a file with no kind',
        '{"version": 1}',
        'kind',
        /^is missing: this is not a Modeldesk configuration file/,
      ],
      [
        'a newer version',
        `{"kind": "${CONFIG_KIND}", "version": 99}`,
        'version',
        /^is 99: this file was written by a newer Modeldesk, which reads up to version 1\. Update Modeldesk/,
      ],
      [
        'a version that is no number',
        `{"kind": "${CONFIG_KIND}", "version": "1"}`,
        'version',
        /^must be the file's format version/,
      ],
      [
        'an older version with no way to read it',
        `{"kind": "${CONFIG_KIND}", "version": 0}`,
        'version',
        /^is 0, a format this Modeldesk cannot read/,
      ],
    ])('refuses %s with one problem saying what to do', (_, content, path, message) => {
      const store = configured();
      const before = readFileSync(store.path, 'utf8');
      const result = importConfig(store, content);
      expect(result.ok).toBe(false);
      expect(result.problems).toEqual([{ path, message: expect.stringMatching(message) }]);
      expect(result.summary).toBe(
        'Nothing was imported: the file has a problem. Correct it and import it again.',
      );
      expect(readFileSync(store.path, 'utf8')).toBe(before);
    });
  });

  it('puts back what was there when saving fails halfway', () => {
    const store = configured();
    const before = store.snapshot();
    let calls = 0;
    const failing = {
      snapshot: () => store.snapshot(),
      replace: (input: unknown) => {
        calls += 1;
        if (calls > 1) return store.replace(input);
        store.updateSettings({ theme: 'light' });
        throw new Error('ENOSPC: no space left on device');
      },
    };
    const file = fileOf(store);
    file.settings.theme = 'light';
    file.profiles = [];
    const result = importConfig(failing, text(file));
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          path: '(file)',
          message:
            'could not be saved (ENOSPC: no space left on device). Check that the data folder can be written to and has free space, then import it again.',
        },
      ],
      summary: 'Nothing was imported: the settings could not be saved.',
    });
    expect(store.snapshot()).toEqual(before);
  });

  describe('an older version', () => {
    /** A format 0 that named custom models `models` and kept budgets inside the settings. */
    const fromZero: ConfigMigration = {
      from: 0,
      up: ({ models, settings, ...rest }) => {
        const { budgets, ...appSettings } = (settings ?? {}) as Json;
        return { ...rest, settings: appSettings, budgets, customModels: models };
      },
    };
    const versionZero = {
      kind: CONFIG_KIND,
      version: 0,
      settings: { theme: 'light', budgets: { monthlyMicros: 9_000_000, warnAtPercent: 90 } },
      models: [
        {
          id: 'lab:qwen3',
          provider: 'lab',
          model: 'qwen3',
          displayName: 'Qwen 3',
          contextWindow: 32768,
          maxOutputTokens: 8192,
          capabilities: {
            vision: false,
            tools: true,
            structuredOutput: true,
            reasoning: true,
            streaming: true,
          },
          prices: null,
          qualityTier: 3,
        },
      ],
    };

    it('is migrated step by step, then checked and imported', () => {
      const store = configured();
      const result = importConfig(store, text(versionZero), { migrations: [fromZero] });
      expect(result.ok).toBe(true);
      expect(result.summary).toMatch(
        /^Imported \(converted from format version 0\): the app settings, 1 custom model \(new: lab:qwen3\) and the budgets\./,
      );
      expect(store.getSettings()).toMatchObject({
        theme: 'light',
        budgets: { monthlyMicros: 9_000_000, warnAtPercent: 90 },
      });
      expect(store.listCustomModels().map((m) => m.id)).toEqual(['lab:qwen3']);
    });

    it('reports problems of a migrated file at their place in the current format', () => {
      const store = configured();
      const broken = structuredClone(versionZero) as Json;
      broken.models[0].qualityTier = 9;
      const result = importConfig(store, text(broken), { migrations: [fromZero] });
      expect(result.problems).toEqual([
        { path: 'customModels[0].qualityTier', message: 'must be at most 5. Change the value.' },
      ]);
    });
  });
});
