/** Every fault, as each official SDK sees it. SDK retries are off, so each response is seen as sent. */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { startEmulator } from './server';
import { KEYS, clients, hello, useEmulator } from './test-support';

const emulator = useEmulator();
const claude = { model: 'claude-sonnet-4-6', max_tokens: 256, messages: hello };
const gpt = { model: 'gpt-4o', messages: hello };

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('429 rate limits', () => {
  it('OpenAI: retry-after seconds, x-should-retry and x-ratelimit-* headers, readable on the error', async () => {
    const emu = emulator();
    emu.script({ fault: { kind: 'rate-limit', retryAfterSeconds: 2, shouldRetry: true } });
    const error = await failureOf(clients.openai(emu).chat.completions.create(gpt));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.code).toBe('rate_limit_exceeded');
    expect(rateLimit.headers.get('retry-after')).toBe('2');
    expect(rateLimit.headers.get('x-should-retry')).toBe('true');
    expect(rateLimit.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(rateLimit.headers.get('x-ratelimit-reset-requests')).toBe('2s');
    expect(rateLimit.requestID).toBe(emu.requests[0]?.requestId);
  });

  it('retry-after as an HTTP date, retry-after-ms, and insufficient_quota that must not be retried', async () => {
    const emu = emulator();
    const date = 'Wed, 21 Oct 2026 07:28:00 GMT';
    emu.script(
      { fault: { kind: 'rate-limit', retryAfterDate: date } },
      { fault: { kind: 'rate-limit', retryAfterMs: 1500 } },
      { fault: { kind: 'status', status: 429, errorType: 'insufficient_quota', shouldRetry: false } },
    );
    const openai = clients.openai(emu);
    const first = (await failureOf(openai.chat.completions.create(gpt))) as InstanceType<
      typeof OpenAI.APIError
    >;
    expect(first.headers?.get('retry-after')).toBe(date);
    const second = (await failureOf(openai.chat.completions.create(gpt))) as InstanceType<
      typeof OpenAI.APIError
    >;
    expect(second.headers?.get('retry-after-ms')).toBe('1500');
    expect(second.headers?.get('retry-after')).toBeNull();
    const third = (await failureOf(openai.chat.completions.create(gpt))) as InstanceType<
      typeof OpenAI.APIError
    >;
    expect(third).toMatchObject({ status: 429, code: 'insufficient_quota', type: 'insufficient_quota' });
    expect(third.headers?.get('x-should-retry')).toBe('false');
  });

  it('Anthropic: rate_limit_error with anthropic-ratelimit-* headers and the request id in the body', async () => {
    const emu = emulator();
    emu.script({
      fault: {
        kind: 'rate-limit',
        retryAfterSeconds: 3,
        rateLimit: { tokens: { limit: 40_000, remaining: 0, resetMs: 3000 } },
      },
    });
    const error = await failureOf(clients.anthropic(emu).messages.create(claude));
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    const rateLimit = error as InstanceType<typeof Anthropic.RateLimitError>;
    expect(rateLimit.type).toBe('rate_limit_error');
    expect(rateLimit.headers.get('retry-after')).toBe('3');
    expect(rateLimit.headers.get('anthropic-ratelimit-tokens-remaining')).toBe('0');
    expect(rateLimit.headers.get('anthropic-ratelimit-output-tokens-limit')).toBe('40000');
    expect(rateLimit.error).toMatchObject({ request_id: rateLimit.requestID });
  });
});

