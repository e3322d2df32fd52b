/**
 * The local database: SQLite through Node's built-in `node:sqlite` (also in Electron's Node), in WAL mode.
 * Why SQLite: thousands of conversations stay fast (indexes, full-text search), every write is a transaction
 * (atomic, and a killed process loses nothing committed), and nothing native needs building or installing.
 *
 * Each area (conversations, ledger, cache, batch) registers its own numbered migrations under its own name.
 */
import type { DatabaseSync as DatabaseSyncType, SQLInputValue } from 'node:sqlite';

export type Migration = { version: number; up: string | ((db: Database) => void) };

function loadDatabaseSync(): typeof DatabaseSyncType {
  const mod = process.getBuiltinModule?.('node:sqlite') as { DatabaseSync: typeof DatabaseSyncType } | undefined;
  if (!mod) {
    throw new Error('This runtime has no built-in SQLite (node:sqlite). Modeldesk needs Node 22.13 or later, or Electron 35 or later.');
  }
  return mod.DatabaseSync;
}

export class Database {
  readonly raw: DatabaseSyncType;
  readonly path: string;

  constructor(path: string) {
    const DatabaseSync = loadDatabaseSync();
    this.path = path;
    this.raw = new DatabaseSync(path, { timeout: 5000 });
    if (path !== ':memory:') this.raw.exec('PRAGMA journal_mode = WAL');
    // NORMAL in WAL mode: a committed transaction survives a killed process (not a power cut), at a fraction of FULL's cost.
    this.raw.exec('PRAGMA synchronous = NORMAL');
    this.raw.exec('PRAGMA foreign_keys = ON');
    this.raw.exec(
      'CREATE TABLE IF NOT EXISTS schema_versions (area TEXT PRIMARY KEY, version INTEGER NOT NULL) STRICT',
    );
  }

  /** Applies the migrations of `area` newer than the stored version, each in its own transaction. */
  migrate(area: string, migrations: Migration[]): void {
    const row = this.raw.prepare('SELECT version FROM schema_versions WHERE area = ?').get(area) as
      | { version: number }
      | undefined;
    const current = row?.version ?? 0;
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      this.transaction(() => {
        if (typeof m.up === 'string') this.raw.exec(m.up);
        else m.up(this);
        this.raw
          .prepare('INSERT INTO schema_versions (area, version) VALUES (?, ?) ON CONFLICT(area) DO UPDATE SET version = excluded.version')
          .run(area, m.version);
      });
    }
  }

  transaction<T>(fn: () => T): T {
    if (this.raw.isTransaction) return fn();
    this.raw.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      this.raw.exec('COMMIT');
      return result;
    } catch (error) {
      this.raw.exec('ROLLBACK');
      throw error;
    }
  }

  run(sql: string, ...params: SQLInputValue[]) {
    return this.raw.prepare(sql).run(...params);
  }

  get<T>(sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.raw.prepare(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, ...params: SQLInputValue[]): T[] {
    return this.raw.prepare(sql).all(...params) as T[];
  }

  close(): void {
    if (this.raw.isOpen) this.raw.close();
  }
}
