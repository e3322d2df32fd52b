/** Streams through the pipeline: retried and fallen back only before their first token, partial answers kept. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AttemptRecord, PipelineStreamEvent } from './call-records';
import {
  ALL_CAPABILITIES,
  candidate,
  drain,
  hello,
  policyStack,
  useEmulator,
  useFakeTime,
} from './test-support';

const emulator = useEmulator();
beforeEach(useFakeTime);
afterEach(() => vi.useRealTimers());

const claude = candidate('anthropic:claude-haiku-4-5');
const gpt = candidate('openai:gpt-4.1');
const request = { messages: hello, maxOutputTokens: 200 };

function textOf(events: PipelineStreamEvent[]): string {
  return events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('');
}

function endOf(events: PipelineStreamEvent[]) {
  const last = events[events.length - 1];
  if (last?.type !== 'end') throw new Error('the stream did not end with its outcome');
  return last.outcome;
}

describe('streams', () => {
  it('stream text through, say which model serves, and end with the response', async () => {
    const emu = emulator();
    emu.script({ reply: { text: 'Streaming works fine', chunkSize: 5, usage: { input: 12, output: 4 } } });
    const { pipeline } = policyStack(emu);
    const attempts: AttemptRecord[] = [];
    const events = await drain(
      pipeline.stream({ candidates: [claude], request, onAttempt: (a) => attempts.push(a) }),
    );
    expect(textOf(events)).toBe('Streaming works fine');
    expect(events.filter((e) => e.type === 'text-delta').length).toBeGreaterThan(1);
    const model = events.findIndex((e) => e.type === 'model');
    expect(model).toBeLessThan(events.findIndex((e) => e.type === 'text-delta'));
    expect(events[model]).toMatchObject({
      ref: 'anthropic:claude-haiku-4-5',
      role: 'primary',
      cached: false,
    });
    const outcome = endOf(events);
    expect(outcome.ok && outcome.response.text).toBe('Streaming works fine');
    expect(attempts).toEqual([
      expect.objectContaining({
        outcome: 'ok',
        usage: expect.objectContaining({
          input: expect.objectContaining({ uncached: 12 }),
          output: expect.objectContaining({ text: 4 }),
        }),
      }),
    ]);
  });

  it('retries a stream that fails before its first token, and shows nothing of the failed attempt', async () => {
    const emu = emulator();
    emu.script(
      { fault: { kind: 'stream-error', afterChunks: 0, errorType: 'overloaded_error' } },
      { reply: { text: 'Second stream', usage: { input: 9, output: 2 } } },
    );
    const { pipeline } = policyStack(emu);
    const stream = pipeline.stream({ candidates: [claude], request })[Symbol.asyncIterator]();
    const events: PipelineStreamEvent[] = [];
    for (let next = await stream.next(); !next.done; next = await stream.next()) {
      events.push(next.value);
      if (next.value.type === 'retry') await vi.advanceTimersByTimeAsync(next.value.delayMs);
    }
    expect(emu.requests).toHaveLength(2);
    expect(textOf(events)).toBe('Second stream');
    // Usage of the failed attempt (its message_start) never reached the reader.
    const usages = events.filter((e) => e.type === 'usage');
    expect(usages.every((e) => e.type === 'usage' && e.usage.input.uncached === 9)).toBe(true);
    const outcome = endOf(events);
    expect(outcome.attempts.map((a) => [a.role, a.outcome, a.error?.kind])).toEqual([
      ['primary', 'error', 'overloaded'],
      ['retry', 'ok', undefined],
    ]);
  });

  it('does not retry a stream cut after its first token, and keeps the text that arrived', async () => {
    const emu = emulator();
    emu.script({
      reply: { text: 'abcdefghijklmnop', chunkSize: 4 },
      fault: { kind: 'cut-mid-stream', afterChunks: 2 },
    });
    const { pipeline } = policyStack(emu);
    const events = await drain(pipeline.stream({ candidates: [claude, gpt], request }));
    expect(emu.requests).toHaveLength(1);
    expect(textOf(events)).toBe('abcdefgh');
    expect(events.some((e) => e.type === 'retry' || e.type === 'fallback')).toBe(false);
    const outcome = endOf(events);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.partial?.text).toBe('abcdefgh');
    expect(outcome.served?.ref).toBe('anthropic:claude-haiku-4-5');
    expect(outcome.error.kind).toBe('connection');
    expect(outcome.attempts).toEqual([expect.objectContaining({ outcome: 'interrupted', attempt: 1 })]);
    expect(outcome.attempts[0]?.usage.source).not.toBe('reported');
    expect(outcome.steps).toEqual([
      expect.objectContaining({
        ref: 'anthropic:claude-haiku-4-5',
        outcome: 'failed',
        reason: 'connection failed after the answer had begun',
      }),
    ]);
  });

  it('falls back before the first token, but not after it', async () => {
    const emu = emulator();
    emu.script(
      { match: { protocol: 'anthropic' }, fault: { kind: 'overloaded' }, times: Infinity },
      { match: { protocol: 'openai' }, reply: { text: 'GPT took over' } },
    );
    const { pipeline } = policyStack(emu, { settings: { anthropic: { retry: { maxAttempts: 1 } } } });
    const events = await drain(pipeline.stream({ candidates: [claude, gpt], request }));
    expect(textOf(events)).toBe('GPT took over');
    expect(events.find((e) => e.type === 'fallback')).toEqual({
      type: 'fallback',
      from: 'anthropic:claude-haiku-4-5',
      to: 'openai:gpt-4.1',
      reason: 'overloaded',
      errorKind: 'overloaded',
    });
    const outcome = endOf(events);
    expect(outcome.ok && outcome.served).toEqual({
      ref: 'openai:gpt-4.1',
      provider: 'openai',
      model: 'gpt-4.1',
      role: 'fallback',
    });

    emu.reset();
    emu.script({
      match: { protocol: 'anthropic' },
      reply: { text: 'Claude began', chunkSize: 6 },
      fault: { kind: 'stream-error', afterChunks: 1 },
    });
    const broken = await drain(pipeline.stream({ candidates: [claude, gpt], request }));
    expect(emu.requests.map((r) => r.protocol)).toEqual(['anthropic']);
    expect(endOf(broken)).toMatchObject({
      ok: false,
      error: { kind: 'overloaded' },
      partial: { text: 'Claude' },
    });
  });

  it('estimates what a cut stream was billed when its usage never came (OpenAI reports it last): never zero', async () => {
    const emu = emulator();
    emu.script({
      reply: { text: 'alpha beta gamma delta epsilon zeta', chunkSize: 6, usage: { input: 40, output: 9 } },
      fault: { kind: 'cut-mid-stream', afterChunks: 3 },
    });
    const { pipeline } = policyStack(emu);
    const attempts: AttemptRecord[] = [];
    const events = await drain(
      pipeline.stream({ candidates: [gpt], request, inputTokens: 37, onAttempt: (a) => attempts.push(a) }),
    );
    const outcome = endOf(events);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.partial?.text).toBe('alpha beta gamma d');
    const usage = attempts[0]!.usage;
    expect(usage.input).toEqual({ uncached: 37, cacheRead: 0, cacheWrite: 0 });
    expect(usage.output.text).toBeGreaterThanOrEqual(4);
    expect(usage.output.text).toBeLessThanOrEqual(6);
    expect(usage.source).toBe('estimated');
    expect(outcome.partial?.usage).toEqual(attempts[0]?.usage);
  });

  it('records the usage that arrived when the reader aborts mid-stream', async () => {
    const emu = emulator();
    emu.script({
      reply: {
        text: 'one two three four five six',
        chunkSize: 4,
        chunkDelayMs: 50,
        usage: { input: 21, output: 7 },
      },
    });
    const { pipeline } = policyStack(emu);
    const abort = new AbortController();
    const attempts: AttemptRecord[] = [];
    const events: PipelineStreamEvent[] = [];
    for await (const event of pipeline.stream({
      candidates: [claude],
      request,
      signal: abort.signal,
      onAttempt: (a) => attempts.push(a),
    })) {
      events.push(event);
      if (event.type === 'text-delta') abort.abort();
    }
    const outcome = endOf(events);
    expect(outcome).toMatchObject({ ok: false, aborted: true, error: { kind: 'aborted' } });
    expect(!outcome.ok && outcome.partial?.text).toBe('one ');
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.outcome).toBe('aborted');
    // Anthropic reports input tokens in message_start, before the first token; its output comes last, so the
    // output is counted from the text that arrived, and the usage says it is in part an estimate.
    expect(attempts[0]?.usage.input.uncached).toBe(21);
    expect(attempts[0]?.usage.output.text).toBe(2); // 'one ' in o200k_base
    expect(attempts[0]?.usage.source).toBe('estimated');
    await emu.idle();
    expect(emu.requests[0]?.outcome).toBe('client-disconnected');
  });

  it('cancels the call when the reader stops reading, and still records it', async () => {
    const emu = emulator();
    emu.script({ reply: { text: 'a long answer that goes on and on', chunkSize: 3, chunkDelayMs: 30 } });
    const { pipeline } = policyStack(emu);
    const attempts: AttemptRecord[] = [];
    for await (const event of pipeline.stream({
      candidates: [gpt],
      request,
      onAttempt: (a) => attempts.push(a),
    })) {
      if (event.type === 'text-delta') break;
    }
    await vi.waitFor(() => expect(attempts).toHaveLength(1));
    expect(attempts[0]?.outcome).toBe('aborted');
    await emu.idle();
    expect(emu.requests[0]?.outcome).toBe('client-disconnected');
  });

  it('streams a model that cannot stream from its whole answer', async () => {
    const emu = emulator();
    emu.script({ reply: { text: 'All at once' } });
    const { pipeline } = policyStack(emu);
    const events = await drain(
      pipeline.stream({
        candidates: [
          candidate('openai:o1-mini', { capabilities: { ...ALL_CAPABILITIES, streaming: false } }),
        ],
        request,
      }),
    );
    expect(emu.requests[0]?.stream).toBe(false);
    expect(textOf(events)).toBe('All at once');
    expect(endOf(events).ok).toBe(true);
  });
});
