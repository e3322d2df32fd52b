/**
 * Aggregates of the ledger: by day, week or month, provider, model, profile, conversation and outcome, with
 * requests, errors, cost (and how many calls had an unknown cost: the total is then a lower bound), what the
 * response cache saved, and tokens by type.
 *
 * Two implementations that must agree: `Aggregates` reads the rollups — monthly ones for the range's whole
 * months, daily ones for its other whole days, a few hundred rows for any range — plus the records of its
 * partial first and last days; `aggregateRecords` scans every record in memory and is kept as the reference for
 * tests and the benchmark.
 */
import type { ConversationCost, Dashboard } from '@contract/bridge';
import type { AggregateRow, Bucket, BudgetStatus, GroupBy, LedgerRecord } from '@contract/ledger';
import { Calendar, clampToLedgerTime } from './calendar';
import type { Ledger } from './ledger';
import { groupKey, isError, ROLLUP_TABLES, type RollupDimension, type RollupGrain } from './rollups';

export type AggregateQuery = { from: number; to: number; groupBy: GroupBy; bucket?: Bucket };
export type DashboardQuery = { from: number; to: number; bucket: Bucket };

/** How many of a conversation's most expensive messages the cost review lists. */
export const TOP_MESSAGES = 5;

export function emptyRow(key: string): AggregateRow {
  return {
    key,
    requests: 0,
    errors: 0,
    costMicros: 0,
    unknownCostCalls: 0,
    savedMicros: 0,
    inputUncached: 0,
    inputCacheRead: 0,
    inputCacheWrite: 0,
    outputText: 0,
    outputReasoning: 0,
  };
}

/** Adds one record to a row. One-hour cache writes count as cache writes. */
export function addRecord(row: AggregateRow, record: LedgerRecord): void {
  const u = record.usage;
  row.requests += 1;
  if (isError(record.outcome)) row.errors += 1;
  if (record.costMicros === null) row.unknownCostCalls += 1;
  else row.costMicros += record.costMicros;
  row.savedMicros += record.savedMicros ?? 0;
  row.inputUncached += u.input.uncached;
  row.inputCacheRead += u.input.cacheRead;
  row.inputCacheWrite += u.input.cacheWrite + (u.input.cacheWrite1h ?? 0);
  row.outputText += u.output.text;
  row.outputReasoning += u.output.reasoning;
}

function addRow(into: AggregateRow, row: AggregateRow): void {
  into.requests += row.requests;
  into.errors += row.errors;
  into.costMicros += row.costMicros;
  into.unknownCostCalls += row.unknownCostCalls;
  into.savedMicros += row.savedMicros;
  into.inputUncached += row.inputUncached;
  into.inputCacheRead += row.inputCacheRead;
  into.inputCacheWrite += row.inputCacheWrite;
  into.outputText += row.outputText;
  into.outputReasoning += row.outputReasoning;
}

class Groups {
  private readonly rows = new Map<string, AggregateRow>();

  row(key: string): AggregateRow {
    let row = this.rows.get(key);
    if (!row) {
      row = emptyRow(key);
      this.rows.set(key, row);
    }
    return row;
  }

