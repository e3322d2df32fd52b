import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter, type RateLease, type RateLimits, type RateWait } from './rate-limit';
import { TokenBucket } from './token-bucket';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_000_000 }));
afterEach(() => vi.useRealTimers());

/** Tracks when each acquire resolves, by name. */
function tracker() {
  const granted: string[] = [];
  const track = (name: string, promise: Promise<RateLease>) =>
    promise.then((lease) => {
      granted.push(name);
      return lease;
    });
  return { granted, track };
}

function limiter(limits: Record<string, RateLimits> = {}) {
  return new RateLimiter({
    limitsFor: (provider, model) => limits[`${provider}:${model}`] ?? limits[provider] ?? {},
  });
}

describe('TokenBucket', () => {
  it('refills continuously up to its capacity and lets a request larger than it go when full', () => {
    const bucket = TokenBucket.perMinute(60, 0);
    bucket.take(60, 0);
    expect(bucket.waitMs(1, 0)).toBe(1000);
    expect(bucket.available(500)).toBeCloseTo(0.5);
    expect(bucket.available(120_000)).toBe(60);
    expect(bucket.waitMs(1000, 120_000)).toBe(0);
    bucket.take(1000, 120_000);
    expect(bucket.waitMs(1, 120_000)).toBe(941_000);
  });

  it("syncs to the provider's word: remaining now, full at the reset", () => {
    const bucket = TokenBucket.perMinute(100, 0);
    bucket.sync(10, 0, 2000, 0);
    expect(bucket.waitMs(10, 0)).toBe(2000);
    expect(bucket.waitMs(5, 0)).toBe(1000);
  });
});