describe('server errors', () => {
  it('500, 502 and 503 reach the OpenAI SDK as InternalServerError with their status', async () => {
    const emu = emulator();
    emu.script(
      { fault: { kind: 'status', status: 500 } },
      { fault: { kind: 'status', status: 502 } },
      { fault: { kind: 'status', status: 503 } },
    );
    const openai = clients.openai(emu);
    for (const status of [500, 502, 503]) {
      const error = await failureOf(openai.chat.completions.create(gpt));
      expect(error).toBeInstanceOf(OpenAI.InternalServerError);
      expect(error).toMatchObject({ status, type: 'server_error' });
    }
  });

  it('Anthropic overloaded is a 529 OverloadedError; elsewhere overloaded is a 503', async () => {
    const emu = emulator();
    emu.script({ fault: { kind: 'overloaded' }, times: 2 });
    const anthropicError = await failureOf(clients.anthropic(emu).messages.create(claude));
    expect(anthropicError).toBeInstanceOf(Anthropic.OverloadedError);
    expect(anthropicError).toMatchObject({ status: 529, type: 'overloaded_error', apiMessage: 'Overloaded' });
    const openaiError = await failureOf(clients.openai(emu).chat.completions.create(gpt));
    expect(openaiError).toMatchObject({ status: 503 });
    expect(String((openaiError as Error).message)).toContain('overloaded');
  });
});

