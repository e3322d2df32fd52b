/**
 * The local database: SQLite through Node's built-in `node:sqlite` (also in Electron's Node), in WAL mode.
 * Why SQLite: thousands of conversations stay fast (indexes, full-text search), every write is a transaction
 * (atomic, and a killed process loses nothing committed), and nothing native needs building or installing.
 *
 * Each area (conversations, attachments, ledger, cache, batch) registers its own numbered migrations under its
 * own name. Statements are prepared once and cached: hot paths (appending streamed text) cost one step each.
 *
 * A damaged file is detected on open (not a database, or `PRAGMA quick_check` fails), moved aside with its WAL,
 * a fresh database is opened in its place, everything readable is salvaged into it (see database-recovery.ts),
 * and a notice tells the user what happened and what was recovered.
 */
import type { DatabaseSync as DatabaseSyncType, SQLInputValue, StatementSync } from 'node:sqlite';
import { quarantineFile } from './atomic-file';
import { recoveryNoticeText, salvageInto, type RecoveryReport } from './database-recovery';
import type { NoticeList } from './notices';

export type Migration = { version: number; up: string | ((db: Database) => void) };
export type { RecoveryReport } from './database-recovery';

export type DatabaseOptions = {
  /** Where the notice about a recovered database goes. */
  notices?: NoticeList;
  now?: () => number;
  /** Called with the technical detail of a recovery (for the log). */
  onRecovery?: (report: RecoveryReport) => void;
};

/** SQLite result codes (primary) that mean the file itself is damaged, as opposed to busy, locked or unreadable. */
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;
const STATEMENT_CACHE_SIZE = 256;

type SqliteError = Error & { errcode?: number; errstr?: string };

function loadDatabaseSync(): typeof DatabaseSyncType {
  const mod = process.getBuiltinModule?.('node:sqlite') as
    { DatabaseSync: typeof DatabaseSyncType } | undefined;
  if (!mod) {
    throw new Error(
      'This runtime has no built-in SQLite (node:sqlite). Modeldesk needs Node 22.13 or later, or Electron 35 or later.',
    );
  }
  return mod.DatabaseSync;
}

function isDamage(error: unknown): boolean {
  const code = (error as SqliteError).errcode;
  return typeof code === 'number' && ((code & 0xff) === SQLITE_CORRUPT || (code & 0xff) === SQLITE_NOTADB);
}

/** Opens `path` and checks it; returns why it is damaged instead of a handle when it is. Other errors throw. */
function openChecked(path: string): { db: DatabaseSyncType } | { damage: string } {
  const DatabaseSync = loadDatabaseSync();
  let db: DatabaseSyncType | undefined;
  try {
    db = new DatabaseSync(path, { timeout: 5000 });
    if (path !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
    if (path !== ':memory:') {
      const rows = db.prepare('PRAGMA quick_check(5)').all() as Array<{ quick_check: string }>;
      const verdict = rows.map((r) => r.quick_check);
      if (verdict.length !== 1 || verdict[0] !== 'ok') {
        db.close();
        return { damage: `quick_check: ${verdict.join('; ')}` };
      }
    }
    return { db };
  } catch (error) {
    try {
      db?.close();
    } catch {
      // The handle is unusable either way.
    }
    if (isDamage(error)) return { damage: (error as SqliteError).errstr ?? (error as Error).message };
    throw error;
  }
}

export class Database {
  readonly raw: DatabaseSyncType;
  readonly path: string;
  /** Set when this open found a damaged file and recovered from it. */
  readonly recovery: RecoveryReport | null;
  private readonly statements = new Map<string, StatementSync>();

  constructor(path: string, options: DatabaseOptions = {}) {
    this.path = path;
    const now = options.now ?? Date.now;
    const opened = openChecked(path);
    if ('db' in opened) {
      this.raw = opened.db;
      this.recovery = null;
    } else {
      const movedTo = quarantineFile(path, now(), ['-wal', '-shm']);
      const fresh = openChecked(path);
      if (!('db' in fresh))
        throw new Error(`Modeldesk could not create a new database at ${path}: ${fresh.damage}`);
      this.raw = fresh.db;
      this.recovery = {
        movedTo,
        damage: opened.damage,
        tables: salvageInto(loadDatabaseSync(), movedTo, this.raw),
      };
      options.onRecovery?.(this.recovery);
      options.notices?.add({
        id: 'database-recovered',
        level: 'warning',
        message: recoveryNoticeText(this.recovery),
      });
    }
    // NORMAL in WAL mode: a committed transaction survives a killed process (not a power cut), at a fraction of FULL's cost.
    this.raw.exec('PRAGMA synchronous = NORMAL');
    this.raw.exec('PRAGMA foreign_keys = ON');
    this.raw.exec(
      'CREATE TABLE IF NOT EXISTS schema_versions (area TEXT PRIMARY KEY, version INTEGER NOT NULL) STRICT',
    );
  }

  /** Applies the migrations of `area` newer than the stored version, each in its own transaction. */
  migrate(area: string, migrations: Migration[]): void {
    const row = this.get<{ version: number }>('SELECT version FROM schema_versions WHERE area = ?', area);
    const current = row?.version ?? 0;
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      this.transaction(() => {
        if (typeof m.up === 'string') this.raw.exec(m.up);
        else m.up(this);
        this.run(
          'INSERT INTO schema_versions (area, version) VALUES (?, ?) ON CONFLICT(area) DO UPDATE SET version = excluded.version',
          area,
          m.version,
        );
      });
    }
  }

  /** Runs `fn` in one transaction (BEGIN IMMEDIATE); nested calls join the outer one. */
  transaction<T>(fn: () => T): T {
    if (this.raw.isTransaction) return fn();
    this.raw.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      this.raw.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.raw.isTransaction) this.raw.exec('ROLLBACK');
      throw error;
    }
  }

  /** A prepared statement for `sql`, prepared once and kept (least recently used ones are dropped past 256). */
  statement(sql: string): StatementSync {
    let stmt = this.statements.get(sql);
    if (stmt) {
      this.statements.delete(sql);
    } else {
      stmt = this.raw.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.statements.keys().next().value;
        if (oldest !== undefined) this.statements.delete(oldest);
      }
    }
    this.statements.set(sql, stmt);
    return stmt;
  }

  exec(sql: string): void {
    this.raw.exec(sql);
  }

  run(sql: string, ...params: SQLInputValue[]) {
    return this.statement(sql).run(...params);
  }

  get<T>(sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.statement(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, ...params: SQLInputValue[]): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  close(): void {
    this.statements.clear();
    if (this.raw.isOpen) this.raw.close();
  }
}
