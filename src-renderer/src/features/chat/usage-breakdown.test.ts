import { describe, expect, it } from 'vitest';
import { usageBreakdown } from './MessageFooter';

describe('usageBreakdown', () => {
  it('says how the tokens split, leaving out empty parts', () => {
    const usage = {
      input: { uncached: 1200, cacheRead: 0, cacheWrite: 0 },
      output: { text: 300, reasoning: 0 },
      source: 'reported' as const,
    };
    expect(usageBreakdown(usage, undefined)).toBe('Input: 1,200 new · Output: 300 text');
  });

  it('names cache reads and writes, reasoning, time to first token and where the counts came from', () => {
    const usage = {
      input: { uncached: 100, cacheRead: 2000, cacheWrite: 30, cacheWrite1h: 5 },
      output: { text: 50, reasoning: 700 },
      source: 'partial' as const,
    };
    expect(usageBreakdown(usage, 420)).toBe(
      'Input: 100 new, 2,000 from cache, 35 written to cache · Output: 50 text, 700 reasoning · First token after 420 ms · Counted up to where it stopped',
    );
  });
});
