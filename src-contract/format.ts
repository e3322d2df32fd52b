/**
 * How numbers read, in the window and in main's messages alike: token counts, context sizes, durations, dates,
 * rates. Money is in money.ts. Zod-free: the renderer imports it at run time.
 */
import { ESTIMATE_MARK, formatPricePerM, type Certainty } from './money';
import type { Lifecycle, Prices } from './models';

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const grouped = new Intl.NumberFormat('en');

/** 950, 12,345 or 1.2M. */
export function formatTokens(count: number): string {
  return count >= 1_000_000 ? compact.format(count) : grouped.format(count);
}

/** Tokens in and out as sure as they are: `1,200 in · 40 out`, `≈1,200 in · ≈40 out`, `tokens unknown`. */
export function formatTokensInOut(input: number, output: number, certainty: Certainty): string {
  if (certainty === 'unknown') return 'tokens unknown';
  const mark = certainty === 'estimated' ? ESTIMATE_MARK : '';
  return `${mark}${formatTokens(input)} in · ${mark}${formatTokens(output)} out`;
}

/** 128K, 1M: a context window's size. */
export function formatContext(tokens: number): string {
  return compact.format(tokens);
}

/** 850 ms, 2.4 s, 1 min 05 s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** Seconds left until `untilMs`, at least zero, rounded up (a countdown). */
export function secondsUntil(untilMs: number, now: number): number {
  return Math.max(0, Math.ceil((untilMs - now) / 1000));
}

/** Today: 14:05; this week: Mon; this year: 3 Mar; older: 3 Mar 2023. */
export function formatWhen(at: number, now: number = Date.now()): string {
  const date = new Date(at);
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) {
    return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  }
  const days = (now - at) / 86_400_000;
  if (days < 6 && days >= 0) return date.toLocaleDateString('en-GB', { weekday: 'short' });
  if (date.getFullYear() === today.getFullYear())
    return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

/** Errors per request; null when there were no requests (a rate of nothing is not 0 %). */
export function rateOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
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
  return formatRate(rateOf(part, whole));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date written YYYY-MM-DD (catalogue dates, retirements) for people: `11 Dec 2026`, the same in every locale. */
export function formatDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  return match && month ? `${Number(match[3])} ${month} ${match[1]}` : day;
}

/**
 * A model's prices in one line, the same in the picker and the catalogue review: `$3.00/M in · $15.00/M out`, and the
 * long-context tier where there is one (`; $6.00/M in above 200K`); `price unknown` when the catalogue has none.
 */
export function formatModelPrices(prices: Prices | null | undefined): string {
  if (!prices) return 'price unknown';
  const base = `${formatPricePerM(prices.inputPerM)} in · ${formatPricePerM(prices.outputPerM)} out`;
  const tier = prices.tiers?.[0];
  return tier?.inputPerM !== undefined
    ? `${base}; ${formatPricePerM(tier.inputPerM)} in above ${formatContext(tier.aboveInputTokens)}`
    : base;
}

/**
 * Where a model is in its lifecycle, in a word or two (`retires 11 Dec 2026`, `deprecated`, `retired 30 Nov 2026`);
 * null for a model in service. Main's `notice` says the rest.
 */
export function formatLifecycle(
  lifecycle: Pick<Lifecycle, 'status' | 'retiresOn'> | undefined,
): string | null {
  if (!lifecycle || lifecycle.status === 'active') return null;
  const day = lifecycle.retiresOn ? ` ${formatDay(lifecycle.retiresOn)}` : '';
  if (lifecycle.status === 'retired') return `retired${day}`;
  return day ? `retires${day}` : 'deprecated';
}

const KIB = 1024;

/**
 * A size for people, in binary units as file managers count them: `512 bytes`, `1.5 KB`, `25 MB`, `8 GB`; one decimal
 * at most, none when it is .0. Main's limits and refusals and the window's captions all say sizes this one way.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < KIB) return `${Math.max(0, Math.round(bytes || 0))} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / KIB;
  let unit = 0;
  while (value >= KIB && unit < units.length - 1) {
    value /= KIB;
    unit++;
  }
  return `${value.toFixed(1).replace(/\.0$/, '')} ${units[unit]}`;
}
