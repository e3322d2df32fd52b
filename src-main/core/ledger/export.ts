/**
 * Export of the ledger as CSV (one row per record, for spreadsheets) or JSON (the records as stored), for the
 * `costs.export` call. Unknown costs are written `unknown`, never 0 or an empty cell a spreadsheet would sum
 * as 0; CSV cells that a spreadsheet would run as formulas are escaped.
 */
import Papa from 'papaparse';
import type { LedgerRecord } from '@contract/ledger';
import { inputTokensOf, microsToDollarString, ratesFor } from '@contract/money';
import type { Ledger } from './ledger';

export type LedgerExport = { filename: string; mediaType: string; content: string };
export type ExportRequest = { format: 'csv' | 'json'; from?: number; to?: number };

export const LEDGER_EXPORT_VERSION = 1;

const CSV_COLUMNS = [
  'id',
  'time',
  'ts',
  'request_id',
  'attempt',
  'role',
  'purpose',
  'conversation_id',
  'message_id',
  'batch_job_id',
  'batch_item_id',
  'profile_id',
  'provider',
  'model',
  'outcome',
  'error_kind',
  'reason',
  'input_uncached',
  'input_cache_read',
  'input_cache_write',
  'input_cache_write_1h',
  'output_text',
  'output_reasoning',
  'usage_source',
  'cost_micros',
  'cost_usd',
  'saved_micros',
  'price_tier_above_input_tokens',
  'price_input_per_m',
  'price_output_per_m',
  'price_cache_read_per_m',
  'price_cache_write_per_m',
  'price_cache_write_1h_per_m',
  'price_reasoning_per_m',
  'ttft_ms',
  'total_ms',
] as const;

type CsvRow = Record<(typeof CSV_COLUMNS)[number], string | number>;

function optional(value: string | number | undefined): string | number {
  return value ?? '';
}

function csvRow(r: LedgerRecord): CsvRow {
  // The rates the call was billed at: its long-context tier's where one applied.
  const rates = r.prices === null ? null : ratesFor(r.prices, inputTokensOf(r.usage)).rates;
  const price = (value: number | undefined) => (rates === null ? 'unknown' : optional(value));
  return {
    id: r.id,
    time: new Date(r.ts).toISOString(),
    ts: r.ts,
    request_id: r.requestId,
    attempt: r.attempt,
    role: r.role,
    purpose: r.purpose,
    conversation_id: optional(r.conversationId),
    message_id: optional(r.messageId),
    batch_job_id: optional(r.batchJobId),
    batch_item_id: optional(r.batchItemId),
    profile_id: optional(r.profileId),
    provider: r.provider,
    model: r.model,
    outcome: r.outcome,
    error_kind: optional(r.errorKind),
    reason: optional(r.reason),
    input_uncached: r.usage.input.uncached,
    input_cache_read: r.usage.input.cacheRead,
    input_cache_write: r.usage.input.cacheWrite,
    input_cache_write_1h: r.usage.input.cacheWrite1h ?? 0,
    output_text: r.usage.output.text,
    output_reasoning: r.usage.output.reasoning,
    usage_source: r.usage.source,
    cost_micros: r.costMicros ?? 'unknown',
    cost_usd: r.costMicros === null ? 'unknown' : microsToDollarString(r.costMicros),
    saved_micros: r.savedMicros === null ? 'unknown' : optional(r.savedMicros),
    price_tier_above_input_tokens: optional(r.priceTier ?? undefined),
    price_input_per_m: price(rates?.inputPerM),
    price_output_per_m: price(rates?.outputPerM),
    price_cache_read_per_m: price(rates?.cacheReadPerM),
    price_cache_write_per_m: price(rates?.cacheWritePerM),
    price_cache_write_1h_per_m: price(rates?.cacheWrite1hPerM),
    price_reasoning_per_m: price(rates?.reasoningPerM),
    ttft_ms: optional(r.ttftMs),
    total_ms: optional(r.totalMs),
  };
}

function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function exportLedger(ledger: Ledger, request: ExportRequest): LedgerExport {
  const from = request.from ?? Number.MIN_SAFE_INTEGER;
  const to = request.to ?? Number.MAX_SAFE_INTEGER;
  const records = ledger.inRange(from, to);
  const span =
    request.from === undefined && request.to === undefined
      ? 'all'
      : `${request.from === undefined ? 'start' : dateOf(request.from)}_${request.to === undefined ? 'now' : dateOf(request.to - 1)}`;
  const filename = `modeldesk-ledger-${span}.${request.format}`;
  if (request.format === 'json') {
    const document = {
      format: 'modeldesk-ledger',
      version: LEDGER_EXPORT_VERSION,
      note: 'Costs are integer micro-dollars (1,000,000 = $1); costMicros null means the price was unknown.',
      from: request.from ?? null,
      to: request.to ?? null,
      records,
    };
    return { filename, mediaType: 'application/json', content: `${JSON.stringify(document, null, 2)}\n` };
  }
  const content = Papa.unparse(
    { fields: [...CSV_COLUMNS], data: records.map((r) => CSV_COLUMNS.map((c) => csvRow(r)[c])) },
    { escapeFormulae: true, newline: '\r\n' },
  );
  return { filename, mediaType: 'text/csv', content: `${content}\r\n` };
}
