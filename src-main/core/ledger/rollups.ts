/**
 * Rollups: per day and per month (in the ledger's time zone) and per dimension, the sums a dashboard needs. They are updated
 * in the same transaction as each record's append, so they always agree with the records; being derived data,
 * they may be rebuilt from the records (when the time zone changes) — the records themselves never change.
 */
import type { GroupBy, LedgerRecord } from '@contract/ledger';
import type { Database } from '../storage/database';

/** The dimensions rolled up: `all` (key '') carries the totals and the buckets over time. */
export type RollupDimension = 'all' | Exclude<GroupBy, 'bucket'>;

export const ROLLUP_DIMENSIONS: readonly RollupDimension[] = [
  'all',
  'provider',
  'model',
  'profile',
  'conversation',
  'outcome',
];

/** Outcomes counted as errors: failed calls and streams that broke after they began. */
export function isError(outcome: LedgerRecord['outcome']): boolean {
  return outcome === 'error' || outcome === 'interrupted';
}

/** The group a record belongs to in a dimension; '' stands for "none" (no profile, no conversation). */
export function groupKey(record: LedgerRecord, dimension: RollupDimension): string {
  switch (dimension) {
    case 'all':
      return '';
    case 'provider':
      return record.provider;
    case 'model':
      return `${record.provider}:${record.model}`;
    case 'profile':
      return record.profileId ?? '';
    case 'conversation':
      return record.conversationId ?? '';
    case 'outcome':
      return record.outcome;
  }
}

/** Rollups come in two grains: days (`YYYY-MM-DD`) and months (`YYYY-MM`), both in the ledger's time zone. */
export type RollupGrain = 'day' | 'month';
export const ROLLUP_TABLES: Record<RollupGrain, string> = {
  day: 'ledger_rollup_day',
  month: 'ledger_rollup_month',
};

function tableSql(table: string): string {
  return `
    CREATE TABLE ${table} (
      dim TEXT NOT NULL,
      key TEXT NOT NULL,
      period TEXT NOT NULL,
      requests INTEGER NOT NULL,
      errors INTEGER NOT NULL,
      cost_micros INTEGER NOT NULL,
      unknown_cost_calls INTEGER NOT NULL,
      saved_micros INTEGER NOT NULL,
      input_uncached INTEGER NOT NULL,
      input_cache_read INTEGER NOT NULL,
      input_cache_write INTEGER NOT NULL,
      output_text INTEGER NOT NULL,
      output_reasoning INTEGER NOT NULL,
      PRIMARY KEY (dim, key, period)
    ) WITHOUT ROWID, STRICT;
    CREATE INDEX ${table}_by_period ON ${table} (dim, period);
  `;
}

export const ROLLUP_TABLES_SQL = tableSql(ROLLUP_TABLES.day) + tableSql(ROLLUP_TABLES.month);

function upsertSql(table: string): string {
  return `
    INSERT INTO ${table} (dim, key, period, requests, errors, cost_micros, unknown_cost_calls, saved_micros,
      input_uncached, input_cache_read, input_cache_write, output_text, output_reasoning)
    VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (dim, key, period) DO UPDATE SET
      requests = requests + 1,
      errors = errors + excluded.errors,
      cost_micros = cost_micros + excluded.cost_micros,
      unknown_cost_calls = unknown_cost_calls + excluded.unknown_cost_calls,
      saved_micros = saved_micros + excluded.saved_micros,
      input_uncached = input_uncached + excluded.input_uncached,
      input_cache_read = input_cache_read + excluded.input_cache_read,
      input_cache_write = input_cache_write + excluded.input_cache_write,
      output_text = output_text + excluded.output_text,
      output_reasoning = output_reasoning + excluded.output_reasoning
  `;
}

export class Rollups {
  private readonly db: Database;
  private readonly upsertDay;
  private readonly upsertMonth;

  constructor(db: Database) {
    this.db = db;
    this.upsertDay = db.raw.prepare(upsertSql(ROLLUP_TABLES.day));
    this.upsertMonth = db.raw.prepare(upsertSql(ROLLUP_TABLES.month));
  }

  /** Adds a record to every dimension's row of its day and of its month. Call inside the append's transaction. */
  add(record: LedgerRecord, day: string): void {
    const u = record.usage;
    const values = [
      isError(record.outcome) ? 1 : 0,
      record.costMicros ?? 0,
      record.costMicros === null ? 1 : 0,
      record.savedMicros ?? 0,
      u.input.uncached,
      u.input.cacheRead,
      u.input.cacheWrite + (u.input.cacheWrite1h ?? 0),
      u.output.text,
      u.output.reasoning,
    ];
    const month = day.slice(0, 7);
    for (const dimension of ROLLUP_DIMENSIONS) {
      const key = groupKey(record, dimension);
      this.upsertDay.run(dimension, key, day, ...values);
      this.upsertMonth.run(dimension, key, month, ...values);
    }
  }

  /** Recomputes every rollup from the records (one transaction), for example after a time zone change. */
  rebuild(records: Iterable<LedgerRecord>, dayOf: (ts: number) => string): void {
    this.db.transaction(() => {
      for (const table of Object.values(ROLLUP_TABLES)) this.db.run(`DELETE FROM ${table}`);
      for (const record of records) this.add(record, dayOf(record.ts));
    });
  }
}