describe('authentication and permission', () => {
  it('401 and 403 faults map to each SDK’s classes', async () => {
    const emu = emulator();
    emu.script(
      { match: { protocol: 'openai' }, fault: { kind: 'status', status: 401 } },
      { match: { protocol: 'openai' }, fault: { kind: 'status', status: 403 } },
      { match: { protocol: 'anthropic' }, fault: { kind: 'status', status: 401 } },
      { match: { protocol: 'anthropic' }, fault: { kind: 'status', status: 403 } },
    );
    const openai = clients.openai(emu);
    await expect(openai.chat.completions.create(gpt)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(openai.chat.completions.create(gpt)).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    const anthropic = clients.anthropic(emu);
    await expect(anthropic.messages.create(claude)).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    await expect(anthropic.messages.create(claude)).rejects.toMatchObject({
      status: 403,
      type: 'permission_error',
    });
  });

  it('with validKeys, any other key gets the provider’s real 401 body, which never echoes the key', async () => {
    const strict = await startEmulator({
      validKeys: { openai: [KEYS.openai], azure: [KEYS.azure], gemini: [KEYS.gemini] },
    });
    try {
      await expect(clients.openai(strict).chat.completions.create(gpt)).resolves.toBeDefined();
      const openaiError = await failureOf(
        clients.openai(strict, 'sk-wrong-key-0001').chat.completions.create(gpt),
      );
      expect(openaiError).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(openaiError).toMatchObject({ code: 'invalid_api_key', type: 'invalid_request_error' });
      expect(JSON.stringify((openaiError as { error: unknown }).error)).not.toContain('sk-wrong-key');
      const azureError = await failureOf(
        clients.azure(strict, 'chat', 'bad-azure').chat.completions.create(gpt),
      );
      expect(azureError).toMatchObject({ status: 401, code: '401' });
      // Gemini answers a bad key with 400 INVALID_ARGUMENT / API_KEY_INVALID, not 401.
      const geminiError = await failureOf(clients.gemini(strict, 'bad-gemini').chat.completions.create(gpt));
      expect(geminiError).toBeInstanceOf(OpenAI.BadRequestError);
      expect((geminiError as Error).message).toContain('API_KEY_INVALID');
    } finally {
      await strict.close();
    }
  });
});

describe('broken connections and bodies', () => {
  it('a reset before headers is a connection error in both SDKs', async () => {
    const emu = emulator();
    emu.script({ fault: { kind: 'reset-before-headers' }, times: 2 });
    await expect(clients.openai(emu).chat.completions.create(gpt)).rejects.toBeInstanceOf(
      OpenAI.APIConnectionError,
    );
    await expect(clients.anthropic(emu).messages.create(claude)).rejects.toBeInstanceOf(
      Anthropic.APIConnectionError,
    );
    await emu.idle();
    expect(emu.requests.map((r) => [r.outcome, r.status])).toEqual([
      ['connection-cut', undefined],
      ['connection-cut', undefined],
    ]);
  });

  it('a cut mid-stream surfaces as an error in the SDK stream after exactly the chunks sent', async () => {
    const emu = emulator();
    emu.script(
      {
        match: { protocol: 'openai' },
        reply: { chunks: ['1', '2', '3', '4', '5'] },
        fault: { kind: 'cut-mid-stream', afterChunks: 3 },
      },
      {
        match: { protocol: 'anthropic' },
        reply: { chunks: ['1', '2', '3', '4', '5'] },
        fault: { kind: 'cut-mid-stream', afterChunks: 2 },
      },
    );
    const received: string[] = [];
    const consume = async () => {
      const stream = await clients.openai(emu).chat.completions.create({ ...gpt, stream: true });
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    };
    await expect(consume()).rejects.toThrow();
    expect(received.join('')).toBe('123');

    const anthropicStream = clients.anthropic(emu).messages.stream(claude);
    const texts: string[] = [];
    anthropicStream.on('text', (text) => texts.push(text));
    await expect(anthropicStream.finalMessage()).rejects.toThrow();
    expect(texts).toEqual(['1', '2']);
    await emu.idle();
    expect(emu.requests.map((r) => [r.outcome, r.chunkTimes.length])).toEqual([
      ['connection-cut', 3],
      ['connection-cut', 2],
    ]);
  });

  it('a cut inside a JSON body fails the call', async () => {
    const emu = emulator();
    emu.script({ fault: { kind: 'cut-mid-stream', afterChunks: 0 } });
    await expect(clients.openai(emu).chat.completions.create(gpt)).rejects.toThrow();
  });

  it('an error chunk mid-stream is an APIError in the OpenAI SDK stream', async () => {
    const emu = emulator();
    emu.script({
      reply: { chunks: ['x', 'y', 'z'] },
      fault: {
        kind: 'stream-error',
        afterChunks: 1,
        errorType: 'server_error',
        message: 'The model crashed.',
      },
    });
    const received: string[] = [];
    const consume = async () => {
      for await (const chunk of await clients.openai(emu).chat.completions.create({ ...gpt, stream: true })) {
        received.push(chunk.choices[0]?.delta.content ?? '');
      }
    };
    const error = await failureOf(consume());
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain('The model crashed.');
    expect(received.join('')).toBe('x');
  });

  it('malformed JSON fails the JSON call and the stream', async () => {
    const emu = emulator();
    emu.script(
      { match: { stream: false }, fault: { kind: 'malformed-json' } },
      {
        match: { stream: true },
        reply: { chunks: ['a', 'b', 'c'] },
        fault: { kind: 'malformed-json', afterChunks: 2 },
      },
    );
    const openai = clients.openai(emu);
    await expect(openai.chat.completions.create(gpt)).rejects.toThrow();
    const received: string[] = [];
    const consume = async () => {
      for await (const chunk of await openai.chat.completions.create({ ...gpt, stream: true })) {
        received.push(chunk.choices[0]?.delta.content ?? '');
      }
    };
    await expect(consume()).rejects.toThrow(/malformed/);
    expect(received.join('')).toBe('ab');
  });

  it('a slow first byte trips the SDK’s timeout, and the emulator records that the client left', async () => {
    const emu = emulator();
    emu.script({ reply: { firstByteDelayMs: 400 } });
    const openai = new OpenAI({
      apiKey: KEYS.openai,
      baseURL: emu.baseURLs.openai,
      maxRetries: 0,
      timeout: 100,
    });
    await expect(openai.chat.completions.create(gpt)).rejects.toBeInstanceOf(
      OpenAI.APIConnectionTimeoutError,
    );
    await emu.idle();
    expect(emu.requests[0]).toMatchObject({ outcome: 'client-disconnected', chunkTimes: [] });
    expect(emu.requests[0]?.status).toBeUndefined();
  });
});
