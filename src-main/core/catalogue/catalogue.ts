/**
 * The model catalogue as the app sees it: the catalogue file's models (under every configured provider of a
 * matching preset), the user's custom models and price overrides, and what providers' own listings say. A
 * listed model the catalogue knows by id, alias or dated snapshot (`claude-opus-4-5-20251101` is
 * `claude-opus-4-5`) is that model, with the listing's context window, maximum output and lifecycle where the
 * listing gives them; one it does not know is added (its price unknown, except on local servers where it is a
 * known 0). Prices are those in effect on `today` (announced changes apply on their day); each model carries its
 * lifecycle on that day and its successor. Immutable: build a new one when any input changes (it is cheap).
 */
import {
  ModelInfoSchema,
  PricesSchema,
  parseModelRef,
  type Capabilities,
  type ModelInfo,
  type Prices,
  type ProviderPreset,
} from '@contract/models';
import type { RemoteModel } from '../providers/types';
import { builtinCatalogue, pricesInEffect, type CatalogueFile } from './builtin';
import { closestNames, editDistance, orList } from './closest';
import { dayOf, lifecycleNotice, lifecycleOn } from './lifecycle';

/** A custom model as the settings store keeps it (`models.upsertCustom`). */
export type CustomModel = Omit<ModelInfo, 'source' | 'configured'>;

/** A configured provider: its id (the `provider` part of model ids) and the preset it was made from. */
export type ProviderInstance = { id: string; preset: ProviderPreset };

/** What a provider's model list returned. */
export type DiscoveredModels = { provider: string; models: RemoteModel[] };

export type CatalogueInputs = {
  providers?: ProviderInstance[];
  custom?: CustomModel[];
  /** By model id; an entry replaces the model's prices. To clear an override, the settings store drops it. */
  priceOverrides?: Record<string, Prices>;
  discovered?: DiscoveredModels[];
  /** Whether a provider id is configured (has a key, or needs none); sets `configured` on every model. */
  isConfigured?: (providerId: string) => boolean;
  /** YYYY-MM-DD (UTC): which prices are in effect and which models have retired. Today by default. */
  today?: string;
};

/** Which built-in models a preset serves. */
const CATALOGUE_PROVIDER_OF_PRESET: Partial<Record<ProviderPreset, string>> = {
  anthropic: 'anthropic',
  openai: 'openai',
  gemini: 'gemini',
  groq: 'groq',
  openrouter: 'openrouter',
  ollama: 'ollama',
};

/** Servers on this computer: no per-token price, so a model they list costs a known 0. */
const LOCAL_PRESETS: ReadonlySet<string> = new Set<ProviderPreset>(['ollama', 'lmstudio', 'llamacpp']);

const FREE_PRICES: Prices = {
  inputPerM: 0,
  outputPerM: 0,
  cacheReadPerM: 0,
  cacheWritePerM: 0,
  cacheWrite1hPerM: 0,
};

/** What the catalogue assumes of a listed model it knows nothing about: little, so nothing is promised wrongly. */
export const DISCOVERED_DEFAULTS: {
  contextWindow: number;
  maxOutputTokens: number;
  qualityTier: number;
  capabilities: Capabilities;
} = {
  contextWindow: 8192,
  maxOutputTokens: 4096,
  qualityTier: 1,
  capabilities: { vision: false, tools: false, structuredOutput: false, reasoning: false, streaming: true },
};

export class UnknownModelError extends Error {
  readonly ref: string;
  readonly suggestions: string[];

  constructor(ref: string, suggestions: string[], malformed?: string) {
    const hint = suggestions.length > 0 ? ` Did you mean ${orList(suggestions)}?` : '';
    super(
      `${malformed ?? `Unknown model "${ref}".`}${hint} ` +
        'If your provider offers it, add it as a custom model in Settings → Models.',
    );
    this.name = 'UnknownModelError';
    this.ref = ref;
    this.suggestions = suggestions;
  }
}

