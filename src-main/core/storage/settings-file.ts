/**
 * settings.json as both hosts open it: ONE description of the file (location, name, JSON schema, defaults, mode,
 * no dot-notation, never cleared when invalid), handed to a store factory the host chooses. The Electron shell
 * opens it with `electron-store` (src-main/hosts/electron/settings-file.ts); the web host and tests with `conf`,
 * electron-store's Node core, which reads and writes the very same file. So one data folder opens in both.
 *
 * Migrations are not conf's semver-keyed `migrations` option (which records the app's version in the file and
 * would tie the format to whichever host opened it last): SettingsStore runs the numbered format migrations of
 * settings-migrations.ts on the raw file, for both hosts alike, before the store opens it.
 */
import Conf, { type Options } from 'conf';
import { resolve } from 'node:path';
import { confSchema, DEFAULT_STORED_SETTINGS, type StoredSettings } from './settings-schema';

export type SettingsFileOptions = Required<
  Pick<
    Options<StoredSettings>,
    | 'cwd'
    | 'configName'
    | 'fileExtension'
    | 'schema'
    | 'defaults'
    | 'clearInvalidConfig'
    | 'accessPropertiesByDotNotation'
    | 'configFileMode'
  >
>;

/** What SettingsStore needs of the opened file: conf's API, which electron-store extends. */
export type SettingsFile = Pick<Conf<StoredSettings>, 'path' | 'store' | 'set'>;

/** Opens settings.json from the shared options; each host passes its own (the core never imports electron). */
export type OpenSettingsFile = (options: SettingsFileOptions) => SettingsFile;

export function settingsFileOptions(dir: string): SettingsFileOptions {
  return {
    cwd: dir,
    configName: 'settings',
    fileExtension: 'json',
    schema: confSchema() as SettingsFileOptions['schema'],
    defaults: DEFAULT_STORED_SETTINGS,
    // A damaged file is moved aside with a notice by SettingsStore, never silently emptied.
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    configFileMode: 0o600,
  };
}

/** Where the options put the file. */
export function settingsFilePath(options: Pick<SettingsFileOptions, 'cwd' | 'configName' | 'fileExtension'>) {
  return resolve(options.cwd, `${options.configName}.${options.fileExtension}`);
}

/** The web host's (and the tests') store: conf itself. */
export const openSettingsWithConf: OpenSettingsFile = (options) => new Conf<StoredSettings>(options);
