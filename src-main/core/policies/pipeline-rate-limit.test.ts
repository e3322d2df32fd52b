/** Client-side rate limits around real provider calls: waiting, FIFO, cancelling, learning from headers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallOutcome } from './call-records';
import { candidate, hello, policyStack, recorder, useEmulator, useFakeTime } from './test-support';

const emulator = useEmulator();
beforeEach(useFakeTime);
afterEach(() => vi.useRealTimers());

const gpt = candidate('openai:gpt-4.1');
const request = { messages: hello };

describe('rate limits in the pipeline', () => {
  it('learns "0 requests remaining" from a response and holds the next call until the reset, saying so', async () => {
    const emu = emulator();
    emu.script({
      reply: { text: 'first', rateLimit: { requests: { limit: 1, remaining: 0, resetMs: 1000 } } },
    });
    const { pipeline } = policyStack(emu);
    await pipeline.complete({ candidates: [gpt], request });

    const rec = recorder();
    const started = Date.now();
    const second = pipeline.complete({ candidates: [gpt], request, ...rec });
    const status = await rec.next('status');
    expect(status).toMatchObject({
      phase: 'rate-limited',
      ref: 'openai:gpt-4.1',
      position: 1,
      untilMs: started + 1000,
      detail: "openai:gpt-4.1's remaining requests, as its last response reported",
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(emu.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await second).ok).toBe(true);
    expect(emu.requests).toHaveLength(2);
  });

  it('queues concurrent calls beyond the requests-per-minute limit in order, each told its place', async () => {
    const emu = emulator();
    const { pipeline } = policyStack(emu, { limits: { openai: { provider: { requestsPerMinute: 2 } } } });
    const recs = [recorder(), recorder(), recorder(), recorder()];
    const finished: number[] = [];
    const calls = recs.map((rec, i) =>
      pipeline
        .complete({
          candidates: [gpt],
          request: { messages: [{ role: 'user', content: `call ${i}` }] },
          ...rec,
        })
        .then((outcome: CallOutcome) => {
          finished.push(i);
          return outcome;
        }),
    );
    await vi.waitFor(() => expect(finished).toEqual([0, 1]));
    const waits = recs
      .slice(2)
      .map((rec) => rec.events.find((e) => e.type === 'status' && e.phase !== 'connecting'));
    expect(waits).toEqual([
      expect.objectContaining({ phase: 'rate-limited', position: 1 }),
      expect.objectContaining({ phase: 'queued', position: 2 }),
    ]);
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.waitFor(() => expect(finished).toEqual([0, 1, 2]));
    await vi.advanceTimersByTimeAsync(30_000);
    await Promise.all(calls);
    expect(finished).toEqual([0, 1, 2, 3]);
    expect(
      emu.requests.map((r) => (r.body as { messages: Array<{ content: string }> }).messages[0]?.content),
    ).toEqual(['call 0', 'call 1', 'call 2', 'call 3']);
  });

  it('lets a call waiting for the limiter be cancelled, without any provider call or attempt record', async () => {
    const emu = emulator();
    const { pipeline } = policyStack(emu, { limits: { openai: { provider: { requestsPerMinute: 1 } } } });
    await pipeline.complete({ candidates: [gpt], request });
    const abort = new AbortController();
    const rec = recorder();
    const waiting = pipeline.complete({ candidates: [gpt], request, signal: abort.signal, ...rec });
    await rec.next('status');
    abort.abort();
    expect(await waiting).toMatchObject({ ok: false, aborted: true, error: { kind: 'aborted' } });
    expect(rec.attempts).toEqual([]);
    expect(emu.requests).toHaveLength(1);
  });

  it('charges a call its real tokens against a tokens-per-minute limit', async () => {
    const emu = emulator();
    emu.script({ reply: { text: 'big', usage: { input: 900, output: 100 } } });
    const { pipeline } = policyStack(emu, {
      limits: { 'openai:gpt-4.1': { model: { tokensPerMinute: 1200 } } },
    });
    await pipeline.complete({ candidates: [gpt], request, inputTokens: 10 });
    const rec = recorder();
    const next = pipeline.complete({ candidates: [gpt], request, inputTokens: 400, ...rec });
    // 200 left after the first call's 1000 tokens; 200 more come back in 10 s (20 per second).
    expect(await rec.next('status')).toMatchObject({ phase: 'rate-limited', untilMs: Date.now() + 10_000 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await next).ok).toBe(true);
  });
});
