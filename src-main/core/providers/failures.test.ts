/**
 * Every way a call fails, for every provider, over real HTTP to the emulator: HTTP errors and their kinds, retry
 * hints, errors inside a 200 stream, cut and malformed streams, aborts (the emulator sees the client go), our
 * four timeouts (fake timers: the emulator paces on the real clock), and keys kept out of every message.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Fault } from '../../emulator';
import type { ErrorKind } from '@contract/usage';
import { ProviderError } from './errors';
import {
  KEYS,
  PROVIDER_CASES,
  adapterFor,
  chatRequests,
  collect,
  deltaText,
  streamError,
  useEmulator,
} from './test-helpers';
import type { ChatRequest, StreamEvent } from './types';

const emulator = useEmulator();

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('The call succeeded; a failure was expected.');
}

/** Lets real I/O run (setImmediate is not faked) until `done` holds. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 5000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!done()) throw new Error(`Timed out waiting for ${what}.`);
}

type Row = {
  fault: Fault;
  kind: ErrorKind;
  retryable: boolean;
  /** Where a provider's own body makes the kind differ. */
  except?: Partial<Record<string, ErrorKind>>;
};

const STATUS_KINDS: Row[] = [
  { fault: { kind: 'status', status: 400 }, kind: 'bad_request', retryable: false },
  { fault: { kind: 'status', status: 401 }, kind: 'authentication', retryable: false },
  { fault: { kind: 'status', status: 403 }, kind: 'permission', retryable: false },
  { fault: { kind: 'status', status: 404 }, kind: 'not_found', retryable: false },
  { fault: { kind: 'status', status: 408 }, kind: 'timeout', retryable: true },
  { fault: { kind: 'status', status: 409 }, kind: 'server', retryable: true },
  { fault: { kind: 'status', status: 422 }, kind: 'bad_request', retryable: false },
  { fault: { kind: 'status', status: 500 }, kind: 'server', retryable: true },
  // Google answers a 502 with status UNAVAILABLE: the model is overloaded.
  {
    fault: { kind: 'status', status: 502 },
    kind: 'server',
    retryable: true,
    except: { gemini: 'overloaded' },
  },
  { fault: { kind: 'status', status: 503 }, kind: 'overloaded', retryable: true },
  { fault: { kind: 'overloaded' }, kind: 'overloaded', retryable: true },
  { fault: { kind: 'rate-limit' }, kind: 'rate_limit', retryable: true },
  {
    fault: {
      kind: 'status',
      status: 400,
      message:
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens.",
    },
    kind: 'context_length',
    retryable: false,
  },
  {
    fault: { kind: 'status', status: 400, message: 'prompt is too long: 210034 tokens > 200000 maximum' },
    kind: 'context_length',
    retryable: false,
  },
  {
    fault: { kind: 'status', status: 400, errorType: 'content_filter' },
    kind: 'content_filter',
    retryable: false,
    // Gemini's compatible endpoint blocks with a finish reason: its 400 body says nothing of a filter.
    except: { gemini: 'bad_request' },
  },
  { fault: { kind: 'status', status: 503, shouldRetry: false }, kind: 'overloaded', retryable: false },
  { fault: { kind: 'status', status: 400, shouldRetry: true }, kind: 'bad_request', retryable: true },
  { fault: { kind: 'reset-before-headers' }, kind: 'connection', retryable: true },
  { fault: { kind: 'malformed-json' }, kind: 'server', retryable: true },
];

