/**
 * The providers the app knows: the user's saved ones plus the standard presets (so a key can be set for OpenAI or
 * Anthropic without adding anything first), each turned into an adapter with its key from the vault. Adapters
 * and the model catalogue are rebuilt when settings or keys change. Keys go from the vault to the adapter and
 * nowhere else: views carry only `KeyView`s (last four characters).
 */
import type { KeyView, ProviderView } from '@contract/bridge';
import type { ProviderHealth, ProviderPreset } from '@contract/models';
import { ProviderSettingsSchema, type ProviderSettings } from '@contract/settings';
import type { CatalogueFile } from '../catalogue/builtin';
import { Catalogue, type DiscoveredModels } from '../catalogue/catalogue';
import { dayOf } from '../catalogue/lifecycle';
import { createAdapter, describeProvider, PRESETS, type Env } from '../providers/index';
import type { ProviderAdapter, ProviderConfig, RemoteModel } from '../providers/types';
import type { KeyRing } from '../policies/pipeline';
import { keyRingOf } from '../vault/key-ring';
import type { KeyVault } from '../vault/vault';
import type { SettingsStore } from '../storage/settings';

/** Presets listed even when the user saved nothing for them. */
const STANDARD_PRESETS: readonly ProviderPreset[] = [
  'anthropic',
  'openai',
  'gemini',
  'azure',
  'ollama',
  'openrouter',
  'groq',
];

function presetDefault(preset: ProviderPreset, env: Env): ProviderSettings {
  const info = PRESETS[preset];
  // A local server is only assumed to be there when the environment says where.
  const local = !info.needsKey;
  const enabled = !local || info.baseURLEnv.some((name) => Boolean(env[name]?.trim()));
  return ProviderSettingsSchema.parse({ id: preset, kind: info.kind, preset, label: info.label, enabled });
}

export type ProviderRegistryOptions = {
  settings: SettingsStore;
  vault: KeyVault;
  env: Env;
  /** The catalogue file in use (the built-in one, or a refresh the user applied). */
  catalogueFile?: () => CatalogueFile;
  /** The clock: which prices are in effect and which models have retired. */
  now?: () => number;
};

export class ProviderRegistry {
  private readonly adapters = new Map<string, { signature: string; adapter: ProviderAdapter }>();
  private readonly discovered = new Map<string, RemoteModel[]>();
  private catalogueCache: Catalogue | null = null;
  private catalogueDay = '';
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly options: ProviderRegistryOptions) {
    this.unsubscribe.push(options.settings.onChange(() => this.changed()));
    this.unsubscribe.push(options.vault.onChange(() => this.changed()));
  }

  /** Called after any change of providers, keys, custom models or prices. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.listeners.clear();
  }

  /** Saved providers first, then the standard presets not saved. */
  list(): ProviderSettings[] {
    const saved = this.options.settings.listProviders();
    const ids = new Set(saved.map((p) => p.id));
    const defaults = STANDARD_PRESETS.filter((preset) => !ids.has(preset)).map((preset) =>
      presetDefault(preset, this.options.env),
    );
    return [...saved, ...defaults];
  }

  get(id: string): ProviderSettings | undefined {
    return this.list().find((p) => p.id === id);
  }

  ids(): string[] {
    return this.list().map((p) => p.id);
  }

  labelOf(id: string): string {
    return this.get(id)?.label ?? id;
  }

  /** The adapter's configuration, with the vault's current key (never stored anywhere else). */
  private configOf(provider: ProviderSettings): ProviderConfig {
    const config: ProviderConfig = {
      id: provider.id,
      kind: provider.kind,
      preset: provider.preset,
      label: provider.label,
      headers: provider.headers,
      timeouts: provider.timeouts,
    };
    if (provider.baseURL) config.baseURL = provider.baseURL;
    const key = this.options.vault.keyFor(provider.id);
    if (key) config.apiKey = key.secret;
    if (provider.azure) {
      config.azure = {
        endpoint: provider.azure.endpoint,
        apiVersion: provider.azure.apiVersion,
        deployments: provider.azure.deployments,
      };
    }
    return config;
  }

  describe(id: string) {
    const provider = this.get(id);
    if (!provider) return undefined;
    return describeProvider(this.configOf(provider), this.options.env);
  }

  isConfigured(id: string): boolean {
    const provider = this.get(id);
    return provider !== undefined && provider.enabled && this.describe(id)?.configured === true;
  }

  /** The adapter of an enabled, configured provider (the pipeline's `adapterFor`); undefined otherwise. */
  adapterFor(id: string): ProviderAdapter | undefined {
    const provider = this.get(id);
    if (!provider?.enabled) return undefined;
    const config = this.configOf(provider);
    if (!describeProvider(config, this.options.env).configured) return undefined;
    return this.buildAdapter(config);
  }

  /** An adapter even for an unconfigured provider ("Test connection" explains what is missing). */
  anyAdapterFor(id: string): ProviderAdapter | undefined {
    const provider = this.get(id);
    return provider ? this.buildAdapter(this.configOf(provider)) : undefined;
  }

  private buildAdapter(config: ProviderConfig): ProviderAdapter {
    const signature = JSON.stringify(config);
    const cached = this.adapters.get(config.id);
    if (cached && cached.signature === signature) return cached.adapter;
    const adapter = createAdapter(config, this.options.env);
    this.adapters.set(config.id, { signature, adapter });
    return adapter;
  }

  /** The vault's keys as the pipeline's key ring (`keyRingOf`). */
  get keyRing(): KeyRing {
    return keyRingOf(this.options.vault);
  }

  keysOf(id: string): KeyView[] {
    return this.options.vault.list(id);
  }

  view(provider: ProviderSettings, health: ProviderHealth): ProviderView {
    const description = describeProvider(this.configOf(provider), this.options.env);
    return {
      ...provider,
      keys: this.keysOf(provider.id),
      health,
      needsKey: description.needsKey,
      configured: provider.enabled && description.configured,
    };
  }

  /** Models a provider listed ("Test connection"): the catalogue shows the ones it does not know. */
  setDiscovered(id: string, models: RemoteModel[]): void {
    this.discovered.set(id, models);
    this.changed();
  }

  /** The catalogue file changed (a refresh was applied or undone). */
  catalogueChanged(): void {
    this.changed();
  }

  catalogue(): Catalogue {
    // Rebuilt on a new day too: prices announced for it apply, models retiring on it retire.
    const today = dayOf((this.options.now ?? Date.now)());
    if (today !== this.catalogueDay) this.catalogueCache = null;
    if (!this.catalogueCache) {
      this.catalogueDay = today;
      const discovered: DiscoveredModels[] = [...this.discovered].map(([provider, models]) => ({
        provider,
        models,
      }));
      this.catalogueCache = new Catalogue(
        {
          providers: this.list().map((p) => ({ id: p.id, preset: p.preset })),
          custom: this.options.settings.listCustomModels(),
          priceOverrides: this.options.settings.getPriceOverrides(),
          discovered,
          isConfigured: (id) => this.isConfigured(id),
          today,
        },
        this.options.catalogueFile?.(),
      );
    }
    return this.catalogueCache;
  }

  private changed(): void {
    this.catalogueCache = null;
    for (const listener of this.listeners) listener();
  }
}
