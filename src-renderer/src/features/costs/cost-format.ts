/**
 * How the cost screens say money: a total with calls of unknown cost is a lower bound (`≥ $1.23, 2 calls
 * unpriced`), never a plain sum that reads as complete, and nothing unknown is ever shown as $0. Exports carry
 * exact decimal dollars.
 */
import { formatCost, formatTokens } from '../../lib/format';

export type CostTotal = { costMicros: number; unknownCostCalls: number };

function calls(n: number): string {
  return `${formatTokens(n)} ${n === 1 ? 'call' : 'calls'} unpriced`;
}

/** `$1.23`; `≥ $1.23, 2 calls unpriced` when some costs are unknown; `unknown, 2 calls unpriced` when all are. */
export function formatTotal(total: CostTotal): string {
  if (total.unknownCostCalls === 0) return formatCost(total.costMicros);
  if (total.costMicros === 0) return `unknown, ${calls(total.unknownCostCalls)}`;
  return `≥ ${formatCost(total.costMicros)}, ${calls(total.unknownCostCalls)}`;
}

/** The short form for a cell or a tile: `$1.23`, `≥ $1.23`, or `unknown`. */
export function formatTotalShort(total: CostTotal): string {
  if (total.unknownCostCalls === 0) return formatCost(total.costMicros);
  if (total.costMicros === 0) return 'unknown';
  return `≥ ${formatCost(total.costMicros)}`;
}

/** One call's cost: `unknown` when its price is unknown. */
export function formatCallCost(micros: number | null | undefined): string {
  return micros === null || micros === undefined ? 'unknown' : formatCost(micros);
}

/** Exact decimal dollars of integer micro-dollars (`4200` → `0.004200`), as the ledger export writes them. */
export function microsToDollars(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  return `${sign}${Math.floor(abs / 1_000_000)}.${String(abs % 1_000_000).padStart(6, '0')}`;
}

/** Errors per request; null when there were no requests (a rate of nothing is not 0 %). */
export function errorRate(errors: number, requests: number): number | null {
  return requests > 0 ? errors / requests : null;
}

/** `12.5 %`, `0 %`, `<0.1 %`; `—` when there is no rate. */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  if (rate === 0) return '0 %';
  const percent = rate * 100;
  if (percent < 0.1) return '<0.1 %';
  return `${percent.toFixed(1).replace(/\.0$/, '')} %`;
}

/** Share of a part in a whole: `40 %`; `—` when the whole is zero. */
export function formatShare(part: number, whole: number): string {
  return whole > 0 ? formatRate(part / whole) : '—';
}

/**
 * A dollar amount as a person types it (`12.50`, `$5`, `1,000`) in micro-dollars, exactly (no float rounding);
 * `null` for an empty field (no limit); a problem that says what to type otherwise.
 */
export function parseDollars(text: string): { micros: number | null } | { problem: string } {
  const cleaned = text
    .trim()
    .replace(/^\$\s*/, '')
    .replace(/,(?=\d{3}(\D|$))/g, '');
  if (cleaned === '') return { micros: null };
  const match = /^(\d+)(?:\.(\d{0,6}))?$/.exec(cleaned);
  if (!match) return { problem: 'Type an amount in dollars, such as 20 or 12.50.' };
  const micros = Number(match[1]) * 1_000_000 + Number((match[2] ?? '').padEnd(6, '0'));
  if (!Number.isSafeInteger(micros)) return { problem: 'That amount is too large.' };
  return { micros };
}

/** Micro-dollars as a person would type them back (`12.5`, `20`): for filling a field. */
export function dollarsInput(micros: number): string {
  return microsToDollars(micros).replace(/\.?0+$/, '');
}
