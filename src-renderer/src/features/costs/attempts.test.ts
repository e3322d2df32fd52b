import { describe, expect, it } from 'vitest';
import type { LedgerRecord } from '@contract/ledger';
import { attemptsTotal, outcomeWords, overheadOf, roleWords } from './attempts';

function record(fields: Partial<LedgerRecord>): LedgerRecord {
  return {
    id: 'r',
    ts: 0,
    requestId: 'q',
    attempt: 1,
    role: 'primary',
    purpose: 'chat',
    provider: 'openai',
    model: 'gpt-4.1',
    outcome: 'ok',
    usage: {
      input: { uncached: 0, cacheRead: 0, cacheWrite: 0 },
      output: { text: 0, reasoning: 0 },
      source: 'reported',
    },
    prices: null,
    costMicros: 0,
    ...fields,
  };
}

describe('attempts of an answer', () => {
  const failed = record({ attempt: 1, outcome: 'error', errorKind: 'rate_limit', costMicros: 0 });
  const retried = record({
    attempt: 2,
    role: 'retry',
    outcome: 'error',
    errorKind: 'overloaded',
    costMicros: 1_200,
  });
  const fallback = record({ attempt: 3, role: 'fallback', outcome: 'ok', costMicros: 30_000 });

  it('say their role and outcome in words', () => {
    expect([failed, retried, fallback].map(roleWords)).toEqual(['First try', 'Retry', 'Fallback']);
    expect([failed, retried, fallback].map(outcomeWords)).toEqual([
      'failed: rate limit',
      'failed: overloaded',
      'answered',
    ]);
    expect(outcomeWords(record({ outcome: 'aborted', errorKind: 'aborted' }))).toBe('stopped');
    expect(outcomeWords(record({ outcome: 'cached' }))).toBe('from the cache');
  });

  it('add up to the answer cost, and the overhead is everything but the attempt that answered', () => {
    expect(attemptsTotal([failed, retried, fallback])).toEqual({ costMicros: 31_200, unknownCostCalls: 0 });
    expect(overheadOf([failed, retried, fallback])).toEqual({ costMicros: 1_200, unknownCostCalls: 0 });
  });

  it('count unknown costs apart, never as 0', () => {
    const unpriced = record({ role: 'fallback', attempt: 2, costMicros: null });
    expect(attemptsTotal([retried, unpriced])).toEqual({ costMicros: 1_200, unknownCostCalls: 1 });
    const unpricedFailure = record({ outcome: 'error', errorKind: 'timeout', costMicros: null });
    expect(overheadOf([unpricedFailure, fallback])).toEqual({ costMicros: 0, unknownCostCalls: 1 });
  });

  it('an answer with tools: each round answered, so only a round’s retries are overhead', () => {
    const first = record({ requestId: 'round-1', costMicros: 500 });
    const retry = record({ requestId: 'round-2', outcome: 'error', errorKind: 'overloaded', costMicros: 0 });
    const second = record({ requestId: 'round-2', role: 'tool_round', attempt: 2, costMicros: 700 });
    expect(roleWords(second)).toBe('After tools');
    expect(attemptsTotal([first, retry, second])).toEqual({ costMicros: 1_200, unknownCostCalls: 0 });
    expect(overheadOf([first, retry, second])).toEqual({ costMicros: 0, unknownCostCalls: 0 });
  });

  it('count every attempt as overhead when none answered', () => {
    expect(overheadOf([failed, retried])).toEqual({ costMicros: 1_200, unknownCostCalls: 0 });
  });

  it('count a cut call with estimated usage as estimated, and one with nothing counted as unknown, never $0 (issue 14)', () => {
    const usage = (output: number, source: 'estimated' | 'partial') => ({
      input: { uncached: output ? 40 : 0, cacheRead: 0, cacheWrite: 0 },
      output: { text: output, reasoning: 0 },
      source,
    });
    const cut = record({
      outcome: 'interrupted',
      errorKind: 'connection',
      costMicros: 900,
      usage: usage(5, 'estimated'),
    });
    const blank = record({
      outcome: 'interrupted',
      errorKind: 'connection',
      costMicros: 0,
      usage: usage(0, 'partial'),
    });
    expect(attemptsTotal([cut])).toEqual({ costMicros: 900, unknownCostCalls: 0, estimatedCalls: 1 });
    expect(attemptsTotal([blank])).toEqual({ costMicros: 0, unknownCostCalls: 1 });
  });
});
