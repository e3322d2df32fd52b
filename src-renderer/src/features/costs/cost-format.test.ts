import { describe, expect, it } from 'vitest';
import {
  dollarsInput,
  errorRate,
  formatCallCost,
  formatRate,
  formatShare,
  formatTotal,
  formatTotalShort,
  microsToDollars,
  parseDollars,
} from './cost-format';

describe('totals with unknown costs', () => {
  it('show a complete total as it is', () => {
    expect(formatTotal({ costMicros: 1_234_567, unknownCostCalls: 0 })).toBe('$1.23');
    expect(formatTotal({ costMicros: 0, unknownCostCalls: 0 })).toBe('$0.00');
  });

  it('show a total with unpriced calls as a lower bound, with how many calls are unpriced', () => {
    expect(formatTotal({ costMicros: 1_234_567, unknownCostCalls: 2 })).toBe('≥ $1.23, 2 calls unpriced');
    expect(formatTotal({ costMicros: 4_200, unknownCostCalls: 1 })).toBe('≥ $0.0042, 1 call unpriced');
    expect(formatTotal({ costMicros: 4_200, unknownCostCalls: 7521 })).toBe(
      '≥ $0.0042, 7,521 calls unpriced',
    );
    expect(formatTotalShort({ costMicros: 1_234_567, unknownCostCalls: 2 })).toBe('≥ $1.23');
  });

  it('never show unknown as $0', () => {
    expect(formatTotal({ costMicros: 0, unknownCostCalls: 3 })).toBe('unknown, 3 calls unpriced');
    expect(formatTotalShort({ costMicros: 0, unknownCostCalls: 1 })).toBe('unknown');
    expect(formatCallCost(null)).toBe('unknown');
    expect(formatCallCost(undefined)).toBe('unknown');
    expect(formatCallCost(0)).toBe('$0.00');
  });
});

describe('exact dollars for exports', () => {
  it('write micro-dollars as exact decimals', () => {
    expect(microsToDollars(4_200)).toBe('0.004200');
    expect(microsToDollars(12_345_678_901)).toBe('12345.678901');
    expect(microsToDollars(0)).toBe('0.000000');
    expect(microsToDollars(-1)).toBe('-0.000001');
  });
});

describe('rates', () => {
  it('have no value without requests, rather than 0 %', () => {
    expect(errorRate(0, 0)).toBeNull();
    expect(formatRate(null)).toBe('—');
    expect(formatShare(1, 0)).toBe('—');
  });

  it('read as percentages with one decimal at most', () => {
    expect(formatRate(errorRate(1, 8))).toBe('12.5 %');
    expect(formatRate(errorRate(1, 3))).toBe('33.3 %');
    expect(formatRate(errorRate(4, 4))).toBe('100 %');
    expect(formatRate(errorRate(0, 9))).toBe('0 %');
    expect(formatRate(errorRate(1, 5000))).toBe('<0.1 %');
    expect(formatShare(250, 1000)).toBe('25 %');
  });
});

describe('typed dollar amounts', () => {
  it('read as exact micro-dollars, with or without a dollar sign and thousands separators', () => {
    expect(parseDollars('12.50')).toEqual({ micros: 12_500_000 });
    expect(parseDollars(' $5 ')).toEqual({ micros: 5_000_000 });
    expect(parseDollars('1,000')).toEqual({ micros: 1_000_000_000 });
    expect(parseDollars('0.000001')).toEqual({ micros: 1 });
    // 0.1 + 0.2 in floating point is not 0.3; typed amounts never go through a float.
    expect(parseDollars('0.3')).toEqual({ micros: 300_000 });
  });

  it('leave an empty field as no limit, and refuse what is not an amount with what to type', () => {
    expect(parseDollars('')).toEqual({ micros: null });
    expect(parseDollars('ten')).toEqual({ problem: 'Type an amount in dollars, such as 20 or 12.50.' });
    expect(parseDollars('-5')).toHaveProperty('problem');
    expect(parseDollars('1.0000001')).toHaveProperty('problem');
    expect(parseDollars('0')).toEqual({ micros: 0 });
    expect(parseDollars('99999999999')).toEqual({ problem: 'That amount is too large.' });
  });

  it('fill a field back with the same amount', () => {
    expect(dollarsInput(12_500_000)).toBe('12.5');
    expect(dollarsInput(20_000_000)).toBe('20');
    expect(dollarsInput(100_000_000)).toBe('100');
    expect(dollarsInput(1)).toBe('0.000001');
    expect(parseDollars(dollarsInput(123_456_789))).toEqual({ micros: 123_456_789 });
  });
});
