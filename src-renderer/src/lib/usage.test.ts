import { describe, expect, it } from 'vitest';
import { totalInputTokens, totalOutputTokens, type Usage } from '@contract/usage';
import { inputTokens, outputTokens } from './usage';

describe('token totals', () => {
  it('agree with the contract’s own helpers', () => {
    const usage: Usage = {
      input: { uncached: 100, cacheRead: 2000, cacheWrite: 30, cacheWrite1h: 4 },
      output: { text: 50, reasoning: 600 },
      source: 'reported',
    };
    expect(inputTokens(usage)).toBe(totalInputTokens(usage));
    expect(outputTokens(usage)).toBe(totalOutputTokens(usage));
    expect(inputTokens(usage)).toBe(2134);
  });
});
