/**
 * Settings, providers (never keys), profiles, custom models, price overrides and first-run flags, in
 * `<data dir>/settings.json` through the store the host opens it with (settings-file.ts: electron-store in the
 * Electron shell, `conf` in the web host, from the same options): every write is validated against the JSON
 * schema zod emits for `StoredSettingsSchema`, and written atomically.
 *
 * Opening: the raw file is read first; a file that is not JSON is moved aside and defaults are used, with a
 * notice; an older format is migrated (settings-migrations.ts; the original kept as `settings.json.format-N`);
 * a section that fails validation is reset (or, for lists, loses only the entries that fail), the original is
 * moved aside, and a notice says what was reset. Then the store opens the repaired file.
 */
import { copyFileSync } from 'node:fs';
import type { z } from 'zod';
import { ModelRefSchema, PricesSchema, type Prices } from '@contract/models';
import { ProfileSchema, type Profile, type ProfileInput } from '@contract/profiles';
import {
  ProviderSettingsSchema,
  SettingsSchema,
  type ProviderSettings,
  type ProviderSettingsInput,
  type Settings,
} from '@contract/settings';
import { quarantineFile, readJsonOrQuarantine, writeJsonAtomic } from './atomic-file';
import { StorageError } from './errors';
import type { NoticeList } from './notices';
import {
  openSettingsWithConf,
  settingsFileOptions,
  settingsFilePath,
  type OpenSettingsFile,
  type SettingsFile,
} from './settings-file';
import { migrateSettings } from './settings-migrations';
import {
  CustomModelSchema,
  DEFAULT_STORED_SETTINGS,
  FirstRunSchema,
  SETTINGS_SECTIONS,
  StoredSettingsSchema,
  type CustomModel,
  type FirstRun,
  type StoredSettings,
  type StoredSettingsSection,
} from './settings-schema';

export type SettingsStoreOptions = {
  /** The data directory; the file is `settings.json` in it. */
  dir: string;
  notices?: NoticeList;
  now?: () => number;
  /** The host's store (electron-store in the Electron shell); conf by default. */
  openFile?: OpenSettingsFile;
};
export type SettingsListener = (section: StoredSettingsSection) => void;

/** Headers that carry keys: a key belongs in the vault, never in settings.json. */
const SECRET_HEADERS = /^(authorization|proxy-authorization|x-api-key|api-key|x-goog-api-key|cookie)$/i;
const LIST_ITEMS = {
  providers: ProviderSettingsSchema,
  profiles: ProfileSchema,
  customModels: CustomModelSchema,
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function invalid(what: string, error: z.ZodError): StorageError {
  const where = error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || what}: ${i.message}`)
    .join('; ');
  return new StorageError(
    'bad_request',
    `That ${what} is not valid: ${where}.`,
    'Correct it and save again.',
  );
}

/** Keeps every section (and every list entry) that is valid; says what had to go. */
function salvageSections(data: Record<string, unknown>): { value: StoredSettings; lost: string[] } {
  const value: Record<string, unknown> = { schemaVersion: DEFAULT_STORED_SETTINGS.schemaVersion };
  const lost: string[] = [];
  for (const section of SETTINGS_SECTIONS) {
    const raw = data[section];
    const item = LIST_ITEMS[section as keyof typeof LIST_ITEMS];
    if (item && Array.isArray(raw)) {
      const kept = raw.flatMap((entry) => {
        const parsed = item.safeParse(entry);
        return parsed.success ? [parsed.data] : [];
      });
      if (kept.length < raw.length) lost.push(`${raw.length - kept.length} of ${raw.length} ${section}`);
      value[section] = kept;
      continue;
    }
    const parsed = StoredSettingsSchema.shape[section].safeParse(raw);
    if (parsed.success) value[section] = parsed.data;
    else {
      lost.push(section === 'settings' ? 'the app settings' : section);
      value[section] = DEFAULT_STORED_SETTINGS[section];
    }
  }
  return { value: StoredSettingsSchema.parse(value), lost };
}

function load(path: string, now: () => number, notices: NoticeList | undefined): StoredSettings {
  const fresh = () => ({
    ...structuredClone(DEFAULT_STORED_SETTINGS),
    firstRun: { ...DEFAULT_STORED_SETTINGS.firstRun, firstStartedAt: now() },
  });
  const read = readJsonOrQuarantine(
    path,
    (value) => {
      if (!isObject(value)) throw new Error('not an object');
      return value;
    },
    now,
  );
  if (read.status === 'missing') {
    const value = fresh();
    writeJsonAtomic(path, value, { mode: 0o600 });
    return value;
  }
  if (read.status === 'corrupt') {
    notices?.add({
      id: 'settings-recovered',
      level: 'warning',
      message:
        `Modeldesk could not read its settings file (${read.reason}), moved it to ${read.movedTo} and started with ` +
        'default settings. Your conversations and keys are not affected; set up your providers and profiles again.',
    });
    const value = fresh();
    writeJsonAtomic(path, value, { mode: 0o600 });
    return value;
  }
  const { data, from } = migrateSettings(read.value);
  const parsed = StoredSettingsSchema.safeParse(data);
  if (parsed.success) {
    if (from !== DEFAULT_STORED_SETTINGS.schemaVersion) {
      copyFileSync(path, `${path}.format-${from}`);
      writeJsonAtomic(path, parsed.data, { mode: 0o600 });
    }
    return parsed.data;
  }
  const { value, lost } = salvageSections(data);
  const movedTo = quarantineFile(path, now());
  writeJsonAtomic(path, value, { mode: 0o600 });
  notices?.add({
    id: 'settings-recovered',
    level: 'warning',
    message:
      `Part of Modeldesk's settings file was damaged: ${lost.join(', ')} could not be read and ` +
      `${lost.length === 1 ? 'was' : 'were'} reset. The original file is at ${movedTo}. Everything else was kept.`,
  });
  return value;
}

