import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatContext,
  formatLifecycle,
  formatModelPrices,
  formatDuration,
  formatRate,
  formatShare,
  formatTokens,
  formatWhen,
  rateOf,
  secondsUntil,
} from './format';

describe('token formats', () => {
  it('groups token counts and compacts millions', () => {
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(12_345)).toBe('12,345');
    expect(formatTokens(1_234_567)).toBe('1.2M');
    expect(formatContext(200_000)).toBe('200K');
    expect(formatContext(1_000_000)).toBe('1M');
  });
});

describe('time formats', () => {
  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2_400)).toBe('2.4 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
  });

  it('counts down in whole seconds, never below zero', () => {
    expect(secondsUntil(10_500, 10_000)).toBe(1);
    expect(secondsUntil(13_000, 10_000)).toBe(3);
    expect(secondsUntil(9_000, 10_000)).toBe(0);
  });

  it('says when, relative to now', () => {
    const now = new Date(2025, 5, 18, 16, 0).getTime();
    expect(formatWhen(new Date(2025, 5, 18, 9, 5).getTime(), now)).toBe('09:05');
    expect(formatWhen(new Date(2025, 5, 16, 9, 5).getTime(), now)).toBe('Mon');
    expect(formatWhen(new Date(2025, 1, 3).getTime(), now)).toBe('3 Feb');
    expect(formatWhen(new Date(2023, 1, 3).getTime(), now)).toBe('3 Feb 2023');
  });
});

describe('rates', () => {
  it('have no value without requests, rather than 0 %', () => {
    expect(rateOf(0, 0)).toBeNull();
    expect(formatRate(null)).toBe('—');
    expect(formatShare(1, 0)).toBe('—');
  });

  it('read as percentages with one decimal at most', () => {
    expect(formatRate(rateOf(1, 8))).toBe('12.5 %');
    expect(formatRate(rateOf(1, 3))).toBe('33.3 %');
    expect(formatRate(rateOf(4, 4))).toBe('100 %');
    expect(formatRate(rateOf(0, 9))).toBe('0 %');
    expect(formatRate(rateOf(1, 5000))).toBe('<0.1 %');
    expect(formatShare(250, 1000)).toBe('25 %');
  });
});

describe('a model in words', () => {
  it('has its prices in one line, its long-context tier beside them, and an unknown price said so', () => {
    expect(formatModelPrices({ inputPerM: 3, outputPerM: 15 })).toBe('$3.00/M in · $15.00/M out');
    expect(
      formatModelPrices({
        inputPerM: 1.25,
        outputPerM: 10,
        tiers: [{ aboveInputTokens: 200_000, inputPerM: 2.5, outputPerM: 15 }],
      }),
    ).toBe('$1.25/M in · $10.00/M out; $2.50/M in above 200K');
    expect(formatModelPrices(null)).toBe('price unknown');
  });

  it('has its place in the lifecycle in a word or two, and nothing while in service', () => {
    expect(formatLifecycle({ status: 'active' })).toBeNull();
    expect(formatLifecycle(undefined)).toBeNull();
    expect(formatLifecycle({ status: 'deprecated', retiresOn: '2026-12-11' })).toBe('retires 11 Dec 2026');
    expect(formatLifecycle({ status: 'deprecated' })).toBe('deprecated');
    expect(formatLifecycle({ status: 'retired', retiresOn: '2026-11-30' })).toBe('retired 30 Nov 2026');
    expect(formatLifecycle({ status: 'retired' })).toBe('retired');
  });
});

describe('sizes', () => {
  it('read in binary units with one decimal at most, the same everywhere', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MB');
    expect(formatBytes(31.25 * 1024 * 1024)).toBe('31.3 MB');
    expect(formatBytes(8 * 1024 ** 3)).toBe('8 GB');
    expect(formatBytes(3 * 1024 ** 5)).toBe('3072 TB');
    expect(formatBytes(Number.NaN)).toBe('0 bytes');
  });
});
