/**
 * The usage ledger: one record per provider call — failed attempts, retries, fallbacks, cached answers and
 * aborted or interrupted streams included — in the shared SQLite database, area `ledger`.
 *
 * - Append-only: triggers refuse UPDATE and DELETE of a record.
 * - Crash-safe: each append is one transaction (the record and its rollups together), so a killed process
 *   loses no record whose append returned.
 * - The ledger prices each record itself, from its usage and the price snapshot it carries (`@contract/money`):
 *   callers cannot store a cost that disagrees with the usage. A cached answer costs 0. The long-context tier
 *   the call was billed at is stored beside the cost (`price_tier`: the input threshold, NULL for base rates).
 * - Past records are never re-priced: a catalogue refresh changes the prices of later calls only.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { LedgerRecordSchema, type LedgerRecord } from '@contract/ledger';
import type { Prices } from '@contract/models';
import { computeCost } from '@contract/money';
import type { Database, Migration } from '../storage/database';
import { Calendar } from './calendar';
import { ROLLUP_TABLES, ROLLUP_TABLES_SQL, Rollups } from './rollups';

/** What callers append: a record without its cost (computed here); id and time default to new and now. */
export const LedgerEntrySchema = LedgerRecordSchema.omit({
  id: true,
  ts: true,
  costMicros: true,
  priceTier: true,
}).extend({
  id: z.string().min(1).optional(),
  ts: z.number().int().optional(),
});
export type LedgerEntry = z.input<typeof LedgerEntrySchema>;

export type LedgerOptions = {
  /** IANA time zone for days, weeks and months; the system's by default. */
  timeZone?: string;
  now?: () => number;
};

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    up: `
      CREATE TABLE ledger_records (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        ts INTEGER NOT NULL,
        request_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        role TEXT NOT NULL,
        purpose TEXT NOT NULL,
        conversation_id TEXT,
        message_id TEXT,
        batch_job_id TEXT,
        batch_item_id TEXT,
        profile_id TEXT,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        outcome TEXT NOT NULL,
        error_kind TEXT,
        reason TEXT,
        input_uncached INTEGER NOT NULL,
        input_cache_read INTEGER NOT NULL,
        input_cache_write INTEGER NOT NULL,
        input_cache_write_1h INTEGER,
        output_text INTEGER NOT NULL,
        output_reasoning INTEGER NOT NULL,
        usage_source TEXT NOT NULL,
        prices TEXT,
        cost_micros INTEGER,
        saved_micros INTEGER,
        ttft_ms REAL,
        total_ms REAL
      ) STRICT;
      CREATE INDEX ledger_records_by_ts ON ledger_records (ts);
      CREATE INDEX ledger_records_by_conversation ON ledger_records (conversation_id) WHERE conversation_id IS NOT NULL;
      CREATE INDEX ledger_records_by_message ON ledger_records (message_id) WHERE message_id IS NOT NULL;
      CREATE INDEX ledger_records_by_batch_job ON ledger_records (batch_job_id) WHERE batch_job_id IS NOT NULL;
      CREATE INDEX ledger_records_by_request ON ledger_records (request_id);
      CREATE TRIGGER ledger_records_no_update BEFORE UPDATE ON ledger_records
        BEGIN SELECT RAISE(ABORT, 'The usage ledger is append-only: a record cannot be changed.'); END;
      CREATE TRIGGER ledger_records_no_delete BEFORE DELETE ON ledger_records
        BEGIN SELECT RAISE(ABORT, 'The usage ledger is append-only: a record cannot be deleted.'); END;
      CREATE TABLE ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      ${ROLLUP_TABLES_SQL}
    `,
  },
  {
    // A cached answer whose original cost was unknown: what it saved is unknown, not absent.
    version: 2,
    up: 'ALTER TABLE ledger_records ADD COLUMN saved_unknown INTEGER NOT NULL DEFAULT 0',
  },
  {
    // The long-context tier a call was billed at (its input threshold), NULL for the base rates. Records written
    // before this version (no UPDATE: the table is append-only) get the default -1, "not recorded", read back
    // as absent rather than as "base rates". Every insert sets the column itself.
    version: 3,
    up: 'ALTER TABLE ledger_records ADD COLUMN price_tier INTEGER DEFAULT -1',
  },
];

