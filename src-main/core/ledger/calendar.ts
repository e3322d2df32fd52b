/**
 * Days, weeks and months in one time zone (the user's, by default), as sortable keys: `2025-11-20` for a day,
 * the Monday `2025-11-17` for its week, `2025-11` for its month. The ledger's rollups and aggregates use them,
 * so "today" and "this month" mean what they mean where the user is, across daylight-saving changes.
 */
import type { Bucket } from '@contract/ledger';

const DAY_MS = 86_400_000;
/** Every time zone's day starts within this distance of UTC midnight (offsets run from -12 h to +14 h). */
const SEARCH_MS = 15 * 3_600_000;
/** UTC offsets are whole quarter hours, so a day key is constant within each UTC quarter hour. */
const QUARTER_HOUR_MS = 900_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function utcDayKey(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function utcMidnight(dayKey: string): number {
  const [y, m, d] = dayKey.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
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
      this.lastKey = `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
      this.lastSlot = slot;
    }
    return this.lastKey;
  }

  /** The first instant of a day in this time zone (midnight, or the first instant after a skipped midnight). */
  startOfDay(dayKey: string): number {
    const guess = utcMidnight(dayKey);
    let low = guess - SEARCH_MS;
    let high = guess + SEARCH_MS;
    // dayKey(t) never decreases as t grows: find the first t whose day is dayKey or later.
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (this.dayKey(mid) < dayKey) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  static nextDay(dayKey: string): string {
    return utcDayKey(utcMidnight(dayKey) + DAY_MS);
  }

  static previousDay(dayKey: string): string {
    return utcDayKey(utcMidnight(dayKey) - DAY_MS);
  }

  /** The key of the day, week (its Monday) or month a day belongs to. */
  static bucketKey(dayKey: string, bucket: Bucket): string {
    if (bucket === 'day') return dayKey;
    if (bucket === 'month') return dayKey.slice(0, 7);
    const midnight = utcMidnight(dayKey);
    const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
    return utcDayKey(midnight - sinceMonday * DAY_MS);
  }

  /** The last day (YYYY-MM-DD) of a month (YYYY-MM). */
  static lastDayOfMonth(month: string): string {
    const [y, m] = month.split('-').map(Number) as [number, number];
    return utcDayKey(Date.UTC(y, m, 0));
  }

  static nextMonth(month: string): string {
    const [y, m] = month.split('-').map(Number) as [number, number];
    return utcDayKey(Date.UTC(y, m, 1)).slice(0, 7);
  }

  static previousMonth(month: string): string {
    const [y, m] = month.split('-').map(Number) as [number, number];
    return utcDayKey(Date.UTC(y, m - 2, 1)).slice(0, 7);
  }
}
