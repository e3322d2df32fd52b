/**
 * The dashboard's date ranges and time buckets, in the local calendar (the ledger's days are the same machine's):
 * presets (last 7, 30 or 90 days, this month) and custom dates, each a half-open range `[from, to)` in
 * milliseconds; the bucket keys a range covers (`YYYY-MM-DD` for days and for weeks, which start on Monday,
 * `YYYY-MM` for months), as main's ledger names them; and how each key reads.
 */
import type { Bucket } from '@contract/ledger';

export type RangePreset = '7d' | '30d' | '90d' | 'month' | 'custom';
export type DateRange = { from: number; to: number };
/** Custom dates as a date input gives them (`YYYY-MM-DD`), both days included. */
export type CustomDates = { start: string; end: string };

export const RANGE_PRESETS: ReadonlyArray<{ value: RangePreset; label: string }> = [
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
  { value: 'month', label: 'This month' },
  { value: 'custom', label: 'Custom dates' },
];

const PRESET_DAYS: Record<'7d' | '30d' | '90d', number> = { '7d': 7, '30d': 30, '90d': 90 };

/** Local midnight of the day `days` after the day of `ms` (daylight saving changes make some days 23 or 25 hours). */
function localMidnight(ms: number, days = 0): number {
  const date = new Date(ms);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days).getTime();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `YYYY-MM-DD` of the local day an instant falls in: what a date input shows. */
export function dayKeyOf(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight of a `YYYY-MM-DD` day, or null when it is not a real date. */
export function parseDayKey(key: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // setFullYear: the Date constructor reads the years 0 to 99 as 1900 to 1999.
  const date = new Date(2000, 0, 1);
  date.setFullYear(year, month - 1, day);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date.getTime();
}

/** What is wrong with custom dates, in a sentence that says what to do; null when they make a range. */
export function customDatesProblem(dates: CustomDates): string | null {
  const start = parseDayKey(dates.start);
  const end = parseDayKey(dates.end);
  if (start === null && end === null) return 'Choose a start and an end date.';
  if (start === null) return 'Choose a start date.';
  if (end === null) return 'Choose an end date.';
  if (end < start) return 'The end date is before the start date: choose an end on or after the start.';
  if (new Date(end).getFullYear() - new Date(start).getFullYear() > MAX_RANGE_YEARS) {
    return `That range is longer than ${MAX_RANGE_YEARS} years: choose a later start or an earlier end.`;
  }
  return null;
}

/** The longest custom range: a chart of more than a hundred years of months says nothing, and costs to draw. */
export const MAX_RANGE_YEARS = 100;

/**
 * The range a preset covers at `now`: the last N days end with today (included), this month runs from its
 * first day to its end. Custom dates include both days; null when they do not make a range.
 */
export function rangeOf(preset: RangePreset, now: number, custom?: CustomDates): DateRange | null {
  if (preset === 'custom') {
    if (!custom || customDatesProblem(custom) !== null) return null;
    const from = parseDayKey(custom.start)!;
    return { from, to: localMidnight(parseDayKey(custom.end)!, 1) };
  }
  if (preset === 'month') {
    const date = new Date(now);
    return {
      from: new Date(date.getFullYear(), date.getMonth(), 1).getTime(),
      to: new Date(date.getFullYear(), date.getMonth() + 1, 1).getTime(),
    };
  }
  const days = PRESET_DAYS[preset];
  return { from: localMidnight(now, 1 - days), to: localMidnight(now, 1) };
}

/** Custom dates that show the same days as a range (to start a custom range from the current one). */
export function customDatesOf(range: DateRange): CustomDates {
  return { start: dayKeyOf(range.from), end: dayKeyOf(range.to - 1) };
}

/** Days for up to about six weeks, weeks up to about six months, months beyond. */
export function suggestedBucket(range: DateRange): Bucket {
  const days = Math.round((range.to - range.from) / 86_400_000);
  if (days <= 45) return 'day';
  if (days <= 190) return 'week';
  return 'month';
}

/** The bucket key of a day (`YYYY-MM-DD`), as the ledger's Calendar.bucketKey gives it. */
export function bucketKeyOfDay(dayKey: string, bucket: Bucket): string {
  if (bucket === 'day') return dayKey;
  if (bucket === 'month') return dayKey.slice(0, 7);
  const midnight = parseDayKey(dayKey)!;
  const sinceMonday = (new Date(midnight).getDay() + 6) % 7;
  return dayKeyOf(localMidnight(midnight, -sinceMonday));
}

/**
 * Every bucket key a range touches, in order, so a chart shows quiet days as zero rather than skipping them.
 * It steps a bucket at a time (never a day at a time for weeks and months), so its time follows the keys it makes.
 */
export function bucketKeys(range: DateRange, bucket: Bucket): string[] {
  const keys: string[] = [];
  const first = new Date(localMidnight(range.from));
  let day =
    bucket === 'month'
      ? new Date(first.getFullYear(), first.getMonth(), 1).getTime()
      : bucket === 'week'
        ? parseDayKey(bucketKeyOfDay(dayKeyOf(first.getTime()), 'week'))!
        : first.getTime();
  while (day < range.to) {
    keys.push(bucketKeyOfDay(dayKeyOf(day), bucket));
    const date = new Date(day);
    day =
      bucket === 'month'
        ? new Date(date.getFullYear(), date.getMonth() + 1, 1).getTime()
        : localMidnight(day, bucket === 'week' ? 7 : 1);
  }
  return keys;
}

const SHORT_DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const LONG_DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric' });

/** `3 Nov`, `Week of 3 Nov`, `Nov 2025`; `long` adds the year to days and weeks (tables, exports). */
export function bucketLabel(key: string, bucket: Bucket, long = false): string {
  if (bucket === 'month') {
    const [year, month] = key.split('-').map(Number) as [number, number];
    return MONTH.format(new Date(year, month - 1, 1));
  }
  const day = parseDayKey(key);
  if (day === null) return key;
  const text = (long ? LONG_DAY : SHORT_DAY).format(day);
  return bucket === 'week' ? `Week of ${text}` : text;
}

/** `1 Nov 2025 – 30 Nov 2025` for a range (its last day included). */
export function rangeLabel(range: DateRange): string {
  const first = LONG_DAY.format(range.from);
  const last = LONG_DAY.format(range.to - 1);
  return first === last ? first : `${first} – ${last}`;
}
