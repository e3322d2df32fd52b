import { describe, expect, it } from 'vitest';
import {
  formatContext,
  formatCost,
  formatDuration,
  formatPricePerM,
  formatTokens,
  formatWhen,
  secondsUntil,
} from './format';

describe('formatCost', () => {
  it('shows unknown as unknown, never $0', () => {
    expect(formatCost(null)).toBe('cost unknown');
    expect(formatCost(undefined)).toBe('cost unknown');
  });

  it('uses enough digits for small amounts and trims trailing zeros past the cents', () => {
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(12_345_678)).toBe('$12.35');
    expect(formatCost(1_000_000)).toBe('$1.00');
    expect(formatCost(12_300)).toBe('$0.0123');
    expect(formatCost(10_000)).toBe('$0.01');
    expect(formatCost(45)).toBe('$0.000045');
    expect(formatCost(1)).toBe('$0.000001');
  });
});

describe('token and price formats', () => {
  it('groups token counts and compacts millions', () => {
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(12_345)).toBe('12,345');
    expect(formatTokens(1_234_567)).toBe('1.2M');
    expect(formatContext(200_000)).toBe('200K');
    expect(formatContext(1_000_000)).toBe('1M');
  });

  it('prints prices per million tokens', () => {
    expect(formatPricePerM(3)).toBe('$3');
    expect(formatPricePerM(0.15)).toBe('$0.15');
    expect(formatPricePerM(15)).toBe('$15');
    expect(formatPricePerM(1.25)).toBe('$1.25');
    expect(formatPricePerM(0.3)).toBe('$0.30');
    expect(formatPricePerM(0.075)).toBe('$0.075');
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
