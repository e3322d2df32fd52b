import { describe, expect, it } from 'vitest';
import { ModelInfoSchema, type ModelInfo } from '@contract/models';
import { computeCost } from '@contract/money';
import { emptyUsage } from '@contract/usage';
import { builtinCatalogue, parseCatalogueFile } from './builtin';
import { Catalogue, DISCOVERED_DEFAULTS, UnknownModelError, type CustomModel } from './catalogue';

const custom: CustomModel = {
  id: 'my-vllm:qwen2.5-72b',
  provider: 'my-vllm',
  model: 'qwen2.5-72b',
  displayName: 'Qwen 2.5 72B (office server)',
  contextWindow: 32768,
  maxOutputTokens: 8192,
  capabilities: { vision: false, tools: true, structuredOutput: true, reasoning: false, streaming: true },
  prices: { inputPerM: 0.2, outputPerM: 0.6 },
  qualityTier: 3,
};

describe('the built-in catalogue file', () => {
  const file = builtinCatalogue();

  it('records its date, its dataset and the sources of its figures', () => {
    expect(file.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(file.dataset).toMatchObject({ name: 'genai-prices', version: '0.1.8', date: '2026-09-23' });
    for (const m of file.models) {
      for (const field of ['prices', 'contextWindow', 'maxOutputTokens', 'capabilities'] as const) {
        expect(m.sources[field], `${m.provider}:${m.model} ${field}`).toBeTruthy();
      }
    }
    const providers = new Set(file.models.map((m) => m.provider));
    for (const provider of providers) {
      expect(file.sources.find((s) => s.provider === provider)?.pricing, provider).toMatch(/^https:\/\//);
    }
  });

  it('covers the supported providers and the required current models', () => {
    const ids = new Set(file.models.map((m) => `${m.provider}:${m.model}`));
    for (const id of [
      'anthropic:claude-opus-5-5',
      'anthropic:claude-sonnet-5',
      'anthropic:claude-sonnet-5-5',
      'openai:gpt-6-sol',
      'openai:gpt-6-luna',
      'openai:gpt-6-astra',
      'gemini:gemini-3.1-pro-preview',
      // Retired or retiring models stay, so old conversations and ledger rows keep their names and prices.
      'anthropic:claude-opus-4-1',
      'anthropic:claude-sonnet-4-5',
      'anthropic:claude-haiku-4-5',
      'anthropic:claude-3-5-haiku-20241022',
      'openai:gpt-4.1',
      'openai:gpt-4.1-mini',
      'openai:gpt-4.1-nano',
      'openai:gpt-4o',
      'openai:gpt-4o-mini',
      'openai:o3',
      'openai:o4-mini',
      'openai:gpt-5',
      'openai:gpt-5-mini',
      'openai:gpt-5-nano',
      'gemini:gemini-2.5-pro',
      'gemini:gemini-2.5-flash',
      'gemini:gemini-2.5-flash-lite',
      'ollama:llama3.1',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
    expect(file.models.filter((m) => m.provider === 'groq').length).toBeGreaterThanOrEqual(3);
    expect(file.models.filter((m) => m.provider === 'openrouter').length).toBeGreaterThanOrEqual(3);
  });

  it('gives local models a known price of 0 and every hosted model a price, unless no snapshot has one yet', () => {
    for (const m of file.models) {
      if (m.prices === null) {
        expect(m.sources.prices, `${m.provider}:${m.model}`).toMatch(/never guessed/);
        continue;
      }
      if (m.provider === 'ollama') {
        const usage = { ...emptyUsage(), input: { uncached: 1000, cacheRead: 10, cacheWrite: 0 } };
        expect(computeCost(usage, m.prices).costMicros).toBe(0);
      } else {
        expect(m.prices?.inputPerM, `${m.provider}:${m.model}`).toBeGreaterThan(0);
      }
    }
  });

  it('prices cache reads wherever the provider reports them, so cached calls never become unknown', () => {
    const withCache = ['anthropic', 'openai', 'gemini'];
    for (const m of file.models.filter((m) => withCache.includes(m.provider) && m.prices !== null)) {
      expect(m.prices?.cacheReadPerM, `${m.provider}:${m.model}`).toBeDefined();
      if (m.provider === 'anthropic') {
        expect(m.prices?.cacheWritePerM, m.model).toBeDefined();
        expect(m.prices?.cacheWrite1hPerM, m.model).toBeDefined();
      }
    }
  });

  it('puts Sonnet in tier 4 and the frontier models in tier 5', () => {
    const tier = (provider: string, model: string) =>
      file.models.find((m) => m.provider === provider && m.model === model)?.qualityTier;
    expect(tier('openai', 'gpt-4.1')).toBe(4);
    expect(tier('anthropic', 'claude-sonnet-5')).toBe(4);
    expect(tier('anthropic', 'claude-opus-5-5')).toBe(5);
    expect(tier('openai', 'gpt-6-sol')).toBe(5);
  });

  it('names a current successor for every model that is retired or has a retirement date', () => {
    const byRef = new Map(file.models.map((m) => [`${m.provider}:${m.model}`, m]));
    for (const m of file.models.filter((m) => m.lifecycle?.retiresOn || m.lifecycle?.retired)) {
      const successor = byRef.get(m.lifecycle?.successor ?? '');
      expect(successor, `${m.provider}:${m.model}`).toBeDefined();
      expect(
        successor?.lifecycle?.retiresOn,
        `${m.provider}:${m.model} → ${m.lifecycle?.successor}`,
      ).toBeUndefined();
      expect(successor?.prices, `${m.lifecycle?.successor}`).not.toBeNull();
    }
  });

  it('refuses a malformed file with the place of the problem', () => {
    const broken = structuredClone(file) as unknown as { models: Array<Record<string, unknown>> };
    broken.models[0] = { ...broken.models[0], contextWindow: -5 };
    expect(() => parseCatalogueFile(broken)).toThrow(/models\.0\.contextWindow/);
    const duplicated = structuredClone(file);
    duplicated.models.push(duplicated.models[0]!);
    expect(() => parseCatalogueFile(duplicated)).toThrow(/lists anthropic:claude-opus-5-5 twice/);
  });
});

describe('Catalogue', () => {
  it('lists the built-in models as valid ModelInfo under provider:model ids', () => {
    const catalogue = new Catalogue();
    const models = catalogue.list();
    expect(models.length).toBe(builtinCatalogue().models.length);
    for (const m of models) {
      expect(ModelInfoSchema.safeParse(m).success, m.id).toBe(true);
      expect(m.id).toBe(`${m.provider}:${m.model}`);
      expect(m.source).toBe('builtin');
    }
    expect(catalogue.get('anthropic:claude-sonnet-5').displayName).toBe('Claude Sonnet 5');
  });

  it('finds a model by an alias or a dated snapshot of its id', () => {
    const catalogue = new Catalogue();
    expect(catalogue.get('anthropic:claude-sonnet-4-5-20250929').id).toBe('anthropic:claude-sonnet-4-5');
    expect(catalogue.get('ollama:llama3.1:latest').id).toBe('ollama:llama3.1');
    // Dated snapshots nobody listed as aliases: priced as their model.
    expect(catalogue.get('anthropic:claude-opus-4-5-20251101').id).toBe('anthropic:claude-opus-4-5');
    expect(catalogue.get('anthropic:claude-sonnet-5-20260630').id).toBe('anthropic:claude-sonnet-5');
    expect(catalogue.get('openai:gpt-6-sol-2026-09-01').id).toBe('openai:gpt-6-sol');
    expect(catalogue.find('openai:gpt-6-sol-latest')).toBeUndefined();
  });

  it('applies announced price changes on their day, and says which are coming', () => {
    const before = new Catalogue({ today: '2026-12-31' }).get('gemini:gemini-3.8-flash');
    expect(before.prices).toMatchObject({ inputPerM: 0.75, outputPerM: 3.75 });
    expect(before.upcomingPrices).toMatchObject({ from: '2027-01-01', prices: { inputPerM: 1.5 } });
    const after = new Catalogue({ today: '2027-01-01' }).get('gemini:gemini-3.8-flash');
    expect(after.prices).toMatchObject({ inputPerM: 1.5, outputPerM: 7.5 });
    expect(after.upcomingPrices).toBeUndefined();
  });

  it('gives each model its lifecycle on the day, with its successor under the same provider', () => {
    const on = (today: string) => new Catalogue({ today, providers: [{ id: 'work', preset: 'openai' }] });
    expect(on('2026-12-07').get('openai:gpt-5').lifecycle).toMatchObject({
      status: 'deprecated',
      retiresOn: '2026-12-11',
      successor: { id: 'openai:gpt-6-sol', displayName: 'GPT-6 Sol' },
    });
    expect(on('2026-12-11').get('openai:gpt-5').lifecycle?.status).toBe('retired');
    expect(on('2026-12-11').get('work:gpt-5').lifecycle?.successor?.id).toBe('work:gpt-6-sol');
    expect(on('2026-12-07').get('anthropic:claude-sonnet-4-5')).toMatchObject({
      deprecated: true,
      lifecycle: {
        status: 'retired',
        retiresOn: '2026-11-30',
        successor: { id: 'anthropic:claude-sonnet-5' },
      },
    });
    expect(on('2026-12-07').get('openai:gpt-6-sol').lifecycle).toBeUndefined();
  });

  it('names the closest known models when an id is unknown or malformed', () => {
    const catalogue = new Catalogue();
    let error: unknown;
    try {
      catalogue.get('openai:gpt-4.2');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownModelError);
    const unknown = error as UnknownModelError;
    expect(unknown.suggestions[0]).toBe('openai:gpt-4.1');
    expect(unknown.message).toMatch(
      /^Unknown model "openai:gpt-4\.2"\. Did you mean openai:gpt-4\.1, .+ or .+\?/,
    );
    expect(unknown.message).toContain('Settings → Models');

    expect(() => catalogue.get('claude-haiku-4-5')).toThrow(
      /not a model id; write it as provider:model.*Did you mean anthropic:claude-haiku-4-5/,
    );
  });

  it('lists built-in models under every configured provider of a matching preset', () => {
    const catalogue = new Catalogue({
      providers: [
        { id: 'openai', preset: 'openai' },
        { id: 'work-openai', preset: 'openai' },
        { id: 'lab', preset: 'vllm' },
      ],
    });
    expect(catalogue.get('work-openai:gpt-4.1')).toMatchObject({ provider: 'work-openai', model: 'gpt-4.1' });
    expect(catalogue.get('work-openai:gpt-4.1-2025-04-14').id).toBe('work-openai:gpt-4.1');
    expect(catalogue.get('openai:gpt-4.1').provider).toBe('openai');
    expect(catalogue.list().some((m) => m.provider === 'lab')).toBe(false);
    // Built-in providers nobody configured are still listed, so people see what they could set up.
    expect(catalogue.find('anthropic:claude-opus-5-5')).toBeDefined();
  });

  it('follows the preset of a provider id rather than its name', () => {
    const catalogue = new Catalogue({ providers: [{ id: 'openai', preset: 'openrouter' }] });
    expect(catalogue.find('openai:gpt-4.1')).toBeUndefined();
    expect(catalogue.find('openai:anthropic/claude-sonnet-4.5')).toBeDefined();
  });

  it('adds custom models and lets one replace a built-in model', () => {
    const replacement: CustomModel = {
      ...custom,
      id: 'openai:gpt-4.1',
      provider: 'openai',
      model: 'gpt-4.1',
      displayName: 'GPT-4.1 (our contract price)',
      prices: { inputPerM: 1.8, outputPerM: 7.2 },
    };
    const catalogue = new Catalogue({ custom: [custom, replacement] });
    expect(catalogue.get('my-vllm:qwen2.5-72b')).toMatchObject({ source: 'custom', qualityTier: 3 });
    const replaced = catalogue.get('openai:gpt-4.1-2025-04-14');
    expect(replaced).toMatchObject({ source: 'custom', displayName: 'GPT-4.1 (our contract price)' });
    expect(catalogue.list().filter((m) => m.id === 'openai:gpt-4.1')).toHaveLength(1);
  });

  it('leaves out an invalid custom model and says why', () => {
    const wrongId: CustomModel = { ...custom, id: 'my-vllm:other' };
    const invalid = { ...custom, id: 'x:y', provider: 'x', model: 'y', contextWindow: 0 } as CustomModel;
    const catalogue = new Catalogue({ custom: [wrongId, invalid] });
    expect(catalogue.find('my-vllm:other')).toBeUndefined();
    expect(catalogue.find('x:y')).toBeUndefined();
    expect(catalogue.problems).toHaveLength(2);
    expect(catalogue.problems[0]).toMatch(/do not match its id/);
    expect(catalogue.problems[1]).toMatch(/Custom model x:y is invalid.*contextWindow/);
  });

  it('applies price overrides, also through an alias, and reports overrides of unknown models', () => {
    const catalogue = new Catalogue({
      priceOverrides: {
        'anthropic:claude-haiku-4-5-20251001': { inputPerM: 0.9, outputPerM: 4.5 },
        'openai:gpt-9': { inputPerM: 1, outputPerM: 1 },
      },
    });
    expect(catalogue.get('anthropic:claude-haiku-4-5').prices).toEqual({ inputPerM: 0.9, outputPerM: 4.5 });
    expect(catalogue.problems).toEqual([
      expect.stringMatching(/names openai:gpt-9, which is not in the catalogue/),
    ]);
  });

  it('adds discovered models with an unknown price, or a known 0 on a local server', () => {
    const catalogue = new Catalogue({
      providers: [
        { id: 'openrouter', preset: 'openrouter' },
        { id: 'studio', preset: 'lmstudio' },
      ],
      discovered: [
        { provider: 'openrouter', models: [{ id: 'mistralai/mistral-large' }, { id: 'openai/gpt-4.1' }] },
        { provider: 'ollama', models: [{ id: 'mistral:7b' }, { id: 'llama3.1:latest' }] },
        { provider: 'studio', models: [{ id: 'qwen2.5-7b-instruct', displayName: 'Qwen 2.5 7B' }] },
      ],
    });
    const remote = catalogue.get('openrouter:mistralai/mistral-large');
    expect(remote).toMatchObject({ source: 'discovered', prices: null, qualityTier: 1 });
    expect(remote.contextWindow).toBe(DISCOVERED_DEFAULTS.contextWindow);
    expect(catalogue.get('ollama:mistral:7b').prices).toMatchObject({ inputPerM: 0, outputPerM: 0 });
    expect(catalogue.get('studio:qwen2.5-7b-instruct')).toMatchObject({
      displayName: 'Qwen 2.5 7B',
      source: 'discovered',
    });
    // Models the catalogue already knows (by id or alias) stay built-in.
    expect(catalogue.get('openrouter:openai/gpt-4.1').source).toBe('builtin');
    expect(catalogue.list().filter((m) => m.model.startsWith('llama3.1'))).toHaveLength(1);
  });

  it('takes a listing’s window, maximum output and lifecycle, and prices a listed dated snapshot as its model', () => {
    const catalogue = new Catalogue({
      today: '2026-12-07',
      discovered: [
        {
          provider: 'anthropic',
          models: [
            { id: 'claude-opus-4-5-20251101', lifecycle: 'deprecated', retiresOn: '2027-01-22' },
            {
              id: 'claude-sonnet-5-5',
              contextWindow: 1_000_000,
              maxOutputTokens: 96_000,
              lifecycle: 'active',
            },
            {
              id: 'claude-new-7',
              displayName: 'Claude New 7',
              contextWindow: 500_000,
              maxOutputTokens: 32_000,
            },
            { id: 'claude-gone-1', lifecycle: 'retired', retiresOn: '2026-01-01' },
          ],
        },
      ],
    });
    // The dated id is the catalogue's Opus 4.5: priced, not a second, unpriced model.
    const opus = catalogue.get('anthropic:claude-opus-4-5-20251101');
    expect(opus.id).toBe('anthropic:claude-opus-4-5');
    expect(opus.prices).toMatchObject({ inputPerM: 5, outputPerM: 25 });
    expect(catalogue.list().filter((m) => m.model.startsWith('claude-opus-4-5'))).toHaveLength(1);
    expect(opus.lifecycle).toMatchObject({ status: 'deprecated', retiresOn: '2027-01-22' });
    // The listing's own figures for a model no snapshot has measured.
    expect(catalogue.get('anthropic:claude-sonnet-5-5')).toMatchObject({
      contextWindow: 1_000_000,
      maxOutputTokens: 96_000,
      listed: true,
      prices: null,
    });
    // A model the catalogue does not know, with what its listing says rather than the small defaults.
    expect(catalogue.get('anthropic:claude-new-7')).toMatchObject({
      source: 'discovered',
      contextWindow: 500_000,
      maxOutputTokens: 32_000,
      prices: null,
    });
    expect(catalogue.get('anthropic:claude-gone-1').lifecycle?.status).toBe('retired');
  });

  it('trusts a listing that still calls a model deprecated past its date (retirement overdue, not done)', () => {
    const catalogue = new Catalogue({
      today: '2027-02-01',
      discovered: [
        {
          provider: 'anthropic',
          models: [{ id: 'claude-opus-4-5', lifecycle: 'deprecated', retiresOn: '2027-01-22' }],
        },
      ],
    });
    expect(catalogue.get('anthropic:claude-opus-4-5').lifecycle?.status).toBe('deprecated');
  });

  it('marks every model configured or not from the predicate it is given', () => {
    const catalogue = new Catalogue({
      isConfigured: (provider) => provider === 'openai' || provider === 'ollama',
    });
    const byProvider = (m: ModelInfo) => m.provider;
    const configured = new Set(
      catalogue
        .list()
        .filter((m) => m.configured)
        .map(byProvider),
    );
    expect([...configured].sort()).toEqual(['ollama', 'openai']);
    expect(catalogue.list().every((m) => typeof m.configured === 'boolean')).toBe(true);
    expect(new Catalogue().list().every((m) => m.configured === undefined)).toBe(true);
  });
});