const CustomModelSchema = ModelInfoSchema.omit({ source: true, configured: true });

/** A dated snapshot id's undated model: `claude-opus-4-5-20251101` → `claude-opus-4-5`, `gpt-4.1-2025-04-14` → `gpt-4.1`. */
export function undated(model: string): string | undefined {
  const match = /^(.+?)-(?:\d{8}|\d{4}-\d{2}-\d{2})$/.exec(model);
  return match?.[1];
}

function modelPart(ref: string): string {
  const i = ref.indexOf(':');
  return i < 0 ? ref : ref.slice(i + 1);
}

/** Distance of a typed id to a known one: the whole id, or its model part alone (`gpt-4.1` for `openai:gpt-4.1`). */
function refDistance(typed: string, known: string): number {
  return Math.min(editDistance(typed, known), editDistance(modelPart(typed), modelPart(known)));
}

export class Catalogue {
  /** Problems with the user's inputs (skipped custom models, overrides of unknown models...), for Settings. */
  readonly problems: string[] = [];
  /** Canonical id → model, in listing order. */
  private readonly models = new Map<string, ModelInfo>();
  /** Every id a model answers to (canonical and aliases) → canonical id. */
  private readonly refs = new Map<string, string>();

  /** The day the catalogue was built for (YYYY-MM-DD). */
  readonly today: string;
  /** The catalogue file it was built from (its date and dataset are shown in Settings → Models). */
  readonly file: CatalogueFile;

  constructor(inputs: CatalogueInputs = {}, file: CatalogueFile = builtinCatalogue()) {
    this.today = inputs.today ?? dayOf();
    this.file = file;
    const instances = this.instances(inputs.providers ?? [], file);
    this.addBuiltins(instances, file);
    for (const custom of inputs.custom ?? []) this.addCustom(custom);
    const presetOf = new Map(instances.map((i) => [i.id, i.preset]));
    for (const listed of inputs.discovered ?? []) this.addDiscovered(listed, presetOf.get(listed.provider));
    for (const [ref, prices] of Object.entries(inputs.priceOverrides ?? {})) this.overridePrices(ref, prices);
    if (inputs.isConfigured) {
      for (const [id, model] of this.models) {
        this.models.set(id, { ...model, configured: inputs.isConfigured(model.provider) });
      }
    }
  }

  /** Every model, built-in first (in the catalogue's order), then custom, then discovered. */
  list(): ModelInfo[] {
    return [...this.models.values()];
  }

  /**
   * The model an id names (its canonical id, an alias, or a dated snapshot of either: `anthropic:claude-opus-4-5-
   * 20251101` is `anthropic:claude-opus-4-5`), or undefined.
   */
  find(ref: string): ModelInfo | undefined {
    const id = this.resolve(ref);
    return id === undefined ? undefined : this.models.get(id);
  }

  private resolve(ref: string): string | undefined {
    const id = this.refs.get(ref);
    if (id !== undefined) return id;
    const colon = ref.indexOf(':');
    const base = colon > 0 ? undated(ref.slice(colon + 1)) : undefined;
    return base === undefined ? undefined : this.refs.get(`${ref.slice(0, colon)}:${base}`);
  }

  /** The model an id names; an unknown or malformed id is an `UnknownModelError` naming the closest known ids. */
  get(ref: string): ModelInfo {
    const found = this.find(ref);
    if (found) return found;
    let malformed: string | undefined;
    try {
      parseModelRef(ref);
    } catch (error) {
      malformed = `${(error as Error).message}.`;
    }
    throw new UnknownModelError(ref, this.closest(ref), malformed);
  }

  /** The known ids closest to a typed one. */
  closest(ref: string, count = 3): string[] {
    return closestNames(ref, this.models.keys(), count, refDistance);
  }

