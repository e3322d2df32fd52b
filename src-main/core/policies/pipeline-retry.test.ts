/** The pipeline's retries, against the emulator's faults over real HTTP through the real adapters. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RetryControl } from './retry';
import { candidate, hello, policyStack, recorder, useEmulator, useFakeTime } from './test-support';

const emulator = useEmulator();
beforeEach(useFakeTime);
afterEach(() => vi.useRealTimers());

const gpt = candidate('openai:gpt-4.1');

describe('retries', () => {
  it('waits what retry-after says (2 s) after a 429 and succeeds on the second attempt', async () => {
    const emu = emulator();
    emu.script(
      { fault: { kind: 'rate-limit', retryAfterSeconds: 2 } },
      { reply: { text: 'Second time lucky' } },
    );
    const { pipeline } = policyStack(emu);
    const rec = recorder();
    const done = pipeline.complete({ candidates: [gpt], request: { messages: hello }, ...rec });

    const retry = await rec.next('retry');
    expect(retry).toMatchObject({
      attempt: 2,
      maxAttempts: 4,
      delayMs: 2000,
      provider: 'openai',
      model: 'gpt-4.1',
    });
    expect(retry.error).toMatchObject({ kind: 'rate_limit', status: 429 });
    await vi.advanceTimersByTimeAsync(1999);
    expect(emu.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);

    const outcome = await done;
    expect(outcome.ok && outcome.response.text).toBe('Second time lucky');
    expect(emu.requests).toHaveLength(2);
    expect(rec.attempts.map((a) => [a.attempt, a.role, a.outcome, a.error?.kind])).toEqual([
      [1, 'primary', 'error', 'rate_limit'],
      [2, 'retry', 'ok', undefined],
    ]);
    expect(rec.attempts[1]?.startedAt).toBeGreaterThanOrEqual((rec.attempts[0]?.startedAt ?? 0) + 2000);
  });

  it('prefers retry-after-ms to retry-after', async () => {
    const emu = emulator();
    emu.script(
      { fault: { kind: 'rate-limit', retryAfterSeconds: 30, retryAfterMs: 1500 } },
      { reply: { text: 'ok' } },
    );
    const { pipeline } = policyStack(emu);
    const rec = recorder();
    const done = pipeline.complete({ candidates: [gpt], request: { messages: hello }, ...rec });
    expect((await rec.next('retry')).delayMs).toBe(1500);
    await vi.advanceTimersByTimeAsync(1500);
    expect((await done).ok).toBe(true);
  });

  it('honours a retry-after given as an HTTP date', async () => {
    const emu = emulator();
    const { pipeline } = policyStack(emu);
    emu.script({ fault: { kind: 'rate-limit', retryAfterDate: new Date(Date.now() + 5000).toUTCString() } });
    const rec = recorder();
    const done = pipeline.complete({ candidates: [gpt], request: { messages: hello }, ...rec });
    const retry = await rec.next('retry');
    // An HTTP date has whole seconds: between 4 and 5 s from now.
    expect(retry.delayMs).toBeGreaterThan(3000);
    expect(retry.delayMs).toBeLessThanOrEqual(5000);
    await vi.advanceTimersByTimeAsync(retry.delayMs);
    expect((await done).ok).toBe(true);
  });

  it('stops when the provider says x-should-retry: false', async () => {
    const emu = emulator();
    emu.script({ fault: { kind: 'status', status: 500, shouldRetry: false } });
    const { pipeline } = policyStack(emu);
    const rec = recorder();
    const outcome = await pipeline.complete({ candidates: [gpt], request: { messages: hello }, ...rec });
    expect(outcome.ok).toBe(false);
    expect(emu.requests).toHaveLength(1);
    expect(rec.events.some((e) => e.type === 'retry')).toBe(false);
    expect(outcome.steps).toEqual([
      {
        ref: 'openai:gpt-4.1',
        outcome: 'failed',
        reason: 'server error (the provider said not to retry)',
        errorKind: 'server',
        calls: 1,
      },
    ]);
  });

  it.each([400, 401, 403, 404, 422])('does not retry HTTP %d', async (status) => {
    const emu = emulator();
    emu.script({ fault: { kind: 'status', status } });
    const { pipeline } = policyStack(emu);
    const rec = recorder();
    const outcome = await pipeline.complete({ candidates: [gpt], request: { messages: hello }, ...rec });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error.status).toBe(status);
    expect(emu.requests).toHaveLength(1);
    expect(rec.attempts).toHaveLength(1);
  });

  it('retries 500, 502, 503, a reset connection and Anthropic 529, backing off between attempts', async () => {
    const emu = emulator();
    emu.script(
      { fault: { kind: 'status', status: 500 } },
      { fault: { kind: 'status', status: 502 } },
      { fault: { kind: 'status', status: 503 } },
      { reply: { text: 'OpenAI is back' } },
      { match: { protocol: 'anthropic' }, fault: { kind: 'reset-before-headers' } },
      { match: { protocol: 'anthropic' }, fault: { kind: 'overloaded' } },
      { match: { protocol: 'anthropic' }, reply: { text: 'Claude is back' } },
    );
    const { pipeline } = policyStack(emu, { random: () => 0.999 });
    const rec = recorder();
    const openai = pipeline.complete({ candidates: [gpt], request: { messages: hello }, ...rec });
    // Full jitter under 500 ms, 1 s, 2 s ceilings (random 0.999).
    for (const expected of [499, 999, 1998]) {
      const retry = await rec.next('retry');
      expect(retry.delayMs).toBe(expected);
      await vi.advanceTimersByTimeAsync(retry.delayMs);
    }
    const first = await openai;
    expect(first.ok && first.response.text).toBe('OpenAI is back');
    expect(rec.attempts.map((a) => a.error?.status ?? 'ok')).toEqual([500, 502, 503, 'ok']);

    const rec2 = recorder();
    const claude = pipeline.complete({
      candidates: [candidate('anthropic:claude-haiku-4-5')],
      request: { messages: hello, maxOutputTokens: 100 },
      ...rec2,
    });
    for (let i = 0; i < 2; i++) {
      const retry = await rec2.next('retry');
      await vi.advanceTimersByTimeAsync(retry.delayMs);
    }
    const second = await claude;
    expect(second.ok && second.response.text).toBe('Claude is back');
    expect(rec2.attempts.map((a) => a.error?.kind ?? 'ok')).toEqual(['connection', 'overloaded', 'ok']);
    expect(rec2.attempts[1]?.error?.status).toBe(529);
  });

  it('honours maxAttempts from the provider settings', async () => {
    const emu = emulator();
    emu.script({ fault: { kind: 'overloaded' }, times: Infinity });
    const { pipeline } = policyStack(emu, { settings: { openai: { retry: { maxAttempts: 2 } } } });
    const rec = recorder();
    const done = pipeline.complete({ candidates: [gpt], request: { messages: hello }, ...rec });
    const retry = await rec.next('retry');
    expect(retry).toMatchObject({ attempt: 2, maxAttempts: 2 });
    await vi.advanceTimersByTimeAsync(retry.delayMs);
    const outcome = await done;
    expect(outcome.ok).toBe(false);
    expect(emu.requests).toHaveLength(2);
    expect(outcome.steps[0]?.reason).toBe('overloaded after 2 attempts');
  });

  it('gives up when the server asks for a wait longer than the longest total wait', async () => {
    const emu = emulator();
    emu.script({ fault: { kind: 'rate-limit', retryAfterSeconds: 120 } });
    const { pipeline } = policyStack(emu, { settings: { openai: { retry: { maxTotalWaitMs: 30_000 } } } });
    const rec = recorder();
    const outcome = await pipeline.complete({ candidates: [gpt], request: { messages: hello }, ...rec });
    expect(outcome.ok).toBe(false);
    expect(emu.requests).toHaveLength(1);
    expect(outcome.steps[0]?.reason).toBe(
      'rate limited (the provider asked to wait 120 s, longer than the 30 s left to wait)',
    );
  });

  it('counts every wait against the longest total wait', async () => {
    const emu = emulator();
    emu.script({ fault: { kind: 'rate-limit', retryAfterSeconds: 3 }, times: Infinity });
    const { pipeline } = policyStack(emu, {
      settings: { openai: { retry: { maxAttempts: 10, maxTotalWaitMs: 7000 } } },
    });
    const rec = recorder();
    const done = pipeline.complete({ candidates: [gpt], request: { messages: hello }, ...rec });
    for (let i = 0; i < 2; i++) {
      await rec.next('retry');
      await vi.advanceTimersByTimeAsync(3000);
    }
    const outcome = await done;
    expect(emu.requests).toHaveLength(3);
    expect(outcome.steps[0]?.reason).toBe(
      'rate limited after 3 attempts (the provider asked to wait 3 s, longer than the 1 s left to wait)',
    );
  });

  it('passes its timeouts to the adapter, and retries a first-token timeout', async () => {
    const emu = emulator();
    emu.script({ reply: { text: 'too late', firstChunkDelayMs: 5000 } }, { reply: { text: 'in time' } });
    const { pipeline } = policyStack(emu);
    const stream = pipeline.stream({
      candidates: [gpt],
      request: { messages: hello },
      timeouts: { firstTokenMs: 300 },
    });
    const events = [];
    for await (const event of stream) {
      events.push(event);
      // Once the first call's headers are in, its first-token timer (on the faked clock) runs out.
      if (event.type === 'status' && event.phase === 'connecting' && events.length === 1) {
        await vi.waitFor(() => expect(emu.requests[0]?.status).toBe(200));
        await vi.advanceTimersByTimeAsync(300);
      }
      if (event.type === 'retry') {
        expect(event.error).toMatchObject({ kind: 'timeout', timeoutPhase: 'first_token' });
        await vi.advanceTimersByTimeAsync(event.delayMs);
      }
    }
    const end = events[events.length - 1];
    expect(end?.type === 'end' && end.outcome.ok && end.outcome.response.text).toBe('in time');
    expect(emu.requests).toHaveLength(2);
  });

  it('"Retry now" skips the wait, and cancel ends it', async () => {
    const emu = emulator();
    emu.script({ fault: { kind: 'rate-limit', retryAfterSeconds: 60 } }, { reply: { text: 'now' } });
    const { pipeline } = policyStack(emu);
    const control = new RetryControl();
    const rec = recorder();
    const done = pipeline.complete({
      candidates: [gpt],
      request: { messages: hello },
      retryControl: control,
      ...rec,
    });
    await rec.next('retry');
    expect(control.pending).toMatchObject({ attempt: 2, delayMs: 60_000, provider: 'openai' });
    expect(control.retryNow()).toBe(true);
    // The 429 also said "0 requests remaining" (of 10,000, full again in 60 s): the limiter holds the retry
    // for the 6 ms one request takes to come back, and not a moment more.
    await vi.advanceTimersByTimeAsync(6);
    const outcome = await done;
    expect(outcome.ok && outcome.response.text).toBe('now');

    emu.script({ fault: { kind: 'rate-limit', retryAfterSeconds: 60 } });
    const abort = new AbortController();
    const rec2 = recorder();
    const cancelled = pipeline.complete({
      candidates: [gpt],
      request: { messages: hello },
      signal: abort.signal,
      ...rec2,
    });
    await rec2.next('retry');
    abort.abort();
    const result = await cancelled;
    expect(result).toMatchObject({ ok: false, aborted: true, error: { kind: 'aborted' } });
    expect(rec2.attempts).toHaveLength(1);
  });
});
