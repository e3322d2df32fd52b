/**
 * The dashboard's tables: spend, tokens and requests over time, and the breakdowns by provider, model and
 * profile. Each chart shows one of these and its table view shows the same model, so the numbers cannot differ.
 */
import type { AggregateRow, Bucket } from '@contract/ledger';
import { bucketLabel, dayKeyOf, type DateRange } from './ranges';
import { slug, type TableColumn, type TableModel } from './table-model';
import { rateOf } from '@contract/format';
import { formatCostTotal } from '@contract/money';

export type Breakdown = 'provider' | 'model' | 'profile';

/** Display names for the keys of the ledger's groups. */
export type Names = { [B in Breakdown]: (key: string) => string };

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

/** One row per bucket key, quiet buckets as zero rows; rows the keys do not name are kept, in key order. */
export function withEveryBucket(rows: readonly AggregateRow[], keys: readonly string[]): AggregateRow[] {
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const all = new Set([...keys, ...byKey.keys()]);
  return [...all].sort().map((key) => byKey.get(key) ?? emptyRow(key));
}

export function inputTokensOf(row: AggregateRow): number {
  return row.inputUncached + row.inputCacheRead + row.inputCacheWrite;
}

export function outputTokensOf(row: AggregateRow): number {
  return row.outputText + row.outputReasoning;
}

/** The known part of a cost; null when nothing of it is known (all its calls unpriced), never a false 0. */
export function knownCost(row: AggregateRow): number | null {
  return row.unknownCostCalls > 0 && row.costMicros === 0 ? null : row.costMicros;
}

type Column = TableColumn<AggregateRow>;

export const COLUMNS = {
  cost: {
    key: 'costMicros',
    header: 'Cost',
    exportHeader: 'Known cost (USD)',
    kind: 'money',
    value: knownCost,
    display: (total) => formatCostTotal(total, { short: true }),
  },
  unpriced: {
    key: 'unknownCostCalls',
    header: 'Unpriced calls',
    kind: 'count',
    value: (r) => r.unknownCostCalls,
  },
  requests: { key: 'requests', header: 'Requests', kind: 'count', value: (r) => r.requests },
  errors: { key: 'errors', header: 'Errors', kind: 'count', value: (r) => r.errors },
  errorRate: {
    key: 'errorRate',
    header: 'Error rate',
    kind: 'rate',
    value: (r) => rateOf(r.errors, r.requests),
  },
  saved: { key: 'savedMicros', header: 'Saved by cache', kind: 'money', value: (r) => r.savedMicros },
  inputUncached: { key: 'inputUncached', header: 'Input', kind: 'count', value: (r) => r.inputUncached },
  inputCacheRead: {
    key: 'inputCacheRead',
    header: 'Cache read',
    kind: 'count',
    value: (r) => r.inputCacheRead,
  },
  inputCacheWrite: {
    key: 'inputCacheWrite',
    header: 'Cache write',
    kind: 'count',
    value: (r) => r.inputCacheWrite,
  },
  outputText: { key: 'outputText', header: 'Output', kind: 'count', value: (r) => r.outputText },
  outputReasoning: {
    key: 'outputReasoning',
    header: 'Reasoning',
    kind: 'count',
    value: (r) => r.outputReasoning,
  },
  tokensIn: { key: 'tokensIn', header: 'Tokens in', kind: 'count', value: inputTokensOf },
  tokensOut: { key: 'tokensOut', header: 'Tokens out', kind: 'count', value: outputTokensOf },
} satisfies Record<string, Column>;

/** The token types, in the order charts stack them. */
export const TOKEN_TYPES = [
  COLUMNS.inputUncached,
  COLUMNS.inputCacheRead,
  COLUMNS.inputCacheWrite,
  COLUMNS.outputText,
  COLUMNS.outputReasoning,
] as const;

function periodColumn(bucket: Bucket): Column {
  return {
    key: 'period',
    header: bucket === 'day' ? 'Day' : bucket === 'week' ? 'Week' : 'Month',
    kind: 'text',
    value: (r) => r.key,
    display: (r) => bucketLabel(r.key, bucket, true),
  };
}

function filename(title: string, range: DateRange): string {
  return `modeldesk-${slug(title)}-${dayKeyOf(range.from)}_${dayKeyOf(range.to - 1)}`;
}

function model(title: string, range: DateRange, columns: Column[], rows: readonly AggregateRow[]) {
  return {
    title,
    filename: filename(title, range),
    columns,
    rows,
    rowKey: (r) => r.key,
  } satisfies TableModel<AggregateRow>;
}

const PER: Record<Bucket, string> = { day: 'day', week: 'week', month: 'month' };

export function spendOverTime(rows: readonly AggregateRow[], bucket: Bucket, range: DateRange) {
  return model(
    `Spend per ${PER[bucket]}`,
    range,
    [periodColumn(bucket), COLUMNS.cost, COLUMNS.unpriced, COLUMNS.requests, COLUMNS.saved],
    rows,
  );
}

export function tokensOverTime(rows: readonly AggregateRow[], bucket: Bucket, range: DateRange) {
  return model(`Tokens per ${PER[bucket]} by type`, range, [periodColumn(bucket), ...TOKEN_TYPES], rows);
}

export function requestsOverTime(rows: readonly AggregateRow[], bucket: Bucket, range: DateRange) {
  return model(
    `Requests and errors per ${PER[bucket]}`,
    range,
    [periodColumn(bucket), COLUMNS.requests, COLUMNS.errors, COLUMNS.errorRate],
    rows,
  );
}

const BREAKDOWN_HEADER: Record<Breakdown, string> = {
  provider: 'Provider',
  model: 'Model',
  profile: 'Profile',
};

function nameColumn(breakdown: Breakdown, names: Names): Column {
  return {
    key: breakdown,
    header: BREAKDOWN_HEADER[breakdown],
    kind: 'text',
    value: (r) => names[breakdown](r.key),
  };
}

export function breakdownTable(
  rows: readonly AggregateRow[],
  breakdown: Breakdown,
  names: Names,
  range: DateRange,
) {
  return model(
    `Spend by ${breakdown}`,
    range,
    [
      nameColumn(breakdown, names),
      COLUMNS.cost,
      COLUMNS.unpriced,
      COLUMNS.requests,
      COLUMNS.errors,
      COLUMNS.errorRate,
      COLUMNS.tokensIn,
      COLUMNS.tokensOut,
      COLUMNS.saved,
    ],
    rows,
  );
}

/** A conversation's cost by model or provider (its cost review). */
export function conversationBreakdown(
  rows: readonly AggregateRow[],
  breakdown: 'model' | 'provider',
  names: Names,
  conversationTitle: string,
): TableModel<AggregateRow> {
  return {
    title: `Cost by ${breakdown}`,
    filename: `modeldesk-conversation-${slug(conversationTitle)}-by-${breakdown}`,
    columns: [
      nameColumn(breakdown, names),
      COLUMNS.cost,
      COLUMNS.unpriced,
      COLUMNS.requests,
      COLUMNS.errors,
      COLUMNS.tokensIn,
      COLUMNS.tokensOut,
    ],
    rows,
    rowKey: (r) => r.key,
  };
}