describe.each(PROVIDER_CASES)('$name adapter failures', (testCase) => {
  const ask = (content = 'Tell me something'): ChatRequest => ({
    model: testCase.model,
    messages: [{ role: 'user', content }],
  });
  const isAnthropic = testCase.protocol === 'anthropic';

  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(STATUS_KINDS.map((row) => ({ ...row, title: JSON.stringify(row.fault) })))(
    'classifies $title',
    async (row) => {
      const emu = emulator();
      emu.script({ fault: row.fault });
      const error = await failure(adapterFor(testCase, emu).complete(ask()));
      expect(error.kind).toBe(row.except?.[testCase.name] ?? row.kind);
      expect(error.retryable).toBe(row.retryable);
      expect(error.provider).toBe(testCase.config(emu).id);
      expect(error.model).toBe(testCase.model);
      expect(error.message.length).toBeGreaterThan(20);
      expect(error.action).toBeTruthy();
      const status = 'status' in row.fault ? row.fault.status : undefined;
      if (status) expect(error.status).toBe(status);
      if (row.fault.kind === 'overloaded') {
        expect(error.status).toBe(isAnthropic ? 529 : 503);
        if (isAnthropic) expect(error.providerCode).toBe('overloaded_error');
      }
      const recorded = chatRequests(emu).at(-1);
      if (testCase.requestIdHeader && recorded?.requestId && status)
        expect(error.requestId).toBe(recorded.requestId);
      expect(() => JSON.stringify(error.toInfo())).not.toThrow();
    },
  );

  it('takes the wait from retry-after seconds, retry-after-ms first, or an HTTP date', async () => {
    const emu = emulator();
    const inThirtySeconds = new Date(Date.now() + 30_000).toUTCString();
    emu.script(
      { fault: { kind: 'rate-limit', retryAfterSeconds: 7 } },
      { fault: { kind: 'rate-limit', retryAfterSeconds: 9, retryAfterMs: 1500 } },
      { fault: { kind: 'rate-limit', retryAfterDate: inThirtySeconds } },
    );
    const adapter = adapterFor(testCase, emu);
    expect((await failure(adapter.complete(ask()))).retryAfterMs).toBe(7000);
    expect((await failure(adapter.complete(ask()))).retryAfterMs).toBe(1500);
    const dated = (await failure(adapter.complete(ask()))).retryAfterMs ?? 0;
    expect(dated).toBeGreaterThan(27_000);
    expect(dated).toBeLessThanOrEqual(30_000);
  });

  it('ends a stream refused before its first byte with one error event and nothing else', async () => {
    const emu = emulator();
    emu.script({ fault: { kind: 'rate-limit', retryAfterSeconds: 2 } });
    const events = await collect(adapterFor(testCase, emu).stream(ask()));
    expect(events).toHaveLength(1);
    expect(streamError(events).error).toMatchObject({
      kind: 'rate_limit',
      retryAfterMs: 2000,
      retryable: true,
    });
    expect(streamError(events).partial).toMatchObject({ text: '', content: [], finishReason: 'error' });
  });

  it('classifies an error inside a 200 stream and keeps the text that came before it', async () => {
    const emu = emulator();
    const errorType = isAnthropic ? 'overloaded_error' : undefined;
    emu.script({
      reply: { text: 'abcdefghijklmnopqrstuvwxyz', chunkSize: 5 },
      fault: { kind: 'stream-error', afterChunks: 2, ...(errorType ? { errorType } : {}) },
    });
    const events = await collect(adapterFor(testCase, emu).stream(ask()));
    const { error, partial } = streamError(events);
    expect(error.kind).toBe(isAnthropic ? 'overloaded' : 'server');
    expect(error.retryable).toBe(true);
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(/mid-answer/);
    expect(partial.text).toBe('abcdefghij');
    expect(deltaText(events)).toBe('abcdefghij');
    expect(partial.finishReason).toBe('error');
    expect(partial.usage.source).toBe('partial');
    if (isAnthropic) expect(partial.usage.input.uncached).toBeGreaterThan(0);
  });

  it('ends a stream cut mid-answer with a connection error carrying the partial text', async () => {
    const emu = emulator();
    emu.script({
      reply: { text: 'The quick brown fox jumps', chunkSize: 4 },
      fault: { kind: 'cut-mid-stream', afterChunks: 3 },
    });
    const events = await collect(adapterFor(testCase, emu).stream(ask()));
    const { error, partial } = streamError(events);
    expect(error).toMatchObject({ kind: 'connection', retryable: true });
    expect(partial.text).toBe('The quick br');
    expect(events.filter((e) => e.type === 'finish')).toHaveLength(0);
  });

  it('ends a stream with malformed JSON with a server error carrying the partial text', async () => {
    const emu = emulator();
    emu.script({
      reply: { text: 'Alpha beta gamma', chunkSize: 6 },
      fault: { kind: 'malformed-json', afterChunks: 1 },
    });
    const { error, partial } = streamError(await collect(adapterFor(testCase, emu).stream(ask())));
    expect(error.kind).toBe('server');
    expect(partial.text).toBe('Alpha ');
  });

  it('aborts a stream at once: the emulator sees the client leave, the outcome is aborted with partial text', async () => {
    const emu = emulator();
    emu.script({
      // 52 chunks of 4 characters, 40 ms apart: a busy machine still notices the abort long before the end.
      reply: { text: `one two ${'more '.repeat(40)}`, chunkSize: 4, chunkDelayMs: 40 },
    });
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of adapterFor(testCase, emu).stream(ask(), { signal: controller.signal })) {
      events.push(event);
      if (events.filter((e) => e.type === 'text-delta').length === 2) controller.abort();
    }
    const { error, partial } = streamError(events);
    expect(error).toMatchObject({ kind: 'aborted', retryable: false });
    expect(partial.text).toBe('one two ');
    expect(partial.usage.source).toBe('partial');
    await emu.idle();
    const recorded = chatRequests(emu).at(-1);
    expect(recorded?.outcome).toBe('client-disconnected');
    expect(recorded?.chunkTimes.length).toBeLessThan(52);
  });

  it('stops the transfer when the consumer breaks out of the stream', async () => {
    const emu = emulator();
    emu.script({ reply: { text: 'a b c d e f g h i j k l', chunkSize: 2, chunkDelayMs: 30 } });
    for await (const event of adapterFor(testCase, emu).stream(ask())) {
      if (event.type === 'text-delta') break;
    }
    await emu.idle();
    expect(chatRequests(emu).at(-1)?.outcome).toBe('client-disconnected');
  });

  it('rejects complete() with aborted when the signal fires while waiting, and sends nothing when already aborted', async () => {
    const emu = emulator();
    emu.script({ reply: { text: 'late', firstByteDelayMs: 5000 } });
    const controller = new AbortController();
    const pending = adapterFor(testCase, emu).complete(ask(), { signal: controller.signal });
    await until(() => chatRequests(emu).length === 1, 'the request');
    controller.abort();
    expect((await failure(pending)).kind).toBe('aborted');
    await emu.idle();
    expect(chatRequests(emu)[0]?.outcome).toBe('client-disconnected');

    const before = emu.requests.length;
    const aborted = (
      await failure(adapterFor(testCase, emu).complete(ask(), { signal: AbortSignal.abort() }))
    ).kind;
    expect(aborted).toBe('aborted');
    expect(emu.requests.length).toBe(before);
  });

  describe('timeouts (fake timers; the emulator keeps real time)', () => {
    const fake = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    it('connect: no response headers in time', async () => {
      const emu = emulator();
      emu.script({ reply: { text: 'slow', firstByteDelayMs: 60_000 } });
      fake();
      const pending = collect(adapterFor(testCase, emu).stream(ask(), { timeouts: { connectMs: 5000 } }));
      await until(() => chatRequests(emu).length === 1, 'the request');
      await vi.advanceTimersByTimeAsync(5000);
      const { error } = streamError(await pending);
      expect(error).toMatchObject({ kind: 'timeout', timeoutPhase: 'connect', retryable: true });
      expect(error.message).toMatch(/5 s/);
    });

    it('first_token: headers came, no content followed in time', async () => {
      const emu = emulator();
      emu.script({ reply: { text: 'slow', firstChunkDelayMs: 60_000 } });
      fake();
      const events: StreamEvent[] = [];
      const pending = (async () => {
        for await (const e of adapterFor(testCase, emu).stream(ask(), { timeouts: { firstTokenMs: 8000 } })) {
          events.push(e);
        }
      })();
      await until(() => events.some((e) => e.type === 'start'), 'the response headers');
      await vi.advanceTimersByTimeAsync(8000);
      await pending;
      expect(streamError(events).error).toMatchObject({ kind: 'timeout', timeoutPhase: 'first_token' });
    });

    it('idle: the stream stalled between chunks, keeping what came', async () => {
      const emu = emulator();
      emu.script({ reply: { text: 'abcdefgh', chunkSize: 4, chunkDelayMs: 60_000 } });
      fake();
      const events: StreamEvent[] = [];
      const pending = (async () => {
        for await (const e of adapterFor(testCase, emu).stream(ask(), { timeouts: { idleMs: 3000 } }))
          events.push(e);
      })();
      await until(() => events.some((e) => e.type === 'text-delta'), 'the first delta');
      await vi.advanceTimersByTimeAsync(3000);
      await pending;
      const { error, partial } = streamError(events);
      expect(error).toMatchObject({ kind: 'timeout', timeoutPhase: 'idle' });
      expect(partial.text).toBe('abcd');
    });

    it('total: the whole call ran too long', async () => {
      const emu = emulator();
      emu.script({ reply: { text: 'abcdefgh', chunkSize: 4, chunkDelayMs: 60_000 } });
      fake();
      const events: StreamEvent[] = [];
      const pending = (async () => {
        const timeouts = { totalMs: 20_000, idleMs: 3_600_000 };
        for await (const e of adapterFor(testCase, emu).stream(ask(), { timeouts })) events.push(e);
      })();
      await until(() => events.some((e) => e.type === 'text-delta'), 'the first delta');
      await vi.advanceTimersByTimeAsync(20_000);
      await pending;
      expect(streamError(events).error).toMatchObject({ kind: 'timeout', timeoutPhase: 'total' });
      await emu.idle();
      expect(chatRequests(emu).at(-1)?.outcome).toBe('client-disconnected');
    });

    it('complete(): the answer comes with the headers, so waiting for them is the first-token phase', async () => {
      const emu = emulator();
      emu.script({ reply: { text: 'slow', firstByteDelayMs: 60_000 } });
      fake();
      const pending = failure(
        adapterFor(testCase, emu).complete(ask(), { timeouts: { firstTokenMs: 4000 } }),
      );
      await until(() => chatRequests(emu).length === 1, 'the request');
      await vi.advanceTimersByTimeAsync(4000);
      expect(await pending).toMatchObject({ kind: 'timeout', timeoutPhase: 'first_token' });
    });
  });

  it('never lets a key reach an error message, even when the provider quotes it', async () => {
    const emu = emulator();
    const key = (Object.values(KEYS) as string[]).find((k) =>
      JSON.stringify(testCase.config(emu)).includes(k),
    );
    const quoted = key ?? 'sk-proj-unconfiguredKeyQuoted0123456789';
    emu.script(
      { fault: { kind: 'status', status: 401, message: `Incorrect API key provided: ${quoted}. Check it.` } },
      {
        fault: {
          kind: 'status',
          status: 401,
          message: `Incorrect API key provided: sk-proj-****${quoted.slice(-6)}.`,
        },
      },
    );
    const adapter = adapterFor(testCase, emu);
    for (let i = 0; i < 2; i++) {
      const info = JSON.stringify((await failure(adapter.complete(ask()))).toInfo());
      expect(info).not.toContain(quoted);
      expect(info).not.toContain(quoted.slice(-6));
      expect(info).toContain('[redacted]');
    }
  });
});