export class SettingsStore {
  readonly path: string;
  private data: StoredSettings;
  private readonly conf: SettingsFile;
  private readonly listeners = new Set<SettingsListener>();

  constructor(options: SettingsStoreOptions) {
    const fileOptions = settingsFileOptions(options.dir);
    this.path = settingsFilePath(fileOptions);
    this.data = load(this.path, options.now ?? Date.now, options.notices);
    this.conf = (options.openFile ?? openSettingsWithConf)(fileOptions);
    if (this.conf.path !== this.path) {
      throw new Error(`The settings store opened ${this.conf.path} instead of ${this.path}.`);
    }
  }

  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A copy of everything stored (for config export). */
  snapshot(): StoredSettings {
    return structuredClone(this.data);
  }

  /** Replaces everything at once (config import), after validating all of it. */
  replace(input: unknown): StoredSettings {
    const parsed = StoredSettingsSchema.safeParse(input);
    if (!parsed.success) throw invalid('configuration', parsed.error);
    for (const provider of parsed.data.providers) this.refuseSecretHeaders(provider);
    // One write of the whole file (conf writes atomically), so a crash leaves the old or the new, never a mix.
    this.conf.store = parsed.data as never;
    this.data = structuredClone(parsed.data);
    for (const section of SETTINGS_SECTIONS) for (const listener of this.listeners) listener(section);
    return this.snapshot();
  }

  getSettings(): Settings {
    return structuredClone(this.data.settings);
  }

  /** Merges `patch` into the settings (top-level keys replace). */
  updateSettings(patch: Partial<Settings>): Settings {
    const parsed = SettingsSchema.safeParse({ ...this.data.settings, ...patch });
    if (!parsed.success) throw invalid('setting', parsed.error);
    this.write('settings', parsed.data);
    return this.getSettings();
  }

  listProviders(): ProviderSettings[] {
    return structuredClone(this.data.providers);
  }

  getProvider(id: string): ProviderSettings | undefined {
    return structuredClone(this.data.providers.find((p) => p.id === id));
  }

  upsertProvider(input: ProviderSettingsInput): ProviderSettings {
    const parsed = ProviderSettingsSchema.safeParse(input);
    if (!parsed.success) throw invalid('provider', parsed.error);
    this.refuseSecretHeaders(parsed.data);
    this.write('providers', upsertById(this.data.providers, parsed.data));
    return structuredClone(parsed.data);
  }

  removeProvider(id: string): boolean {
    return this.removeById('providers', id);
  }

  listProfiles(): Profile[] {
    return structuredClone(this.data.profiles);
  }

  upsertProfile(input: ProfileInput): Profile {
    const parsed = ProfileSchema.safeParse(input);
    if (!parsed.success) throw invalid('profile', parsed.error);
    this.write('profiles', upsertById(this.data.profiles, parsed.data));
    return structuredClone(parsed.data);
  }

  removeProfile(id: string): boolean {
    return this.removeById('profiles', id);
  }

  listCustomModels(): CustomModel[] {
    return structuredClone(this.data.customModels);
  }

  upsertCustomModel(input: CustomModel): CustomModel {
    const parsed = CustomModelSchema.safeParse(input);
    if (!parsed.success) throw invalid('model', parsed.error);
    this.write('customModels', upsertById(this.data.customModels, parsed.data));
    return structuredClone(parsed.data);
  }

  removeCustomModel(id: string): boolean {
    return this.removeById('customModels', id);
  }

  getPriceOverrides(): Record<string, Prices> {
    return structuredClone(this.data.priceOverrides);
  }

  /** Sets the prices used for a model instead of the catalogue's; null removes the override. */
  setPriceOverride(modelId: string, prices: Prices | null): void {
    const id = ModelRefSchema.safeParse(modelId);
    if (!id.success) throw invalid('model id', id.error);
    const next = { ...this.data.priceOverrides };
    if (prices === null) delete next[modelId];
    else {
      const parsed = PricesSchema.safeParse(prices);
      if (!parsed.success) throw invalid('price', parsed.error);
      next[modelId] = parsed.data;
    }
    this.write('priceOverrides', next);
  }

  getFirstRun(): FirstRun {
    return structuredClone(this.data.firstRun);
  }

  updateFirstRun(patch: Partial<FirstRun>): FirstRun {
    this.write('firstRun', FirstRunSchema.parse({ ...this.data.firstRun, ...patch }));
    return this.getFirstRun();
  }

  private refuseSecretHeaders(provider: ProviderSettings): void {
    const secret = Object.keys(provider.headers).find((h) => SECRET_HEADERS.test(h));
    if (secret) {
      throw new StorageError(
        'bad_request',
        `The header "${secret}" carries a key, and keys are never stored in settings.`,
        'Remove it from the extra headers and add the key in the key field: it is stored encrypted there.',
      );
    }
  }

  private removeById(section: 'providers' | 'profiles' | 'customModels', id: string): boolean {
    const list = this.data[section] as Array<{ id: string }>;
    if (!list.some((item) => item.id === id)) return false;
    this.write(section, list.filter((item) => item.id !== id) as never);
    return true;
  }

  private write<S extends StoredSettingsSection>(section: S, value: StoredSettings[S]): void {
    this.conf.set(section, value as never);
    this.data = { ...this.data, [section]: structuredClone(value) };
    for (const listener of this.listeners) listener(section);
  }
}

function upsertById<T extends { id: string }>(list: readonly T[], item: T): T[] {
  const index = list.findIndex((existing) => existing.id === item.id);
  return index === -1 ? [...list, item] : list.map((existing, i) => (i === index ? item : existing));
}
