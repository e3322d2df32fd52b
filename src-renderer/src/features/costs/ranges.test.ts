import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  bucketKeys,
  bucketLabel,
  customDatesOf,
  customDatesProblem,
  dayKeyOf,
  parseDayKey,
  rangeLabel,
  rangeOf,
  suggestedBucket,
} from './ranges';

// New York: daylight saving time ends on 2 November 2025, so that day lasts 25 hours. Set before the module
// under test loads (its date formats take the time zone when they are made).
const previousTz = vi.hoisted(() => {
  const previous = process.env.TZ;
  process.env.TZ = 'America/New_York';
  return previous;
});
afterAll(() => {
  process.env.TZ = previousTz;
});

const local = (y: number, m: number, d: number, h = 0) => new Date(y, m - 1, d, h).getTime();

describe('range presets', () => {
  const now = local(2025, 11, 5, 15);

  it('end with today included and start the right number of local days back', () => {
    expect(rangeOf('7d', now)).toEqual({ from: local(2025, 10, 30), to: local(2025, 11, 6) });
    expect(rangeOf('30d', now)).toEqual({ from: local(2025, 10, 7), to: local(2025, 11, 6) });
    expect(rangeOf('90d', now)).toEqual({ from: local(2025, 8, 8), to: local(2025, 11, 6) });
  });

  it('count days, not 24-hour spans, across a daylight saving change', () => {
    const range = rangeOf('7d', now)!;
    // 7 days, one of them 25 hours long.
    expect(range.to - range.from).toBe(7 * 86_400_000 + 3_600_000);
    expect(new Date(range.from).getHours()).toBe(0);
  });

  it('cover this whole month, including a month that ends the year', () => {
    expect(rangeOf('month', now)).toEqual({ from: local(2025, 11, 1), to: local(2025, 12, 1) });
    expect(rangeOf('month', local(2025, 12, 31, 23))).toEqual({
      from: local(2025, 12, 1),
      to: local(2026, 1, 1),
    });
  });

  it('take custom dates with both days included', () => {
    expect(rangeOf('custom', now, { start: '2025-10-01', end: '2025-10-31' })).toEqual({
      from: local(2025, 10, 1),
      to: local(2025, 11, 1),
    });
    expect(rangeOf('custom', now, { start: '2025-11-02', end: '2025-11-02' })).toEqual({
      from: local(2025, 11, 2),
      to: local(2025, 11, 3),
    });
  });

  it('refuse custom dates that make no range, saying what to do', () => {
    expect(rangeOf('custom', now)).toBeNull();
    expect(rangeOf('custom', now, { start: '2025-11-05', end: '2025-11-01' })).toBeNull();
    expect(customDatesProblem({ start: '', end: '' })).toBe('Choose a start and an end date.');
    expect(customDatesProblem({ start: '2025-02-30', end: '2025-03-01' })).toBe('Choose a start date.');
    expect(customDatesProblem({ start: '2025-03-01', end: 'soon' })).toBe('Choose an end date.');
    expect(customDatesProblem({ start: '2025-11-05', end: '2025-11-01' })).toMatch(/before the start/);
    expect(customDatesProblem({ start: '2025-11-01', end: '2025-11-01' })).toBeNull();
    expect(customDatesProblem({ start: '0001-01-01', end: '9999-12-31' })).toMatch(/longer than 100 years/);
  });

  it('makes a century of month buckets without walking its days (issue 14)', () => {
    const century = { from: local(1990, 1, 1), to: local(2090, 1, 1) };
    const keys = bucketKeys(century, 'month');
    expect(keys).toHaveLength(1200);
    expect(keys[0]).toBe('1990-01');
    expect(keys.at(-1)).toBe('2089-12');
    expect(bucketKeys(century, 'week')).toHaveLength(5218);
  });

  it('turn a range back into the custom dates it shows', () => {
    expect(customDatesOf(rangeOf('7d', now)!)).toEqual({ start: '2025-10-30', end: '2025-11-05' });
    const custom = { start: '2024-02-27', end: '2024-03-02' };
    expect(customDatesOf(rangeOf('custom', now, custom)!)).toEqual(custom);
  });
});

describe('day keys', () => {
  it('read and write local days, refusing dates that do not exist', () => {
    expect(dayKeyOf(local(2025, 3, 9, 23))).toBe('2025-03-09');
    expect(parseDayKey('2024-02-29')).toBe(local(2024, 2, 29));
    expect(parseDayKey('2025-02-29')).toBeNull();
    expect(parseDayKey('2025-13-01')).toBeNull();
    expect(parseDayKey('1 March')).toBeNull();
  });
});

describe('buckets', () => {
  const november = { from: local(2025, 10, 30), to: local(2025, 11, 6) };

  it('list every day of a range, the 25-hour day once', () => {
    expect(bucketKeys(november, 'day')).toEqual([
      '2025-10-30',
      '2025-10-31',
      '2025-11-01',
      '2025-11-02',
      '2025-11-03',
      '2025-11-04',
      '2025-11-05',
    ]);
  });

  it('name weeks by their Monday, as the ledger does, and months by year and month', () => {
    expect(bucketKeys(november, 'week')).toEqual(['2025-10-27', '2025-11-03']);
    expect(bucketKeys(november, 'month')).toEqual(['2025-10', '2025-11']);
    expect(bucketKeys({ from: local(2025, 12, 29), to: local(2026, 1, 6) }, 'week')).toEqual([
      '2025-12-29',
      '2026-01-05',
    ]);
  });

  it('suggest days for short ranges, weeks for a quarter, months beyond', () => {
    expect(suggestedBucket(november)).toBe('day');
    expect(suggestedBucket(rangeOf('30d', local(2025, 11, 5))!)).toBe('day');
    expect(suggestedBucket(rangeOf('90d', local(2025, 11, 5))!)).toBe('week');
    expect(suggestedBucket({ from: local(2025, 1, 1), to: local(2026, 1, 1) })).toBe('month');
  });

  it('read as dates people use', () => {
    expect(bucketLabel('2025-11-03', 'day')).toBe('3 Nov');
    expect(bucketLabel('2025-11-03', 'day', true)).toBe('3 Nov 2025');
    expect(bucketLabel('2025-11-03', 'week')).toBe('Week of 3 Nov');
    expect(bucketLabel('2025-11', 'month')).toBe('Nov 2025');
    expect(rangeLabel(november)).toBe('30 Oct 2025 – 5 Nov 2025');
    expect(rangeLabel({ from: local(2025, 11, 2), to: local(2025, 11, 3) })).toBe('2 Nov 2025');
  });
});
