/**
 * One or two sentences per chart saying what it shows: read under each chart, and its accessible description,
 * so what the bars show is said in words too (the table view has every number).
 */
import type { AggregateRow, Bucket } from '@contract/ledger';
import { emptyRow, inputTokensOf, outputTokensOf, type Breakdown, type Names } from './dashboard-tables';
import { bucketLabel } from './ranges';
import { formatRate, formatShare, formatTokens, rateOf } from '@contract/format';
import { formatCostTotal, formatMicros } from '@contract/money';

export function totalOf(rows: readonly AggregateRow[]): AggregateRow {
  const total = emptyRow('total');
  for (const row of rows) {
    total.requests += row.requests;
    total.errors += row.errors;
    total.costMicros += row.costMicros;
    total.unknownCostCalls += row.unknownCostCalls;
    total.savedMicros += row.savedMicros;
    total.inputUncached += row.inputUncached;
    total.inputCacheRead += row.inputCacheRead;
    total.inputCacheWrite += row.inputCacheWrite;
    total.outputText += row.outputText;
    total.outputReasoning += row.outputReasoning;
  }
  return total;
}

function maxBy<T>(items: readonly T[], value: (item: T) => number): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || value(item) > value(best)) best = item;
  return best;
}

const PLURAL: Record<Breakdown, string> = { provider: 'providers', model: 'models', profile: 'profiles' };

export function describeSpend(rows: readonly AggregateRow[], bucket: Bucket): string {
  const total = totalOf(rows);
  if (total.requests === 0) return 'No calls in this range.';
  const dearest = maxBy(rows, (r) => r.costMicros);
  const parts = [`Spent ${formatCostTotal(total)} in this range.`];
  if (dearest && dearest.costMicros > 0)
    parts.push(`The most: ${formatMicros(dearest.costMicros)}, ${bucketLabel(dearest.key, bucket, true)}.`);
  if (total.savedMicros > 0) parts.push(`The response cache saved ${formatMicros(total.savedMicros)}.`);
  return parts.join(' ');
}

export function describeTokens(rows: readonly AggregateRow[]): string {
  const total = totalOf(rows);
  if (total.requests === 0) return 'No calls in this range.';
  const input = inputTokensOf(total);
  const output = outputTokensOf(total);
  const cached = total.inputCacheRead > 0 ? ` (${formatTokens(total.inputCacheRead)} read from cache)` : '';
  const reasoning = total.outputReasoning > 0 ? ` (${formatTokens(total.outputReasoning)} reasoning)` : '';
  return `${formatTokens(input)} tokens in${cached}, ${formatTokens(output)} tokens out${reasoning}.`;
}

export function describeRequests(rows: readonly AggregateRow[], bucket: Bucket): string {
  const total = totalOf(rows);
  if (total.requests === 0) return 'No calls in this range.';
  const parts = [
    `${formatTokens(total.requests)} requests, ${formatTokens(total.errors)} errors (${formatRate(rateOf(total.errors, total.requests))}).`,
  ];
  const worst = maxBy(rows, (r) => rateOf(r.errors, r.requests) ?? -1);
  if (worst && worst.errors > 0 && rows.length > 1)
    parts.push(
      `Highest error rate: ${formatRate(rateOf(worst.errors, worst.requests))}, ${bucketLabel(worst.key, bucket, true)}.`,
    );
  return parts.join(' ');
}

export function describeBreakdown(rows: readonly AggregateRow[], breakdown: Breakdown, names: Names): string {
  const total = totalOf(rows);
  if (total.requests === 0) return 'No calls in this range.';
  const count = `${rows.length} ${rows.length === 1 ? breakdown : PLURAL[breakdown]}`;
  const dearest = maxBy(rows, (r) => r.costMicros);
  if (!dearest || dearest.costMicros === 0)
    return `${count}; no known cost. Total ${formatCostTotal(total)}.`;
  return `${count}. ${names[breakdown](dearest.key)} cost the most: ${formatMicros(dearest.costMicros)}, ${formatShare(dearest.costMicros, total.costMicros)} of the known total. Total ${formatCostTotal(total)}.`;
}