type Row = {
  id: string;
  ts: number;
  request_id: string;
  attempt: number;
  role: LedgerRecord['role'];
  purpose: LedgerRecord['purpose'];
  conversation_id: string | null;
  message_id: string | null;
  batch_job_id: string | null;
  batch_item_id: string | null;
  profile_id: string | null;
  provider: string;
  model: string;
  outcome: LedgerRecord['outcome'];
  error_kind: NonNullable<LedgerRecord['errorKind']> | null;
  reason: string | null;
  input_uncached: number;
  input_cache_read: number;
  input_cache_write: number;
  input_cache_write_1h: number | null;
  output_text: number;
  output_reasoning: number;
  usage_source: LedgerRecord['usage']['source'];
  prices: string | null;
  cost_micros: number | null;
  saved_micros: number | null;
  saved_unknown: number;
  price_tier: number | null;
  ttft_ms: number | null;
  total_ms: number | null;
};

const INSERT_SQL = `
  INSERT INTO ledger_records (id, ts, request_id, attempt, role, purpose, conversation_id, message_id, batch_job_id,
    batch_item_id, profile_id, provider, model, outcome, error_kind, reason, input_uncached, input_cache_read,
    input_cache_write, input_cache_write_1h, output_text, output_reasoning, usage_source, prices, cost_micros,
    saved_micros, saved_unknown, price_tier, ttft_ms, total_ms)
  VALUES (:id, :ts, :request_id, :attempt, :role, :purpose, :conversation_id, :message_id, :batch_job_id,
    :batch_item_id, :profile_id, :provider, :model, :outcome, :error_kind, :reason, :input_uncached,
    :input_cache_read, :input_cache_write, :input_cache_write_1h, :output_text, :output_reasoning, :usage_source,
    :prices, :cost_micros, :saved_micros, :saved_unknown, :price_tier, :ttft_ms, :total_ms)
`;

function toRow(r: LedgerRecord): Row {
  return {
    id: r.id,
    ts: r.ts,
    request_id: r.requestId,
    attempt: r.attempt,
    role: r.role,
    purpose: r.purpose,
    conversation_id: r.conversationId ?? null,
    message_id: r.messageId ?? null,
    batch_job_id: r.batchJobId ?? null,
    batch_item_id: r.batchItemId ?? null,
    profile_id: r.profileId ?? null,
    provider: r.provider,
    model: r.model,
    outcome: r.outcome,
    error_kind: r.errorKind ?? null,
    reason: r.reason ?? null,
    input_uncached: r.usage.input.uncached,
    input_cache_read: r.usage.input.cacheRead,
    input_cache_write: r.usage.input.cacheWrite,
    input_cache_write_1h: r.usage.input.cacheWrite1h ?? null,
    output_text: r.usage.output.text,
    output_reasoning: r.usage.output.reasoning,
    usage_source: r.usage.source,
    prices: r.prices === null ? null : JSON.stringify(r.prices),
    cost_micros: r.costMicros,
    saved_micros: r.savedMicros ?? null,
    saved_unknown: r.savedMicros === null ? 1 : 0,
    price_tier: r.priceTier === undefined ? -1 : r.priceTier,
    ttft_ms: r.ttftMs ?? null,
    total_ms: r.totalMs ?? null,
  };
}

function fromRow(row: Row): LedgerRecord {
  const input: LedgerRecord['usage']['input'] = {
    uncached: row.input_uncached,
    cacheRead: row.input_cache_read,
    cacheWrite: row.input_cache_write,
  };
  if (row.input_cache_write_1h !== null) input.cacheWrite1h = row.input_cache_write_1h;
  const record: LedgerRecord = {
    id: row.id,
    ts: row.ts,
    requestId: row.request_id,
    attempt: row.attempt,
    role: row.role,
    purpose: row.purpose,
    provider: row.provider,
    model: row.model,
    outcome: row.outcome,
    usage: {
      input,
      output: { text: row.output_text, reasoning: row.output_reasoning },
      source: row.usage_source,
    },
    prices: row.prices === null ? null : (JSON.parse(row.prices) as Prices),
    costMicros: row.cost_micros,
  };
  if (row.conversation_id !== null) record.conversationId = row.conversation_id;
  if (row.message_id !== null) record.messageId = row.message_id;
  if (row.batch_job_id !== null) record.batchJobId = row.batch_job_id;
  if (row.batch_item_id !== null) record.batchItemId = row.batch_item_id;
  if (row.profile_id !== null) record.profileId = row.profile_id;
  if (row.error_kind !== null) record.errorKind = row.error_kind;
  if (row.reason !== null) record.reason = row.reason;
  if (row.saved_micros !== null) record.savedMicros = row.saved_micros;
  else if (row.saved_unknown === 1) record.savedMicros = null;
  if (row.price_tier !== -1) record.priceTier = row.price_tier;
  if (row.ttft_ms !== null) record.ttftMs = row.ttft_ms;
  if (row.total_ms !== null) record.totalMs = row.total_ms;
  return record;
}

export class Ledger {
  readonly db: Database;
  readonly calendar: Calendar;
  private readonly now: () => number;
  private readonly rollups: Rollups;
  private readonly insert;

