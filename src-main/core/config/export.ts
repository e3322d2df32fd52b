/**
 * Writes the configuration file from what the settings store holds. Keys are never in it: the store holds
 * none (they live in the vault), and headers or URL parts that could carry one are left out, each named in
 * `omitted` so the person exporting can be told.
 */
import type { ProviderSettings } from '@contract/settings';
import type { StoredSettings } from '../storage/settings-schema';
import { isCredentialHeader, withoutUrlCredentials } from './credentials';
import { CONFIG_KIND, CONFIG_VERSION, type ConfigFile } from './format';

export type ConfigExport = {
  filename: string;
  content: string;
  /** What was left out because it could carry a credential, e.g. `providers[1].headers["X-Auth-Token"]`. */
  omitted: string[];
};

export type ExportOptions = {
  now?: () => number;
  /** The app's version, written as `exportedBy`. */
  appVersion?: string;
};

function portableProvider(provider: ProviderSettings, where: string, omitted: string[]): ProviderSettings {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(provider.headers)) {
    if (isCredentialHeader(name, value)) omitted.push(`${where}.headers[${JSON.stringify(name)}]`);
    else headers[name] = value;
  }
  const portable: ProviderSettings = { ...provider, headers };
  if (provider.baseURL !== undefined) {
    const clean = withoutUrlCredentials(provider.baseURL);
    if (clean.removed) omitted.push(`${where}.baseURL (its user name, password or key parameter)`);
    portable.baseURL = clean.url;
  }
  if (provider.azure?.endpoint !== undefined) {
    const clean = withoutUrlCredentials(provider.azure.endpoint);
    if (clean.removed) omitted.push(`${where}.azure.endpoint (its user name, password or key parameter)`);
    portable.azure = { ...provider.azure, endpoint: clean.url };
  }
  return portable;
}

export function exportConfig(snapshot: StoredSettings, options: ExportOptions = {}): ConfigExport {
  const now = new Date((options.now ?? Date.now)());
  const omitted: string[] = [];
  const { budgets, ...settings } = snapshot.settings;
  const { overrideUntil: _override, ...portableBudgets } = budgets;
  const file: ConfigFile = {
    kind: CONFIG_KIND,
    version: CONFIG_VERSION,
    exportedAt: now.toISOString(),
    exportedBy: `Modeldesk${options.appVersion ? ` ${options.appVersion}` : ''}`,
    settings,
    providers: snapshot.providers.map((p, i) => portableProvider(p, `providers[${i}]`, omitted)),
    customModels: snapshot.customModels,
    priceOverrides: snapshot.priceOverrides,
    profiles: snapshot.profiles.map(({ builtin: _builtin, ...profile }) => profile),
    budgets: portableBudgets,
  };
  return {
    filename: `modeldesk-config-${now.toISOString().slice(0, 10)}.json`,
    content: `${JSON.stringify(file, null, 2)}\n`,
    omitted,
  };
}
