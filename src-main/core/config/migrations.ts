/**
 * Older configuration files, brought up to the current version one step at a time before they are checked.
 * Each step is a pure function from version `from` to `from + 1`. Version 1 is the first format: there is no
 * older one yet, so the chain is empty; the next change to the format adds its step here.
 */
import { CONFIG_VERSION } from './format';

type Json = Record<string, unknown>;
export type ConfigMigration = { from: number; up: (data: Json) => Json };

export const CONFIG_MIGRATIONS: readonly ConfigMigration[] = [];

export type Migrated = { ok: true; data: Json; from: number } | { ok: false; message: string };

/** Brings `data` (version `data.version`) up to `current` through `migrations`. */
export function migrateConfig(
  data: Json,
  migrations: readonly ConfigMigration[] = CONFIG_MIGRATIONS,
  current: number = CONFIG_VERSION,
): Migrated {
  const from = data.version;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 0) {
    return {
      ok: false,
      message: `must be the file's format version, a whole number such as ${current}. Correct it.`,
    };
  }
  if (from > current) {
    return {
      ok: false,
      message: `is ${from}: this file was written by a newer Modeldesk, which reads up to version ${current}. Update Modeldesk, then import it again.`,
    };
  }
  let migrated = data;
  for (let version = from; version < current; version++) {
    const step = migrations.find((m) => m.from === version);
    if (!step) {
      return {
        ok: false,
        message: `is ${from}, a format this Modeldesk cannot read. Export the configuration again with a current Modeldesk.`,
      };
    }
    migrated = { ...step.up(migrated), version: version + 1 };
  }
  return { ok: true, data: migrated, from };
}
