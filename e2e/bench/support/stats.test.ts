import { describe, expect, test } from 'vitest';
import { gaps, maximum, median, percentile, spread, sum } from './stats';

describe('order statistics', () => {
  test('percentiles by nearest rank', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 10)).toBe(1);
    expect(percentile([42], 95)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
  });

  test('medians of odd and even counts, ignoring values that are not numbers', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, Number.NaN, 3])).toBe(2);
    expect(median([])).toBeNaN();
  });

  test('a spread is the median with its range', () => {
    expect(spread([3, 9, 1])).toEqual({ median: 3, min: 1, max: 9, runs: 3 });
  });

  test('gaps, sums and maxima', () => {
    expect(gaps([0, 16.7, 33.4, 100])).toEqual([16.7, 16.7, 66.6].map((g) => expect.closeTo(g, 6)));
    expect(sum([1, 2, 3])).toBe(6);
    expect(maximum([])).toBe(0);
    expect(maximum([2, 7, 1])).toBe(7);
  });
});
