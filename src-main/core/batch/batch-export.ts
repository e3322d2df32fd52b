/**
 * A job's results as CSV (one row per image; a structured answer's top-level fields as columns) or JSON (the job
 * and every item as stored). Model output is untrusted: CSV cells that a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`...) are escaped, and numbers stay numbers.
 */
import Papa from 'papaparse';
import type { BatchItem, BatchJob } from '@contract/batch';
import { microsToDollarString } from '@contract/money';
import { totalInputTokens, totalOutputTokens } from '@contract/usage';

export type ExportFile = { filename: string; mediaType: string; content: string };

type Cell = string | number | boolean | null;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The columns of structured answers: the schema's properties in its order, then any other top-level field an
 * answer has. Empty when no answer is an object (a plain answer column is used instead).
 */
export function structuredColumns(items: readonly BatchItem[], schema?: Record<string, unknown>): string[] {
  if (!items.some((item) => isRecord(item.structured))) return [];
  const columns = new Set<string>();
  if (schema && isRecord(schema.properties))
    for (const key of Object.keys(schema.properties)) columns.add(key);
  for (const item of items) {
    if (isRecord(item.structured)) for (const key of Object.keys(item.structured)) columns.add(key);
  }
  return [...columns];
}

function cell(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

function slug(title: string): string {
  const cleaned = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return cleaned || 'batch';
}

function filenameOf(job: BatchJob, extension: string, now: number): string {
  return `batch-${slug(job.title)}-${new Date(now).toISOString().slice(0, 10)}.${extension}`;
}

function costCell(item: BatchItem): Cell {
  if (item.costMicros === undefined) return null;
  return item.costMicros === null ? 'unknown' : microsToDollarString(item.costMicros);
}

export function exportCsv(job: BatchJob, items: readonly BatchItem[], now: number): ExportFile {
  const fields = structuredColumns(items, job.schema);
  const header = [
    'index',
    'file',
    'status',
    'model',
    ...(fields.length > 0 ? fields : ['answer']),
    'input_tokens',
    'output_tokens',
    'cost_usd',
    'attempts',
    'error',
  ];
  const rows = items.map((item): Cell[] => {
    const answer =
      fields.length > 0
        ? fields.map((f) => cell(isRecord(item.structured) ? item.structured[f] : undefined))
        : [cell(item.answer)];
    return [
      item.index + 1,
      item.attachment.name ?? item.attachment.hash,
      item.status,
      cell(item.model),
      ...answer,
      item.usage ? totalInputTokens(item.usage) : null,
      item.usage ? totalOutputTokens(item.usage) : null,
      costCell(item),
      item.attempts,
      item.error ? item.error.message : null,
    ];
  });
  const content = Papa.unparse({ fields: header, data: rows }, { escapeFormulae: true, newline: '\r\n' });
  return { filename: filenameOf(job, 'csv', now), mediaType: 'text/csv', content };
}

export function exportJson(job: BatchJob, items: readonly BatchItem[], now: number): ExportFile {
  const document = {
    job,
    items: items.map((item) => ({
      index: item.index + 1,
      file: item.attachment.name ?? null,
      hash: item.attachment.hash,
      status: item.status,
      model: item.model ?? null,
      answer: item.answer ?? null,
      structured: item.structured ?? null,
      usage: item.usage ?? null,
      costMicros: item.costMicros ?? null,
      costUsd: typeof item.costMicros === 'number' ? microsToDollarString(item.costMicros) : null,
      attempts: item.attempts,
      error: item.error ?? null,
    })),
  };
  return {
    filename: filenameOf(job, 'json', now),
    mediaType: 'application/json',
    content: `${JSON.stringify(document, null, 2)}\n`,
  };
}
