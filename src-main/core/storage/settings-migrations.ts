/**
 * Versioned migrations of settings.json, each a pure function from one format to the next, run in order on the
 * raw JSON before the file is opened by `conf`. (conf's own semver-keyed migrations are documented by its
 * author as unsupported with known bugs; these are small, pure and tested one by one.)
 *
 * Format 1, the first preview's flat layout:
 *   { theme: 'auto' | 'light' | 'dark', logPrompts, cacheTtlSeconds, defaultProfile,
 *     providers: { [id]: { kind, label, baseUrl, ... } }, profiles: [...] }
 * Format 2, sections: { schemaVersion: 2, settings: {...}, providers: [...], profiles, customModels,
 *   priceOverrides, firstRun }.
 */
import { SETTINGS_VERSION } from './settings-schema';

type Json = Record<string, unknown>;
export type SettingsMigration = { from: number; up: (data: Json) => Json };

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Format 1 to 2: sectioned layout, `auto` theme renamed `system`, cache TTL in hours, providers as a list. */
function flatToSections(data: Json): Json {
  const settings: Json = {};
  if (typeof data.theme === 'string') settings.theme = data.theme === 'auto' ? 'system' : data.theme;
  if (typeof data.logPrompts === 'boolean') settings.privacy = { logPrompts: data.logPrompts };
  if (typeof data.cacheTtlSeconds === 'number' && data.cacheTtlSeconds > 0) {
    settings.cache = {
      enabled: data.cacheEnabled !== false,
      ttlHours: data.cacheTtlSeconds / 3600,
      maxEntries: 5000,
    };
  }
  if (typeof data.defaultProfile === 'string') settings.defaultProfileId = data.defaultProfile;
  const providers = isObject(data.providers)
    ? Object.entries(data.providers).flatMap(([id, value]) => {
        if (!isObject(value)) return [];
        const { baseUrl, ...rest } = value;
        const provider: Json = { ...rest, id, preset: rest.preset ?? rest.kind };
        if (typeof baseUrl === 'string') provider.baseURL = baseUrl;
        return [provider];
      })
    : [];
  return {
    schemaVersion: 2,
    settings,
    providers,
    profiles: Array.isArray(data.profiles) ? data.profiles : [],
    customModels: [],
    priceOverrides: {},
    firstRun: { envKeysOffered: true, onboardingDone: true },
  };
}

export const settingsMigrations: SettingsMigration[] = [{ from: 1, up: flatToSections }];

/** The format a file is in: files from before formats were numbered are format 1. */
export function formatOf(data: Json): number {
  return typeof data.schemaVersion === 'number' ? data.schemaVersion : 1;
}

/** Brings `data` up to the current format; says how far it came. A file from a newer Modeldesk is refused. */
export function migrateSettings(data: Json): { data: Json; from: number } {
  const from = formatOf(data);
  if (from > SETTINGS_VERSION) {
    throw new Error(
      `settings.json was written by a newer Modeldesk (format ${from}; this one reads up to ${SETTINGS_VERSION}). ` +
        'Update Modeldesk, or start this version with another folder: --data-dir <path>.',
    );
  }
  let current = data;
  for (let version = from; version < SETTINGS_VERSION; version++) {
    const step = settingsMigrations.find((m) => m.from === version);
    if (!step) throw new Error(`No migration of settings from format ${version}.`);
    current = step.up(current);
  }
  return { data: current, from };
}
