/**
 * Reads a configuration file and, when all of it is valid, puts it in place in one `SettingsStore.replace`.
 * Every problem is reported with its path and what to do; with any problem, or with `dryRun`, nothing changes.
 * Sections in the file replace the same sections here; sections left out stay as they are. Keys are never in
 * the file: providers keep the keys this computer's vault holds for their id.
 */
import { builtinProfiles } from '../catalogue/profiles';
import type { SettingsStore } from '../storage/settings';
import type { StoredSettings } from '../storage/settings-schema';
import { CONFIG_KIND, ConfigFileSchema, type ConfigFile } from './format';
import { migrateConfig, type ConfigMigration } from './migrations';
import { inFileOrder, unknownFields, zodProblems, type ConfigProblem } from './problems';
import { crossCheck } from './references';

export type ConfigTarget = Pick<SettingsStore, 'snapshot' | 'replace'>;
export type ImportOptions = {
  /** Check and describe only. */
  dryRun?: boolean;
  /** The migration chain (tests give their own). */
  migrations?: readonly ConfigMigration[];
  /** Whether the catalogue knows a model id; without it, model names in profiles are not checked. */
  isKnownModel?: (id: string) => boolean;
};
/** The `config.import` call's output. */
export type ConfigImportResult = { ok: boolean; problems: ConfigProblem[]; summary: string };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function refused(problems: ConfigProblem[]): ConfigImportResult {
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
  return {
    ok: false,
    problems,
    summary: `Nothing was imported: the file has ${count}. Correct ${problems.length === 1 ? 'it' : 'them'} and import it again.`,
  };
}

type Read = { ok: true; data: Json; from: number } | { ok: false; problem: ConfigProblem };

/** The raw file, migrated to the current version, or the problem that stops it from being read at all. */
function readFile(content: string, migrations: readonly ConfigMigration[] | undefined): Read {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    const message = `is not valid JSON (${(error as Error).message}). Correct it in a text editor, or export the configuration again.`;
    return { ok: false, problem: { path: '(file)', message } };
  }
  const notConfig = 'Import a file made with Settings → Export configuration.';
  if (!isObject(data)) {
    const message = `is not a Modeldesk configuration file: it holds no JSON object. ${notConfig}`;
    return { ok: false, problem: { path: '(file)', message } };
  }
  if (data.kind !== CONFIG_KIND) {
    const what = data.kind === undefined ? 'is missing' : `is ${JSON.stringify(data.kind)}`;
    const message = `${what}: this is not a Modeldesk configuration file (those say "kind": "${CONFIG_KIND}"). ${notConfig}`;
    return { ok: false, problem: { path: 'kind', message } };
  }
  const migrated = migrateConfig(data, migrations);
  if (!migrated.ok) return { ok: false, problem: { path: 'version', message: migrated.message } };
  return migrated;
}

/** What the store holds once the file's sections are in place. */
function applied(current: StoredSettings, file: ConfigFile): StoredSettings {
  const next = structuredClone(current);
  if (file.settings) next.settings = { ...file.settings, budgets: next.settings.budgets };
  if (file.budgets) {
    const { overrideUntil } = current.settings.budgets;
    next.settings.budgets = { ...file.budgets, ...(overrideUntil === undefined ? {} : { overrideUntil }) };
  }
  if (file.providers) next.providers = file.providers;
  if (file.customModels) next.customModels = file.customModels;
  if (file.priceOverrides) next.priceOverrides = file.priceOverrides;
  if (file.profiles) next.profiles = file.profiles;
  return next;
}

function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function listChange(before: ReadonlyArray<{ id: string }>, after: ReadonlyArray<{ id: string }>): string {
  const had = new Set(before.map((x) => x.id));
  const has = new Set(after.map((x) => x.id));
  const added = [...has].filter((id) => !had.has(id));
  const removed = [...had].filter((id) => !has.has(id));
  const parts = [
    ...(added.length > 0 ? [`new: ${added.join(', ')}`] : []),
    ...(removed.length > 0 ? [`removed: ${removed.join(', ')}`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

function joined(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

function describe(current: StoredSettings, file: ConfigFile, from: number, dryRun: boolean): string {
  const parts: string[] = [];
  if (file.settings) parts.push('the app settings');
  if (file.providers) {
    parts.push(
      `${counted(file.providers.length, 'provider')}${listChange(current.providers, file.providers)}`,
    );
  }
  if (file.customModels) {
    const models = file.customModels;
    parts.push(`${counted(models.length, 'custom model')}${listChange(current.customModels, models)}`);
  }
  if (file.priceOverrides) parts.push(counted(Object.keys(file.priceOverrides).length, 'price override'));
  if (file.profiles) {
    parts.push(`${counted(file.profiles.length, 'profile')}${listChange(current.profiles, file.profiles)}`);
  }
  if (file.budgets) parts.push('the budgets');
  if (parts.length === 0) return 'The file holds no settings: nothing to import.';
  const converted = from === file.version ? '' : ` (converted from format version ${from})`;
  const head = dryRun ? `Ready to import${converted}` : `Imported${converted}`;
  const tail = dryRun ? ' Nothing has changed yet.' : '';
  return (
    `${head}: ${joined(parts)}. What the file leaves out stays as it was. Keys are never in a configuration ` +
    `file: providers keep the keys saved on this computer, and new ones need theirs in Settings → Providers.${tail}`
  );
}

export function importConfig(
  target: ConfigTarget,
  content: string,
  options: ImportOptions = {},
): ConfigImportResult {
  const read = readFile(content, options.migrations);
  if (!read.ok) return refused([read.problem]);
  const { data, from } = read;
  const current = target.snapshot();
  const parsed = ConfigFileSchema.safeParse(data);
  const problems = [
    ...(parsed.success ? [] : zodProblems(parsed.error, data)),
    ...unknownFields(ConfigFileSchema, data),
    ...crossCheck(data, current, builtinProfiles(), options.isKnownModel),
  ];
  if (!parsed.success || problems.length > 0) return refused(inFileOrder(problems, data));

  const file = parsed.data;
  const summary = describe(current, file, from, options.dryRun ?? false);
  if (options.dryRun) return { ok: true, problems: [], summary };
  try {
    target.replace(applied(current, file));
  } catch (error) {
    // The store writes section by section: put back what was there before, as far as it will go.
    try {
      target.replace(current);
    } catch {
      // The first failure is the one to report.
    }
    const message = `could not be saved (${(error as Error).message}). Check that the data folder can be written to and has free space, then import it again.`;
    const problems = [{ path: '(file)', message }];
    return { ok: false, problems, summary: 'Nothing was imported: the settings could not be saved.' };
  }
  return { ok: true, problems: [], summary };
}