  private instances(given: ProviderInstance[], file: CatalogueFile): ProviderInstance[] {
    const instances = [...given];
    const ids = new Set(given.map((i) => i.id));
    // The built-in providers are always listed, configured or not, so people see what they could set up.
    for (const provider of new Set(file.models.map((m) => m.provider))) {
      if (!ids.has(provider)) instances.push({ id: provider, preset: provider as ProviderPreset });
    }
    return instances;
  }

  private addBuiltins(instances: ProviderInstance[], file: CatalogueFile): void {
    const byRef = new Map(file.models.map((e) => [`${e.provider}:${e.model}`, e]));
    for (const instance of instances) {
      const catalogueProvider = CATALOGUE_PROVIDER_OF_PRESET[instance.preset];
      if (catalogueProvider === undefined) continue;
      for (const entry of file.models) {
        if (entry.provider !== catalogueProvider) continue;
        const info: ModelInfo = {
          id: `${instance.id}:${entry.model}`,
          provider: instance.id,
          model: entry.model,
          displayName: entry.displayName,
          contextWindow: entry.contextWindow,
          maxOutputTokens: entry.maxOutputTokens,
          capabilities: entry.capabilities,
          prices: pricesInEffect(entry, this.today).prices,
          qualityTier: entry.qualityTier,
          source: 'builtin',
        };
        const upcoming = pricesInEffect(entry, this.today).upcoming;
        if (upcoming) info.upcomingPrices = upcoming;
        if (entry.maxInputTokens !== undefined) info.maxInputTokens = entry.maxInputTokens;
        if (entry.lifecycle) {
          const lifecycle: NonNullable<ModelInfo['lifecycle']> = lifecycleOn(entry.lifecycle, this.today);
          const successor = entry.lifecycle.successor ? byRef.get(entry.lifecycle.successor) : undefined;
          if (successor) {
            // The successor under the same configured provider when it is the same catalogue provider.
            const provider = successor.provider === entry.provider ? instance.id : successor.provider;
            lifecycle.successor = {
              id: `${provider}:${successor.model}`,
              displayName: successor.displayName,
            };
          }
          if (entry.sources.lifecycle) lifecycle.source = entry.sources.lifecycle;
          info.lifecycle = lifecycle;
          const notice = lifecycleNotice(info);
          if (notice) lifecycle.notice = notice;
          if (lifecycle.status !== 'active') info.deprecated = true;
        }
        this.put(
          info,
          entry.aliases.map((alias) => `${instance.id}:${alias}`),
        );
      }
    }
  }

