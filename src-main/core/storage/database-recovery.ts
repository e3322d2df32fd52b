/**
 * Salvage from a damaged SQLite file into a fresh database: the schema as the old file recorded it, then every
 * table row by row, stepping over unreadable pages, then full-text indexes rebuilt and triggers recreated.
 * The schema versions table is copied like any other, so each area's migrations carry on from where it was.
 */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';

export type RecoveredTable = { name: string; recovered: number; total: number | null };
export type RecoveryReport = {
  /** Where the damaged file now is. */
  movedTo: string;
  /** What was wrong with it, technically (for the log). */
  damage: string;
  tables: RecoveredTable[];
};

type SchemaRow = { type: string; name: string; tbl_name: string; sql: string };

const FTS_SHADOW_SUFFIXES = ['_data', '_idx', '_content', '_docsize', '_config'];
/** How many times one table's scan may jump over a damaged stretch before giving up on the rest of it. */
const MAX_SKIPS_PER_TABLE = 64;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function tryAll<T>(db: DatabaseSync, sql: string, ...params: SQLInputValue[]): T[] | null {
  try {
    return db.prepare(sql).all(...params) as T[];
  } catch {
    return null;
  }
}

function tryExec(db: DatabaseSync, sql: string): boolean {
  try {
    db.exec(sql);
    return true;
  } catch {
    return false;
  }
}

/** Copies one table's rows in rowid order; on an unreadable stretch it jumps ahead (1, 2, 4... rowids) and goes on. */
function copyRows(from: DatabaseSync, into: DatabaseSync, table: string): RecoveredTable {
  const countRow = tryAll<{ n: number }>(from, `SELECT count(*) AS n FROM ${quote(table)}`);
  const maxRow = tryAll<{ m: number | null }>(from, `SELECT max(rowid) AS m FROM ${quote(table)}`);
  const maxRowid = maxRow?.[0]?.m ?? null;
  let recovered = 0;
  let scan;
  try {
    scan = from.prepare(
      `SELECT rowid AS "__salvage_rowid", * FROM ${quote(table)} WHERE rowid > ? ORDER BY rowid`,
    );
  } catch {
    return { name: table, recovered: 0, total: countRow?.[0]?.n ?? null };
  }
  const inserts = new Map<string, ReturnType<DatabaseSync['prepare']>>();
  const insert = (row: Record<string, SQLInputValue>) => {
    const columns = Object.keys(row).filter((c) => c !== '__salvage_rowid');
    const key = columns.join('\u0000');
    let stmt = inserts.get(key);
    if (!stmt) {
      stmt = into.prepare(
        `INSERT OR IGNORE INTO ${quote(table)} (rowid, ${columns.map(quote).join(', ')}) VALUES (?, ${columns.map(() => '?').join(', ')})`,
      );
      inserts.set(key, stmt);
    }
    return stmt.run(row.__salvage_rowid ?? null, ...columns.map((c) => row[c] ?? null)).changes > 0;
  };

  let after = Number.MIN_SAFE_INTEGER;
  for (let skips = 0; skips <= MAX_SKIPS_PER_TABLE; skips++) {
    try {
      for (const row of scan.iterate(after) as Iterable<Record<string, SQLInputValue>>) {
        after = Number(row.__salvage_rowid);
        try {
          if (insert(row)) recovered++;
        } catch {
          // A row the new schema refuses (a broken value): skip it, keep the rest.
        }
      }
      break;
    } catch {
      if (maxRowid === null || after >= maxRowid) break;
      const base = after === Number.MIN_SAFE_INTEGER ? 0 : after;
      after = Math.min(base + 2 ** skips, maxRowid);
    }
  }
  const counted = countRow?.[0]?.n;
  return { name: table, recovered, total: counted === undefined ? null : Math.max(counted, recovered) };
}

/** Reads what it can from `fromPath` into `into` (an empty database). Returns what each table gave back. */
export function salvageInto(
  Sqlite: typeof DatabaseSync,
  fromPath: string,
  into: DatabaseSync,
): RecoveredTable[] {
  let from: DatabaseSync;
  try {
    from = new Sqlite(fromPath, { timeout: 1000 });
  } catch {
    return [];
  }
  try {
    const schema = tryAll<SchemaRow>(
      from,
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
    );
    if (!schema) return [];
    const virtual = schema.filter((s) => s.type === 'table' && /^CREATE\s+VIRTUAL\s+TABLE/i.test(s.sql));
    const isShadow = (name: string) =>
      virtual.some((v) => FTS_SHADOW_SUFFIXES.some((suffix) => name === `${v.name}${suffix}`));
    const tables = schema.filter((s) => s.type === 'table' && !virtual.includes(s) && !isShadow(s.name));

    // Tables and their indexes first (so a unique index refuses a duplicated row), rows next, then the
    // full-text tables (rebuilt from their content) and the triggers, which must not fire while copying.
    for (const t of tables) tryExec(into, t.sql);
    for (const i of schema.filter((s) => s.type === 'index')) tryExec(into, i.sql);
    into.exec('PRAGMA foreign_keys = OFF');
    const report: RecoveredTable[] = [];
    into.exec('BEGIN');
    try {
      for (const t of tables) report.push(copyRows(from, into, t.name));
      into.exec('COMMIT');
    } catch (error) {
      into.exec('ROLLBACK');
      throw error;
    } finally {
      into.exec('PRAGMA foreign_keys = ON');
    }
    for (const v of virtual) {
      if (tryExec(into, v.sql))
        tryExec(into, `INSERT INTO ${quote(v.name)}(${quote(v.name)}) VALUES ('rebuild')`);
    }
    for (const t of schema.filter((s) => s.type === 'trigger' || s.type === 'view')) tryExec(into, t.sql);
    return report;
  } finally {
    from.close();
  }
}

/** Tables that only serve others: their rows are not something the user would count. */
const BOOKKEEPING_TABLES = new Set(['schema_versions', 'message_chunks', 'message_attachments']);

const count = (t: RecoveredTable, noun: string) =>
  t.total === null ? `${t.recovered} ${noun}` : `${t.recovered} of ${t.total} ${noun}`;

export function recoveryNoticeText(report: RecoveryReport): string {
  const head = `Modeldesk found a damaged database and moved it to ${report.movedTo}.`;
  const named = new Map([
    ['conversations', 'conversations'],
    ['messages', 'messages'],
  ]);
  const parts = report.tables.flatMap((t) => {
    const noun = named.get(t.name);
    return noun ? [count(t, noun)] : [];
  });
  const others = report.tables.filter((t) => !named.has(t.name) && !BOOKKEEPING_TABLES.has(t.name));
  const otherRecovered = others.reduce((sum, t) => sum + t.recovered, 0);
  if (otherRecovered > 0) {
    const total = others.every((t) => t.total !== null)
      ? others.reduce((sum, t) => sum + (t.total ?? 0), 0)
      : null;
    parts.push(count({ name: 'other', recovered: otherRecovered, total }, 'other records'));
  }
  if (parts.length === 0 || report.tables.every((t) => t.recovered === 0)) {
    return `${head} Nothing could be read from it, so Modeldesk started with an empty one. Your settings and keys are stored apart and are not affected.`;
  }
  const last = parts.pop();
  const list = parts.length > 0 ? `${parts.join(', ')} and ${last}` : last;
  return `${head} It recovered ${list}. You can delete the damaged file once you have checked your conversations.`;
}