  constructor(db: Database, options: LedgerOptions = {}) {
    this.db = db;
    this.calendar = new Calendar(options.timeZone);
    this.now = options.now ?? Date.now;
    db.migrate('ledger', MIGRATIONS);
    this.rollups = new Rollups(db);
    this.insert = db.raw.prepare(INSERT_SQL);
    this.checkRollups();
  }

  /** Prices and stores one record in its own transaction; returns it as stored. Invalid entries are refused. */
  append(entry: LedgerEntry): LedgerRecord {
    const record = this.toRecord(entry);
    this.db.transaction(() => this.store(record));
    return record;
  }

  /** Stores many records in one transaction: all or none (imports, generated ledgers). */
  appendMany(entries: LedgerEntry[]): LedgerRecord[] {
    const records = entries.map((entry) => this.toRecord(entry));
    this.db.transaction(() => {
      for (const record of records) this.store(record);
    });
    return records;
  }

  byConversation(conversationId: string): LedgerRecord[] {
    return this.select('WHERE conversation_id = ? ORDER BY seq', conversationId);
  }

  byMessage(messageId: string): LedgerRecord[] {
    return this.select('WHERE message_id = ? ORDER BY seq', messageId);
  }

  byBatchJob(batchJobId: string): LedgerRecord[] {
    return this.select('WHERE batch_job_id = ? ORDER BY seq', batchJobId);
  }

  /** Every attempt made for one user request, in order. */
  byRequest(requestId: string): LedgerRecord[] {
    return this.select('WHERE request_id = ? ORDER BY seq', requestId);
  }

  /** Records with `from <= ts < to`, oldest first. */
  inRange(from: number, to: number): LedgerRecord[] {
    return this.select('WHERE ts >= ? AND ts < ? ORDER BY ts, seq', from, to);
  }

  /** Every record, oldest first, read one at a time. */
  *all(): Generator<LedgerRecord> {
    for (const row of this.db.raw.prepare('SELECT * FROM ledger_records ORDER BY ts, seq').iterate()) {
      yield fromRow(row as Row);
    }
  }

  count(): number {
    return this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM ledger_records')?.n ?? 0;
  }

  private select(where: string, ...params: Array<string | number>): LedgerRecord[] {
    return this.db.all<Row>(`SELECT * FROM ledger_records ${where}`, ...params).map(fromRow);
  }

  private toRecord(entry: LedgerEntry): LedgerRecord {
    const parsed = LedgerEntrySchema.safeParse(entry);
    if (!parsed.success) {
      const where = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`)
        .join('; ');
      throw new Error(`The usage ledger refused a record that is not valid (${where}).`);
    }
    const { id, ts, ...fields } = parsed.data;
    // A cached answer was not sent to the provider: it costs nothing (what it saved is in savedMicros).
    const cost = fields.outcome === 'cached' ? null : computeCost(fields.usage, fields.prices);
    const costMicros = cost === null ? 0 : cost.costMicros;
    const priceTier = cost?.tier?.aboveInputTokens ?? null;
    return { ...fields, id: id ?? randomUUID(), ts: ts ?? this.now(), costMicros, priceTier };
  }

  private store(record: LedgerRecord): void {
    try {
      this.insert.run(toRow(record));
    } catch (error) {
      if (/UNIQUE constraint failed: ledger_records\.id/.test(String(error))) {
        throw new Error(
          `The usage ledger already holds a record with id ${record.id}; records are never replaced.`,
          { cause: error },
        );
      }
      throw error;
    }
    this.rollups.add(record, this.calendar.dayKey(record.ts));
  }

  /**
   * Rollups are derived data: they are rebuilt from the records when the time zone changes (they are keyed by its
   * days) or when they disagree with the records (after a database recovery salvaged the records but not them).
   */
  private checkRollups(): void {
    const stored = this.db.get<{ value: string }>(
      "SELECT value FROM ledger_meta WHERE key = 'time_zone'",
    )?.value;
    const records = this.count();
    const rolledUp = (table: string) =>
      this.db.get<{ n: number | null }>(`SELECT SUM(requests) AS n FROM ${table} WHERE dim = 'all'`)?.n ?? 0;
    const consistent = Object.values(ROLLUP_TABLES).every((table) => rolledUp(table) === records);
    if (stored === this.calendar.timeZone && consistent) return;
    this.db.transaction(() => {
      if (records > 0) this.rollups.rebuild(this.all(), (ts) => this.calendar.dayKey(ts));
      this.db.run(
        "INSERT INTO ledger_meta (key, value) VALUES ('time_zone', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        this.calendar.timeZone,
      );
    });
  }
}
