/**
 * What the batch screen shows of a job, computed from its data alone: the columns of structured answers (a
 * schema's fields, in its order, then any other field an answer has), a cell's text and sort value, the progress
 * line, items merged from progress events, and why a paused job stopped on its own (a budget).
 */
import type { BatchItem, BatchJob } from '@contract/batch';
import type { ErrorInfo } from '@contract/usage';
import { inputTokens, outputTokens } from '../../lib/usage';
import { formatDuration } from '@contract/format';
import { formatMicros } from '@contract/money';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The structured answers' fields as columns; empty when no answer is an object (one answer column then). */
export function structuredColumns(
  items: readonly Pick<BatchItem, 'structured'>[],
  schema?: Record<string, unknown>,
): string[] {
  if (!items.some((item) => isRecord(item.structured))) return [];
  const columns = new Set<string>();
  if (schema && isRecord(schema.properties))
    for (const key of Object.keys(schema.properties)) columns.add(key);
  for (const item of items)
    if (isRecord(item.structured)) for (const key of Object.keys(item.structured)) columns.add(key);
  return [...columns];
}

/** One field of an item's structured answer, undefined when it has none. */
export function fieldOf(item: Pick<BatchItem, 'structured'>, field: string): unknown {
  return isRecord(item.structured) ? item.structured[field] : undefined;
}

/** A value as a table cell shows it: text as is, numbers and booleans written out, lists and objects as JSON. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** How a column of such values sorts: numbers by value, the rest by their text; nothing last. */
export function sortValue(value: unknown): string | number | null {
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'number' ? value : cellText(value);
}

export function itemTokens(item: Pick<BatchItem, 'usage'>): number | null {
  return item.usage ? inputTokens(item.usage) + outputTokens(item.usage) : null;
}

/** "12 of 50 done · 1 failed · about 2 min left · $0.0123 so far" */
export function progressText(job: BatchJob): string {
  const parts = [`${job.done} of ${job.total} done`];
  if (job.failed > 0) parts.push(`${job.failed} failed`);
  if (job.status === 'running' && job.etaMs !== undefined)
    parts.push(`about ${formatDuration(job.etaMs)} left`);
  const cost = formatMicros(job.costMicros);
  parts.push(job.costUnknown ? `at least ${cost} so far (some prices unknown)` : `${cost} so far`);
  return parts.join(' · ');
}

/** The items of a job with the changed ones of a progress event put in (by id), in index order. */
export function mergeItems(items: readonly BatchItem[], changed: readonly BatchItem[]): BatchItem[] {
  if (changed.length === 0) return [...items];
  const byId = new Map(items.map((item) => [item.id, item]));
  for (const item of changed) byId.set(item.id, item);
  return [...byId.values()].sort((a, b) => a.index - b.index);
}

/** Why a paused job stopped by itself: the budget refusal its waiting items carry, if any. */
export function budgetStop(job: BatchJob, items: readonly BatchItem[]): ErrorInfo | null {
  if (job.status !== 'paused') return null;
  return items.find((item) => item.status === 'pending' && item.error?.kind === 'budget')?.error ?? null;
}