  private addCustom(custom: CustomModel): void {
    const parsed = CustomModelSchema.safeParse(custom);
    const label = typeof custom?.id === 'string' ? custom.id : '(no id)';
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      this.problems.push(
        `Custom model ${label} is invalid and was left out (${where}). Correct it in Settings → Models.`,
      );
      return;
    }
    const model = parsed.data;
    const { provider, model: name } = parseModelRef(model.id);
    if (provider !== model.provider || name !== model.model) {
      this.problems.push(
        `Custom model ${model.id} says provider "${model.provider}" and model "${model.model}", which do not match its id; it was left out. Correct it in Settings → Models.`,
      );
      return;
    }
    // A custom model with a built-in model's id replaces it, aliases included; one with an alias's id takes
    // over that alias alone.
    const replaces = this.models.has(model.id);
    const aliases = replaces ? [...this.refs].filter(([, id]) => id === model.id).map(([ref]) => ref) : [];
    this.put({ ...model, source: 'custom' }, aliases);
  }

  private addDiscovered(listed: DiscoveredModels, preset: ProviderPreset | undefined): void {
    const local = LOCAL_PRESETS.has(preset ?? listed.provider);
    for (const remote of listed.models) {
      const id = `${listed.provider}:${remote.id}`;
      const known = this.resolve(id);
      if (known !== undefined) {
        // The catalogue's model (a dated snapshot is priced as its model): the listing's figures win.
        this.refs.set(id, known);
        const model = this.models.get(known);
        if (model && model.source !== 'custom')
          this.models.set(known, withListing(model, remote, this.today));
        continue;
      }
      const model: ModelInfo = {
        id,
        provider: listed.provider,
        model: remote.id,
        displayName: remote.displayName ?? remote.id,
        contextWindow: DISCOVERED_DEFAULTS.contextWindow,
        maxOutputTokens: DISCOVERED_DEFAULTS.maxOutputTokens,
        capabilities: { ...DISCOVERED_DEFAULTS.capabilities },
        prices: local ? { ...FREE_PRICES } : null,
        qualityTier: DISCOVERED_DEFAULTS.qualityTier,
        source: 'discovered',
      };
      this.put(withListing(model, remote, this.today), []);
    }
  }

  private overridePrices(ref: string, prices: Prices): void {
    const id = this.refs.get(ref);
    const model = id === undefined ? undefined : this.models.get(id);
    if (id === undefined || !model) {
      const near = this.closest(ref);
      this.problems.push(
        `A price override names ${ref}, which is not in the catalogue, so it is not used${near.length ? ` (did you mean ${orList(near)}?)` : ''}. Remove or correct it in Settings → Models.`,
      );
      return;
    }
    const parsed = PricesSchema.safeParse(prices);
    if (!parsed.success) {
      this.problems.push(
        `The price override for ${ref} is invalid (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}), so the catalogue's prices are used. Correct it in Settings → Models.`,
      );
      return;
    }
    this.models.set(id, { ...model, prices: parsed.data });
  }

  private put(model: ModelInfo, aliases: string[]): void {
    this.models.set(model.id, model);
    this.refs.set(model.id, model.id);
    for (const alias of aliases) this.refs.set(alias, model.id);
  }
}

/**
 * A model with what its provider's listing says of it: the input window and the most output (Anthropic's
 * `max_input_tokens` and `max_tokens`), capabilities it reports, and its lifecycle (Anthropic's `lifecycle` and
 * `retires_at`, OpenAI's `shutdown_date`).
 */
function withListing(model: ModelInfo, remote: RemoteModel, today: string): ModelInfo {
  const next: ModelInfo = { ...model };
  let listed = false;
  if (remote.contextWindow !== undefined) {
    next.contextWindow = remote.contextWindow;
    listed = true;
  }
  if (remote.maxOutputTokens !== undefined) {
    next.maxOutputTokens = Math.min(remote.maxOutputTokens, next.contextWindow);
    listed = true;
  }
  if (next.maxOutputTokens > next.contextWindow) next.maxOutputTokens = next.contextWindow;
  if (remote.capabilities) {
    next.capabilities = { ...next.capabilities, ...remote.capabilities };
    listed = true;
  }
  if (remote.lifecycle !== undefined || remote.retiresOn !== undefined) {
    const dates = lifecycleOn(
      {
        ...(remote.retiresOn ? { retiresOn: remote.retiresOn } : {}),
        ...(remote.deprecatedOn ? { deprecatedOn: remote.deprecatedOn } : {}),
        ...(remote.lifecycle === 'retired' ? { retired: true } : {}),
        ...(remote.lifecycle === 'deprecated' ? { deprecated: true } : {}),
      },
      today,
    );
    // The provider's own word on a model still listed as deprecated wins over a passed date ("overdue").
    if (remote.lifecycle === 'deprecated' && dates.status === 'retired') dates.status = 'deprecated';
    if (remote.lifecycle === 'active') dates.status = 'active';
    next.lifecycle = {
      ...dates,
      ...(model.lifecycle?.successor ? { successor: model.lifecycle.successor } : {}),
      source: "the provider's model listing",
    };
    if (dates.status === 'active') delete next.deprecated;
    else next.deprecated = true;
    listed = true;
  }
  if (listed) next.listed = true;
  return next;
}
