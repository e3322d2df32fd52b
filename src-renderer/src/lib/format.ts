/** How numbers read in the UI: money from integer micro-dollars, token counts, durations, prices, dates. */

/**
 * Dollars from micro-dollars, with enough digits to say something: $12.35, $0.0123, $0.000045.
 * null means the price is unknown: never shown as $0.
 */
export function formatCost(micros: number | null | undefined): string {
  if (micros === null || micros === undefined) return 'cost unknown';
  if (micros === 0) return '$0.00';
  const dollars = micros / 1_000_000;
  const abs = Math.abs(dollars);
  const digits = abs >= 1 ? 2 : abs >= 0.01 ? 4 : 6;
  return `${dollars < 0 ? '−' : ''}$${abs.toFixed(digits).replace(/(\.\d{2}\d*?)0+$/, '$1')}`;
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const grouped = new Intl.NumberFormat('en');

/** 950, 12,345 or 1.2M. */
export function formatTokens(count: number): string {
  return count >= 1_000_000 ? compact.format(count) : grouped.format(count);
}

/** 128K, 1M: a context window's size. */
export function formatContext(tokens: number): string {
  return compact.format(tokens);
}

/** A price per million tokens: $3, $0.30, $1.25, $0.075. */
export function formatPricePerM(dollarsPerM: number): string {
  if (Number.isInteger(dollarsPerM)) return `$${dollarsPerM}`;
  return `$${dollarsPerM.toFixed(3).replace(/(\.\d\d)0$/, '$1')}`;
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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date written YYYY-MM-DD (catalogue dates, retirements) for people: `11 Dec 2026`, as main words it. */
export function formatDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  return match && month ? `${Number(match[3])} ${month} ${match[1]}` : day;
}
