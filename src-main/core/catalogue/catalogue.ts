/**
 * The model catalogue as the app sees it: the built-in models (under every configured provider of a matching
 * preset), the user's custom models and price overrides, and models a provider listed that the catalogue does
 * not know (their price unknown, except on local servers where it is a known 0). Immutable: build a new one
 * when any input changes (it is cheap).
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
import { builtinCatalogue, type CatalogueFile } from './builtin';
import { closestNames, editDistance, orList } from './closest';

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

  constructor(inputs: CatalogueInputs = {}, file: CatalogueFile = builtinCatalogue()) {
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

  /** The model an id names (its canonical id or an alias such as a dated id), or undefined. */
  find(ref: string): ModelInfo | undefined {
    const id = this.refs.get(ref);
    return id === undefined ? undefined : this.models.get(id);
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
          prices: entry.prices,
          qualityTier: entry.qualityTier,
          source: 'builtin',
        };
        if (entry.deprecated) info.deprecated = true;
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
      if (this.refs.has(id)) continue;
      this.put(
        {
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
        },
        [],
      );
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