  /** Sorted by key. */
  list(): AggregateRow[] {
    return [...this.rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

function recordKey(groupBy: GroupBy, calendar: Calendar, bucket: Bucket): (record: LedgerRecord) => string {
  if (groupBy === 'bucket') return (record) => Calendar.bucketKey(calendar.dayKey(record.ts), bucket);
  return (record) => groupKey(record, groupBy);
}

/** The reference implementation: groups the records in memory. Rows are sorted by key. */
export function aggregateRecords(
  records: Iterable<LedgerRecord>,
  groupBy: GroupBy,
  options: { calendar: Calendar; bucket?: Bucket },
): AggregateRow[] {
  const keyOf = recordKey(groupBy, options.calendar, options.bucket ?? 'day');
  const groups = new Groups();
  for (const record of records) addRecord(groups.row(keyOf(record)), record);
  return groups.list();
}

function totalsOf(rows: AggregateRow[]): AggregateRow {
  const total = emptyRow('total');
  for (const row of rows) addRow(total, row);
  return total;
}

/** Dearest first; the key breaks ties. */
function byCost(rows: AggregateRow[]): AggregateRow[] {
  return [...rows].sort(
    (a, b) => b.costMicros - a.costMicros || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

function assembleDashboard(
  query: DashboardQuery,
  aggregate: (groupBy: GroupBy) => AggregateRow[],
  budgets: BudgetStatus[],
): Dashboard {
  const overTime = aggregate('bucket');
  return {
    from: query.from,
    to: query.to,
    bucket: query.bucket,
    overTime,
    byProvider: byCost(aggregate('provider')),
    byModel: byCost(aggregate('model')),
    byProfile: byCost(aggregate('profile')),
    totals: totalsOf(overTime),
    budgets,
  };
}

/** The dashboard from a full scan of the range: the reference the fast one is checked and measured against. */
export function naiveDashboard(
  ledger: Ledger,
  query: DashboardQuery,
  budgets: BudgetStatus[] = [],
): Dashboard {
  const records = ledger.inRange(query.from, query.to);
  return assembleDashboard(
    query,
    (groupBy) => aggregateRecords(records, groupBy, { calendar: ledger.calendar, bucket: query.bucket }),
    budgets,
  );
}

type RollupSum = Omit<AggregateRow, 'key'> & { key: string };

const SUMS = `SUM(requests) AS requests, SUM(errors) AS errors, SUM(cost_micros) AS costMicros,
  SUM(unknown_cost_calls) AS unknownCostCalls, SUM(saved_micros) AS savedMicros,
  SUM(input_uncached) AS inputUncached, SUM(input_cache_read) AS inputCacheRead,
  SUM(input_cache_write) AS inputCacheWrite, SUM(output_text) AS outputText, SUM(output_reasoning) AS outputReasoning`;

type Span = { first: string; last: string };

/** Which days of a range are whole (read from rollups) and which instants are left at its edges (read as records). */
type Plan = { days: Span | null; edges: Array<[number, number]> };

/** Whole days split into whole months (read from monthly rollups) and the days left around them. */
function splitMonths(days: Span): { months: Span | null; days: Span[] } {
  const firstMonth = days.first.slice(0, 7);
  const lastMonth = days.last.slice(0, 7);
  const startMonth = days.first.endsWith('-01') ? firstMonth : Calendar.nextMonth(firstMonth);
  const endMonth =
    days.last === Calendar.lastDayOfMonth(lastMonth) ? lastMonth : Calendar.previousMonth(lastMonth);
  if (startMonth > endMonth) return { months: null, days: [days] };
  const around: Span[] = [];
  if (startMonth !== firstMonth)
    around.push({ first: days.first, last: Calendar.lastDayOfMonth(firstMonth) });
  if (endMonth !== lastMonth) around.push({ first: `${lastMonth}-01`, last: days.last });
  return { months: { first: startMonth, last: endMonth }, days: around };
}

function checkRange(from: number, to: number): void {
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw new Error(`A ledger range needs finite times in milliseconds (got ${from} to ${to}).`);
  }
}

export class Aggregates {
  private readonly ledger: Ledger;

  constructor(ledger: Ledger) {
    this.ledger = ledger;
  }

  /** Rows for `from <= ts < to`, grouped as asked, sorted by key. */
  aggregate(query: AggregateQuery): AggregateRow[] {
    const { from, to, groupBy } = query;
    const bucket = query.bucket ?? 'day';
    const dimension: RollupDimension = groupBy === 'bucket' ? 'all' : groupBy;
    const rollupKey = groupBy === 'bucket' ? (day: string) => Calendar.bucketKey(day, bucket) : undefined;
    return this.collect(from, to, dimension, rollupKey, recordKey(groupBy, this.ledger.calendar, bucket));
  }

  totals(from: number, to: number): AggregateRow {
    return totalsOf(this.collect(from, to, 'all', undefined, () => ''));
  }

  dashboard(query: DashboardQuery, budgets: BudgetStatus[] = []): Dashboard {
    return assembleDashboard(query, (groupBy) => this.aggregate({ ...query, groupBy }), budgets);
  }

  /** Known spend of the calendar month (ledger time zone) an instant falls in. */
  monthSpend(ts: number): { costMicros: number; unknownCostCalls: number } {
    return this.spend(
      "dim = 'all' AND period = ?",
      Calendar.bucketKey(this.ledger.calendar.dayKey(ts), 'month'),
    );
  }

  conversationSpend(conversationId: string): { costMicros: number; unknownCostCalls: number } {
    return this.spend("dim = 'conversation' AND key = ?", conversationId);
  }

  /**
   * A conversation's cost review. Overhead is what was spent on a request apart from the attempt that delivered
   * its answer: failed attempts, retries and fallbacks (all of a request's cost when it failed outright).
   */
  conversationCost(
    conversationId: string,
    options: { previewOf?: (messageId: string) => string; top?: number } = {},
  ): ConversationCost {
    const records = this.ledger.byConversation(conversationId);
    const calendar = this.ledger.calendar;
    const totals = totalsOf(aggregateRecords(records, 'outcome', { calendar }));

    const lastOfRequest = new Map<string, LedgerRecord>();
    for (const record of records) lastOfRequest.set(record.requestId, record);
    let overheadMicros = 0;
    for (const record of records) {
      const answered = lastOfRequest.get(record.requestId) === record && record.outcome !== 'error';
      if (!answered) overheadMicros += record.costMicros ?? 0;
    }

    const messages = new Map<string, { costMicros: number; model?: string }>();
    for (const record of records) {
      if (record.messageId === undefined) continue;
      const message = messages.get(record.messageId) ?? { costMicros: 0 };
      message.costMicros += record.costMicros ?? 0;
      if (record.outcome !== 'error') message.model = `${record.provider}:${record.model}`;
      messages.set(record.messageId, message);
    }
    const topMessages = [...messages]
      .filter(([, m]) => m.costMicros > 0)
      .sort(([a, x], [b, y]) => y.costMicros - x.costMicros || (a < b ? -1 : 1))
      .slice(0, options.top ?? TOP_MESSAGES)
      .map(([messageId, m]) => {
        const top: ConversationCost['topMessages'][number] = {
          messageId,
          costMicros: m.costMicros,
          preview: options.previewOf?.(messageId) ?? '',
        };
        if (m.model !== undefined) top.model = m.model;
        return top;
      });

    return {
      conversationId,
      totalMicros: totals.costMicros,
      unknownCostCalls: totals.unknownCostCalls,
      byModel: byCost(aggregateRecords(records, 'model', { calendar })),
      byProvider: byCost(aggregateRecords(records, 'provider', { calendar })),
      overheadMicros,
      savedByCacheMicros: totals.savedMicros,
      topMessages,
      totals,
    };
  }

  private spend(where: string, ...params: string[]): { costMicros: number; unknownCostCalls: number } {
    const row = this.ledger.db.get<{ costMicros: number | null; unknownCostCalls: number | null }>(
      `SELECT SUM(cost_micros) AS costMicros, SUM(unknown_cost_calls) AS unknownCostCalls FROM ${ROLLUP_TABLES.month} WHERE ${where}`,
      ...params,
    );
    return { costMicros: row?.costMicros ?? 0, unknownCostCalls: row?.unknownCostCalls ?? 0 };
  }

  private collect(
    from: number,
    to: number,
    dimension: RollupDimension,
    rollupKey: ((day: string) => string) | undefined,
    keyOfRecord: (record: LedgerRecord) => string,
  ): AggregateRow[] {
    checkRange(from, to);
    const groups = new Groups();
    // Day keys name the years 1000 to 9999: a range reaching past them reads only the part inside.
    ({ from, to } = clampToLedgerTime(from, to));
    const plan = this.plan(from, to);
    if (plan.days && rollupKey) {
      // Buckets over time: one row per day of the range, whatever the bucket.
      for (const sum of this.sums('day', 'all', plan.days, 'period')) {
        const key = rollupKey(sum.key);
        addRow(groups.row(key), { ...sum, key });
      }
    } else if (plan.days) {
      const { months, days } = splitMonths(plan.days);
      const sums = [
        ...(months ? this.sums('month', dimension, months, 'key') : []),
        ...days.flatMap((span) => this.sums('day', dimension, span, 'key')),
      ];
      for (const sum of sums) addRow(groups.row(sum.key), sum);
    }
    for (const [a, b] of plan.edges) {
      for (const record of this.ledger.inRange(a, b)) addRecord(groups.row(keyOfRecord(record)), record);
    }
    return groups.list();
  }

  /** Rollup sums of one grain over a span of periods, grouped by the dimension's key or by period. */
  private sums(
    grain: RollupGrain,
    dimension: RollupDimension,
    span: Span,
    groupBy: 'key' | 'period',
  ): RollupSum[] {
    const first = grain === 'month' ? span.first.slice(0, 7) : span.first;
    const last = grain === 'month' ? span.last.slice(0, 7) : span.last;
    return this.ledger.db.all<RollupSum>(
      `SELECT ${groupBy} AS key, ${SUMS} FROM ${ROLLUP_TABLES[grain]} WHERE dim = ? AND period >= ? AND period <= ? GROUP BY ${groupBy}`,
      dimension,
      first,
      last,
    );
  }

  private plan(from: number, to: number): Plan {
    if (from >= to) return { days: null, edges: [] };
    const calendar = this.ledger.calendar;
    const fromDay = calendar.dayKey(from);
    const first = calendar.startOfDay(fromDay) === from ? fromDay : Calendar.nextDay(fromDay);
    const toDay = calendar.dayKey(to);
    const last = Calendar.previousDay(toDay);
    if (first > last) return { days: null, edges: [[from, to]] };
    const wholeFrom = calendar.startOfDay(first);
    const wholeTo = calendar.startOfDay(toDay);
    const edges = (
      [
        [from, wholeFrom],
        [wholeTo, to],
      ] as Array<[number, number]>
    ).filter(([a, b]) => a < b);
    return { days: { first, last }, edges };
  }
}
