import { describe, expect, test } from 'vitest';
import { bytes, fixed, medianWithRange, ms, ratio, table } from './format';

describe('report formatting', () => {
  test('numbers, durations and sizes', () => {
    expect(fixed(1234.567, 1)).toBe('1,234.6');
    expect(ms(16.666)).toBe('16.7 ms');
    expect(ms(1234.4)).toBe('1,234 ms');
    expect(ms(Number.NaN)).toBe('—');
    expect(bytes(512)).toBe('512 B');
    expect(bytes(2048)).toBe('2.0 KB');
    expect(bytes(5 * 1048576)).toBe('5.0 MB');
    expect(bytes(24 * 1073741824)).toBe('24.0 GB');
    expect(bytes(-1920)).toBe('-1.9 KB');
  });

  test('a median with its range, or alone when the runs agree or there is one', () => {
    expect(medianWithRange([16.7, 16.9, 16.6], ms)).toBe('16.7 ms (16.6–16.9)');
    expect(medianWithRange([3], ms)).toBe('3.0 ms');
    expect(medianWithRange([2, 2], ms)).toBe('2.0 ms');
    expect(medianWithRange([], ms)).toBe('—');
  });

  test('ratios, with a dash when there is nothing to divide by', () => {
    expect(ratio(1, 4)).toBe('0.25×');
    expect(ratio(1, 0)).toBe('—');
    expect(ratio(Number.NaN, 2)).toBe('—');
  });

  test('Markdown tables', () => {
    expect(table(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
  });
});
