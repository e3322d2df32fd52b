import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ErrorInfo, ErrorKind } from '@contract/usage';
import { systemClock } from './clock';
import {
  backoffDelayMs,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  isRetryable,
  RetryControl,
  retryPolicyFor,
  type RetryPolicy,
  type RetryState,
} from './retry';

function error(kind: ErrorKind, status?: number, extra: Partial<ErrorInfo> = {}): ErrorInfo {
  const retryable = ['rate_limit', 'overloaded', 'server', 'timeout', 'connection'].includes(kind);
  return { kind, message: kind, retryable, ...(status === undefined ? {} : { status }), ...extra };
}

const policy: RetryPolicy = { maxAttempts: 4, maxTotalWaitMs: 30_000, baseDelayMs: 500, maxDelayMs: 8000 };

describe('which errors are retried', () => {
  it.each([
    ['connection', undefined],
    ['timeout', undefined],
    ['timeout', 408],
    ['server', 409],
    ['rate_limit', 429],
    ['server', 500],
    ['server', 502],
    ['overloaded', 503],
    ['overloaded', 529],
  ] as const)('%s (%s) is retried', (kind, status) => {
    expect(isRetryable(error(kind, status))).toBe(true);
  });

  it.each([
    ['bad_request', 400],
    ['authentication', 401],
    ['permission', 403],
    ['not_found', 404],
    ['bad_request', 422],
    ['content_filter', 400],
    ['context_length', 400],
    ['budget', undefined],
    ['aborted', undefined],
  ] as const)('%s (%s) is never retried, even when the server says to', (kind, status) => {
    expect(isRetryable(error(kind, status))).toBe(false);
    expect(isRetryable(error(kind, status), { shouldRetry: true })).toBe(false);
  });

  it('x-should-retry: false stops a retryable error; true allows one the client would not retry', () => {
    expect(isRetryable(error('server', 500), { shouldRetry: false })).toBe(false);
    expect(isRetryable(error('server', 500, { retryable: false }))).toBe(false);
    expect(isRetryable(error('server', 500, { retryable: false }), { shouldRetry: true })).toBe(true);
  });

  it('a 429 for a used-up quota (not retryable) is not retried', () => {
    expect(isRetryable(error('rate_limit', 429, { retryable: false }))).toBe(false);
  });
});

describe('backoff', () => {
  it('is full jitter under an exponential ceiling capped at maxDelayMs', () => {
    expect(backoffDelayMs(1, policy, () => 0.999_999)).toBe(499);
    expect(backoffDelayMs(2, policy, () => 0.999_999)).toBe(999);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(1000);
    expect(backoffDelayMs(10, policy, () => 0.999_999)).toBe(7999);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
  });

  it('uses the provider settings over the defaults', () => {
    expect(retryPolicyFor({ maxAttempts: 2 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 2 });
    expect(retryPolicyFor(undefined)).toEqual(DEFAULT_RETRY_POLICY);
  });
});

describe('retry decisions', () => {
  const random = () => 0.5;

  it("waits what the server asks (retry-after-ms over retry-after over the error's own hint)", () => {
    const e = error('rate_limit', 429, { retryAfterMs: 9000 });
    expect(decideRetry({ error: e, attempt: 1, waitedMs: 0, policy, random })).toEqual({
      retry: true,
      delayMs: 9000,
      source: 'server',
    });
    expect(
      decideRetry({ error: e, hints: { retryAfterMs: 2000 }, attempt: 1, waitedMs: 0, policy, random }),
    ).toEqual({ retry: true, delayMs: 2000, source: 'server' });
  });

  it('backs off when the server says nothing', () => {
    expect(decideRetry({ error: error('server', 500), attempt: 2, waitedMs: 0, policy, random })).toEqual({
      retry: true,
      delayMs: 500,
      source: 'backoff',
    });
  });

  it('stops after maxAttempts', () => {
    const decision = decideRetry({ error: error('server', 500), attempt: 4, waitedMs: 0, policy, random });
    expect(decision).toMatchObject({ retry: false, stop: 'attempts', reason: '4 attempts failed' });
  });

  it('stops when the wait would pass the longest total wait', () => {
    const e = error('rate_limit', 429);
    expect(
      decideRetry({ error: e, hints: { retryAfterMs: 120_000 }, attempt: 1, waitedMs: 0, policy, random }),
    ).toEqual({
      retry: false,
      stop: 'wait-budget',
      reason: 'the provider asked to wait 120 s, longer than the 30 s left to wait',
    });
    expect(
      decideRetry({ error: e, hints: { retryAfterMs: 5000 }, attempt: 2, waitedMs: 26_000, policy, random }),
    ).toMatchObject({ retry: false, stop: 'wait-budget' });
    expect(
      decideRetry({ error: e, hints: { retryAfterMs: 4000 }, attempt: 2, waitedMs: 26_000, policy, random }),
    ).toEqual({ retry: true, delayMs: 4000, source: 'server' });
  });

  it('says why it does not retry', () => {
    expect(
      decideRetry({ error: error('authentication', 401), attempt: 1, waitedMs: 0, policy, random }),
    ).toMatchObject({ retry: false, stop: 'not-retryable' });
    expect(
      decideRetry({
        error: error('server', 500),
        hints: { shouldRetry: false },
        attempt: 1,
        waitedMs: 0,
        policy,
        random,
      }),
    ).toMatchObject({ retry: false, stop: 'provider-said-no' });
  });
});

describe('RetryControl', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  const state = (delayMs: number): RetryState => ({
    attempt: 2,
    maxAttempts: 4,
    delayMs,
    untilMs: Date.now() + delayMs,
    provider: 'openai',
    model: 'gpt-4.1',
    error: error('rate_limit', 429),
  });

  it('shows the pending retry, and waits it out', async () => {
    const control = new RetryControl();
    const seen: Array<RetryState | null> = [];
    control.subscribe((s) => seen.push(s));
    let done = false;
    const waiting = control.wait(systemClock, state(4000), undefined).then(() => (done = true));
    expect(control.pending).toMatchObject({ attempt: 2, maxAttempts: 4, delayMs: 4000, provider: 'openai' });
    await vi.advanceTimersByTimeAsync(3999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(control.pending).toBeNull();
    expect(seen.map((s) => s?.delayMs ?? null)).toEqual([4000, null]);
  });

  it('"Retry now" skips the wait', async () => {
    const control = new RetryControl();
    const waiting = control.wait(systemClock, state(60_000), undefined);
    expect(control.retryNow()).toBe(true);
    await waiting;
    expect(control.pending).toBeNull();
    expect(control.retryNow()).toBe(false);
  });

  it('cancel (the signal) ends the wait with an aborted error', async () => {
    const control = new RetryControl();
    const abort = new AbortController();
    const waiting = control.wait(systemClock, state(60_000), abort.signal);
    abort.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortedError' });
    expect(control.pending).toBeNull();
  });
});