describe('RateLimiter', () => {
  it('lets calls within the requests-per-minute limit go at once and queues the rest until the bucket refills', async () => {
    const rl = limiter({ openai: { provider: { requestsPerMinute: 2 } } });
    const { granted, track } = tracker();
    const waits: RateWait[] = [];
    await track('a', rl.acquire({ provider: 'openai', model: 'gpt-4.1' }));
    await track('b', rl.acquire({ provider: 'openai', model: 'gpt-4.1-mini' }));
    const c = track('c', rl.acquire({ provider: 'openai', model: 'gpt-4.1', onWait: (w) => waits.push(w) }));
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toEqual(['a', 'b']);
    expect(waits).toEqual([
      { position: 1, untilMs: Date.now() + 30_000, reason: 'the limit of requests per minute for openai' },
    ]);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(granted).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(1);
    await c;
    expect(granted).toEqual(['a', 'b', 'c']);
  });

  it('releases waiting calls in FIFO order and reports each one its place', async () => {
    const rl = limiter({ 'openai:gpt-4.1': { model: { requestsPerMinute: 1 } } });
    const { granted, track } = tracker();
    await rl.acquire({ provider: 'openai', model: 'gpt-4.1' });
    const positions: Record<string, number[]> = { b: [], c: [], d: [] };
    const pending = ['b', 'c', 'd'].map((name) =>
      track(
        name,
        rl.acquire({
          provider: 'openai',
          model: 'gpt-4.1',
          onWait: (w) => positions[name]?.push(w.position),
        }),
      ),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(positions).toEqual({ b: [1], c: [2], d: [3] });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(granted).toEqual(['b']);
    expect(positions).toEqual({ b: [1], c: [2, 1], d: [3, 2] });
    await vi.advanceTimersByTimeAsync(120_000);
    await Promise.all(pending);
    expect(granted).toEqual(['b', 'c', 'd']);
  });

  it('never lets a small call overtake a large one waiting for the same tokens-per-minute limit', async () => {
    const rl = limiter({ 'openai:gpt-4.1': { model: { tokensPerMinute: 6000 } } });
    const { granted, track } = tracker();
    await rl.acquire({ provider: 'openai', model: 'gpt-4.1', inputTokens: 5000 });
    const big = track('big', rl.acquire({ provider: 'openai', model: 'gpt-4.1', inputTokens: 3000 }));
    const small = track('small', rl.acquire({ provider: 'openai', model: 'gpt-4.1', inputTokens: 500 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toEqual([]);
    // 1000 left, refilling 100 per second: the large call goes after 20 s, the small one 5 s after it.
    await vi.advanceTimersByTimeAsync(20_000);
    await big;
    expect(granted).toEqual(['big']);
    await vi.advanceTimersByTimeAsync(5000);
    await small;
    expect(granted).toEqual(['big', 'small']);
  });

  it('does not hold calls to another model behind a waiting one when the provider itself has no limit', async () => {
    const rl = limiter({ 'openai:gpt-4.1': { model: { requestsPerMinute: 1 } } });
    const { granted, track } = tracker();
    await rl.acquire({ provider: 'openai', model: 'gpt-4.1' });
    void track('same-model', rl.acquire({ provider: 'openai', model: 'gpt-4.1' }));
    await track('other-model', rl.acquire({ provider: 'openai', model: 'gpt-4.1-mini' }));
    expect(granted).toEqual(['other-model']);
  });

  it('cancels a waiting call with its signal, and the calls behind it move up', async () => {
    const rl = limiter({ openai: { provider: { requestsPerMinute: 1 } } });
    await rl.acquire({ provider: 'openai', model: 'm' });
    const abort = new AbortController();
    const first = rl.acquire({ provider: 'openai', model: 'm', signal: abort.signal });
    const secondWaits: number[] = [];
    const second = rl.acquire({
      provider: 'openai',
      model: 'm',
      onWait: (w) => secondWaits.push(w.position),
    });
    await vi.advanceTimersByTimeAsync(0);
    abort.abort();
    await expect(first).rejects.toMatchObject({ name: 'AbortedError' });
    expect(secondWaits).toEqual([2, 1]);
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(second).resolves.toBeDefined();
  });

  it('refuses at once when the signal is already aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(
      limiter().acquire({ provider: 'openai', model: 'm', signal: abort.signal }),
    ).rejects.toMatchObject({
      name: 'AbortedError',
    });
  });

  it('learns from OpenAI headers: with no requests remaining, the next call waits for the reset', async () => {
    const rl = limiter();
    const { granted, track } = tracker();
    rl.learn(
      'openai',
      'gpt-4.1',
      new Headers({
        'x-ratelimit-limit-requests': '1',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '1s',
      }),
    );
    const waits: RateWait[] = [];
    const call = track(
      'next',
      rl.acquire({ provider: 'openai', model: 'gpt-4.1', onWait: (w) => waits.push(w) }),
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(granted).toEqual([]);
    expect(waits[0]?.reason).toBe("openai:gpt-4.1's remaining requests, as its last response reported");
    await vi.advanceTimersByTimeAsync(1);
    await call;
    expect(granted).toEqual(['next']);
  });

  it('learns Anthropic token limits and paces calls before the provider would refuse them', async () => {
    const rl = limiter();
    const reset = new Date(Date.now() + 60_000).toISOString();
    rl.learn(
      'anthropic',
      'claude-sonnet-4-5',
      new Headers({
        'anthropic-ratelimit-input-tokens-limit': '10000',
        'anthropic-ratelimit-input-tokens-remaining': '1000',
        'anthropic-ratelimit-input-tokens-reset': reset,
      }),
    );
    const { granted, track } = tracker();
    await track('small', rl.acquire({ provider: 'anthropic', model: 'claude-sonnet-4-5', inputTokens: 800 }));
    const big = track(
      'big',
      rl.acquire({ provider: 'anthropic', model: 'claude-sonnet-4-5', inputTokens: 2000 }),
    );
    // 200 left, refilling 9000 tokens over 60 s (150 per second): 1800 more take 12 s.
    await vi.advanceTimersByTimeAsync(11_900);
    expect(granted).toEqual(['small']);
    await vi.advanceTimersByTimeAsync(100);
    await big;
    expect(granted).toEqual(['small', 'big']);
  });

  it('charges what a call really used, not its estimate', async () => {
    const rl = limiter({ openai: { provider: { tokensPerMinute: 1000 } } });
    const lease = await rl.acquire({ provider: 'openai', model: 'm', inputTokens: 100 });
    lease.settle({ inputTokens: 100, outputTokens: 900 });
    const { granted, track } = tracker();
    const next = track('next', rl.acquire({ provider: 'openai', model: 'm', inputTokens: 500 }));
    await vi.advanceTimersByTimeAsync(29_000);
    expect(granted).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    await next;
    expect(granted).toEqual(['next']);
  });

  it('applies changed settings at once', async () => {
    const limits: Record<string, RateLimits> = { openai: { provider: { requestsPerMinute: 1 } } };
    const rl = limiter(limits);
    await rl.acquire({ provider: 'openai', model: 'm' });
    limits['openai'] = {};
    await expect(rl.acquire({ provider: 'openai', model: 'm' })).resolves.toBeDefined();
  });
});
