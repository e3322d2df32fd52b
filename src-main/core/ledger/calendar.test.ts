import { describe, expect, it } from 'vitest';
import { Calendar, clampToLedgerTime, LEDGER_TIME } from './calendar';

describe('Calendar', () => {
  it('puts an instant on the day it is in its time zone', () => {
    const instant = Date.UTC(2025, 10, 21, 2, 30);
    expect(new Calendar('UTC').dayKey(instant)).toBe('2025-11-21');
    expect(new Calendar('America/New_York').dayKey(instant)).toBe('2025-11-20');
    expect(new Calendar('Asia/Kathmandu').dayKey(Date.UTC(2025, 10, 20, 18, 14))).toBe('2025-11-20');
    expect(new Calendar('Asia/Kathmandu').dayKey(Date.UTC(2025, 10, 20, 18, 15))).toBe('2025-11-21');
  });

  it('finds the first instant of a day, across daylight saving changes', () => {
    const ny = new Calendar('America/New_York');
    expect(ny.startOfDay('2025-11-02')).toBe(Date.UTC(2025, 10, 2, 4)); // still EDT at midnight
    expect(ny.startOfDay('2025-11-03')).toBe(Date.UTC(2025, 10, 3, 5)); // EST: that day had 25 hours
    expect(ny.startOfDay('2025-03-09')).toBe(Date.UTC(2025, 2, 9, 5));
    expect(ny.startOfDay('2025-03-10')).toBe(Date.UTC(2025, 2, 10, 4)); // a 23-hour day
    // Santiago skips midnight when its clocks go forward: the day starts at 01:00.
    const santiago = new Calendar('America/Santiago');
    expect(santiago.startOfDay('2025-09-07')).toBe(Date.UTC(2025, 8, 7, 4));
    expect(santiago.dayKey(santiago.startOfDay('2025-09-07') - 1)).toBe('2025-09-06');
  });

  it('keys weeks by their Monday and months by year and month', () => {
    expect(Calendar.bucketKey('2025-11-20', 'day')).toBe('2025-11-20');
    expect(Calendar.bucketKey('2025-11-20', 'week')).toBe('2025-11-17');
    expect(Calendar.bucketKey('2025-11-17', 'week')).toBe('2025-11-17');
    expect(Calendar.bucketKey('2025-11-16', 'week')).toBe('2025-11-10');
    expect(Calendar.bucketKey('2026-01-01', 'week')).toBe('2025-12-29');
    expect(Calendar.bucketKey('2025-11-20', 'month')).toBe('2025-11');
    expect(Calendar.nextDay('2024-02-28')).toBe('2024-02-29');
    expect(Calendar.previousDay('2025-03-01')).toBe('2025-02-28');
  });

  it('refuses a time zone it does not know, saying what it expects', () => {
    expect(() => new Calendar('Mars/Olympus_Mons')).toThrow(
      /not a time zone .* IANA name such as Europe\/Paris/,
    );
  });
});

describe('Calendar at the ends of time', () => {
  const MAX = 8.64e15;

  it('finds the start of a day near the ends of what Date can hold (the midpoint never passes 2^53)', () => {
    const utc = new Calendar('UTC');
    expect(utc.dayKey(MAX)).toBe('+275760-09-13');
    expect(utc.startOfDay('+275760-09-13')).toBe(MAX);
    expect(utc.dayKey(-MAX)).toBe('-271821-04-20');
    expect(utc.startOfDay('-271821-04-20')).toBe(-MAX);
    const tokyo = new Calendar('Asia/Tokyo');
    const day = tokyo.dayKey(MAX - 86_400_000);
    expect(tokyo.dayKey(tokyo.startOfDay(day))).toBe(day);
  });

  it('keeps the era: years before the common era are negative, never 271822', () => {
    const utc = new Calendar('UTC');
    expect(utc.dayKey(Date.UTC(-43, 2, 15))).toBe('-000043-03-15');
    const year1 = new Date(0);
    year1.setUTCFullYear(1, 0, 1);
    expect(utc.dayKey(year1.getTime())).toBe('0001-01-01');
    expect(utc.dayKey(year1.getTime() - 1)).toBe('0000-12-31');
    expect(Calendar.nextDay('0099-12-31')).toBe('0100-01-01');
    expect(Calendar.previousMonth('0001-01')).toBe('0000-12');
    expect(Calendar.bucketKey('-000043-03-15', 'month')).toBe('-000043-03');
  });

  it('clamps a range to the years its keys can name', () => {
    expect(clampToLedgerTime(-MAX, MAX)).toEqual(LEDGER_TIME);
    expect(clampToLedgerTime(0, 10)).toEqual({ from: 0, to: 10 });
    expect(clampToLedgerTime(MAX, MAX)).toEqual({ from: LEDGER_TIME.to, to: LEDGER_TIME.to });
  });
});
