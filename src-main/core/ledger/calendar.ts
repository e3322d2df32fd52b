/**
 * Days, weeks and months in one time zone (the user's, by default), as sortable keys: `2025-11-20` for a day,
 * the Monday `2025-11-17` for its week, `2025-11` for its month. The ledger's rollups and aggregates use them,
 * so "today" and "this month" mean what they mean where the user is, across daylight-saving changes.
 *
 * Keys sort as text only for years 1000 to 9999, so the ledger's time runs within `LEDGER_TIME` and ranges are
 * clamped to it (`clampToLedgerTime`); outside it a day still gets its true ISO 8601 key (`-000044-03-15`,
 * `+275760-09-13`), never a wrong one.
 */
import type { Bucket } from '@contract/ledger';

const DAY_MS = 86_400_000;
/** The farthest instant from 1970 a Date can hold, either way. */
const MAX_TIME = 8.64e15;
/** Every time zone's day starts within this distance of UTC midnight (offsets run from -12 h to +14 h). */
const SEARCH_MS = 15 * 3_600_000;
/** UTC offsets are whole quarter hours, so a day key is constant within each UTC quarter hour. */
const QUARTER_HOUR_MS = 900_000;

/** The instants the ledger's keys can name in every time zone: the years 1000 to 9999, a day's margin each side. */
export const LEDGER_TIME = {
  from: Date.UTC(1000, 0, 2),
  to: Date.UTC(9999, 11, 30),
} as const;

/** A range within the ledger's time (an empty one stays empty). */
export function clampToLedgerTime(from: number, to: number): { from: number; to: number } {
  const lo = Math.min(Math.max(from, LEDGER_TIME.from), LEDGER_TIME.to);
  const hi = Math.min(Math.max(to, LEDGER_TIME.from), LEDGER_TIME.to);
  return { from: lo, to: hi };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A year as ISO 8601 writes it: four digits for 0 to 9999, else a sign and six digits. */
function yearKey(year: number): string {
  if (year >= 0 && year <= 9999) return pad(year, 4);
  return `${year < 0 ? '-' : '+'}${pad(Math.abs(year), 6)}`;
}

function utcDayKey(ms: number): string {
  const d = new Date(ms);
  return `${yearKey(d.getUTCFullYear())}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const DAY_KEY = /^([+-]\d{6}|\d{4})-(\d{2})(?:-(\d{2}))?$/;

/** UTC midnight of a day key (or the first day of a month key); Date.UTC would read the years 0 to 99 as 19xx. */
function utcMidnight(key: string): number {
  const match = DAY_KEY.exec(key);
  if (!match) throw new RangeError(`"${key}" is not a day key (YYYY-MM-DD).`);
  const date = new Date(0);
  date.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3] ?? 1));
  return date.getTime();
}

export class Calendar {
  readonly timeZone: string;
  private readonly format: Intl.DateTimeFormat;
  private lastSlot = Number.NaN;
  private lastKey = '';

  constructor(timeZone: string = Intl.DateTimeFormat().resolvedOptions().timeZone) {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        era: 'short',
        hourCycle: 'h23',
      });
    } catch {
      throw new Error(
        `"${timeZone}" is not a time zone this system knows; use an IANA name such as Europe/Paris.`,
      );
    }
    this.timeZone = this.format.resolvedOptions().timeZone;
  }

  /** The day (YYYY-MM-DD) an instant falls on, in this time zone. */
  dayKey(ms: number): string {
    const slot = Math.floor(ms / QUARTER_HOUR_MS);
    if (slot !== this.lastSlot) {
      const parts = this.format.formatToParts(ms);
      const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
      // The year of an era: 44 BC is the astronomical year -43.
      const year = Number(get('year'));
      const bc = /^B/i.test(get('era'));
      this.lastKey = `${yearKey(bc ? 1 - year : year)}-${get('month')}-${get('day')}`;
      this.lastSlot = slot;
    }
    return this.lastKey;
  }

  /** The first instant of a day in this time zone (midnight, or the first instant after a skipped midnight). */
  startOfDay(dayKey: string): number {
    const guess = utcMidnight(dayKey);
    let low = Math.max(guess - SEARCH_MS, -MAX_TIME);
    let high = Math.min(guess + SEARCH_MS, MAX_TIME);
    // dayKey(t) never decreases as t grows: find the first t whose day is dayKey or later. The midpoint is taken
    // from the difference: low + high can pass 2^53 near the ends of Date's range, where it would never converge.
    const before = (t: number) => compareDayKeys(this.dayKey(t), dayKey) < 0;
    while (low < high) {
      const mid = low + Math.floor((high - low) / 2);
      if (before(mid)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The midnight after a day, in UTC terms (for day arithmetic on keys). */
  static nextDay(dayKey: string): string {
    return utcDayKey(utcMidnight(dayKey) + DAY_MS);
  }

  static previousDay(dayKey: string): string {
    return utcDayKey(utcMidnight(dayKey) - DAY_MS);
  }

  /** The key of the day, week (its Monday) or month a day belongs to. */
  static bucketKey(dayKey: string, bucket: Bucket): string {
    if (bucket === 'day') return dayKey;
    if (bucket === 'month') return dayKey.slice(0, -3);
    const midnight = utcMidnight(dayKey);
    const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
    return utcDayKey(midnight - sinceMonday * DAY_MS);
  }

  /** The last day (YYYY-MM-DD) of a month (YYYY-MM). */
  static lastDayOfMonth(month: string): string {
    const first = new Date(utcMidnight(month));
    first.setUTCMonth(first.getUTCMonth() + 1, 0);
    return utcDayKey(first.getTime());
  }

  static nextMonth(month: string): string {
    const first = new Date(utcMidnight(month));
    first.setUTCMonth(first.getUTCMonth() + 1, 1);
    return utcDayKey(first.getTime()).slice(0, -3);
  }

  static previousMonth(month: string): string {
    const first = new Date(utcMidnight(month));
    first.setUTCMonth(first.getUTCMonth() - 1, 1);
    return utcDayKey(first.getTime()).slice(0, -3);
  }
}

/** Orders day keys by time: as text within 1000–9999, by their dates outside it. */
export function compareDayKeys(a: string, b: string): number {
  if (a.length === 10 && b.length === 10 && a[0] !== '-' && b[0] !== '-') return a < b ? -1 : a > b ? 1 : 0;
  return utcMidnight(a) - utcMidnight(b);
}
