/** Fallback chains, capability-aware skipping and key rotation through the pipeline, against the emulator. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ALL_CAPABILITIES,
  KEYS,
  candidate,
  hello,
  policyStack,
  recorder,
  useEmulator,
  useFakeTime,
  vaultKeyRing,
} from './test-support';

const emulator = useEmulator({ validKeys: { openai: [KEYS.openai, 'sk-second-key-2222'] } });
beforeEach(useFakeTime);
afterEach(() => vi.useRealTimers());

const haiku = candidate('anthropic:claude-haiku-4-5');
const opus = candidate('anthropic:claude-opus-4-1');
const gpt = candidate('openai:gpt-4.1');
const local = candidate('ollama:llama3.2', { contextWindow: 8192, maxOutputTokens: 2048 });
const request = { messages: hello, maxOutputTokens: 100 };
const revokedFirst = { openai: ['sk-revoked-key-1111', 'sk-second-key-2222'] };
const image = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('fallback', () => {
  it('answers with the third model when the first two are overloaded (529), with an attempt record for each call', async () => {
    const emu = emulator();
    emu.script(
      { match: { protocol: 'anthropic' }, fault: { kind: 'overloaded' }, times: Infinity },
      { match: { protocol: 'openai' }, reply: { text: 'GPT answers', usage: { input: 11, output: 3 } } },
    );
    const { pipeline } = policyStack(emu, { settings: { anthropic: { retry: { maxAttempts: 1 } } } });
    const rec = recorder();
    const outcome = await pipeline.complete({ candidates: [haiku, opus, gpt], request, ...rec });
    expect(outcome.ok && outcome.response.text).toBe('GPT answers');
    expect(emu.requests.map((r) => [r.protocol, r.model, r.status])).toEqual([
      ['anthropic', 'claude-haiku-4-5', 529],
      ['anthropic', 'claude-opus-4-1', 529],
      ['openai', 'gpt-4.1', 200],
    ]);
    expect(rec.attempts.map((a) => [a.attempt, a.role, a.ref, a.outcome, a.error?.status, a.reason])).toEqual(
      [
        [1, 'primary', 'anthropic:claude-haiku-4-5', 'error', 529, undefined],
        [2, 'fallback', 'anthropic:claude-opus-4-1', 'error', 529, 'overloaded'],
        [3, 'fallback', 'openai:gpt-4.1', 'ok', undefined, 'overloaded'],
      ],
    );
    expect(new Set(rec.attempts.map((a) => a.requestId)).size).toBe(1);
    expect(rec.attempts[2]?.usage).toMatchObject({ input: { uncached: 11 }, output: { text: 3 } });
    expect(rec.events.filter((e) => e.type === 'fallback')).toEqual([
      {
        type: 'fallback',
        from: 'anthropic:claude-haiku-4-5',
        to: 'anthropic:claude-opus-4-1',
        reason: 'overloaded',
        errorKind: 'overloaded',
      },
      {
        type: 'fallback',
        from: 'anthropic:claude-opus-4-1',
        to: 'openai:gpt-4.1',
        reason: 'overloaded',
        errorKind: 'overloaded',
      },
    ]);
    expect(outcome.steps).toEqual([
      {
        ref: 'anthropic:claude-haiku-4-5',
        outcome: 'failed',
        reason: 'overloaded',
        errorKind: 'overloaded',
        calls: 1,
      },
      {
        ref: 'anthropic:claude-opus-4-1',
        outcome: 'failed',
        reason: 'overloaded',
        errorKind: 'overloaded',
        calls: 1,
      },
      { ref: 'openai:gpt-4.1', outcome: 'served', calls: 1 },
    ]);
  });

  it('falls back only after the model used up its retries', async () => {
    const emu = emulator();
    emu.script(
      { match: { protocol: 'anthropic' }, fault: { kind: 'status', status: 500 }, times: Infinity },
      { match: { protocol: 'openai' }, reply: { text: 'fine' } },
    );
    const { pipeline } = policyStack(emu, { settings: { anthropic: { retry: { maxAttempts: 3 } } } });
    const rec = recorder();
    const done = pipeline.complete({ candidates: [haiku, gpt], request, ...rec });
    for (let i = 0; i < 2; i++) await vi.advanceTimersByTimeAsync((await rec.next('retry')).delayMs);
    const outcome = await done;
    expect(outcome.ok).toBe(true);
    expect(rec.attempts.map((a) => a.role)).toEqual(['primary', 'retry', 'retry', 'fallback']);
    expect(rec.events.find((e) => e.type === 'fallback')).toMatchObject({
      reason: 'server error after 3 attempts',
    });
  });

  it.each([
    ['a bad request', { kind: 'status', status: 400 } as const, 'bad_request'],
    [
      'a content filter',
      {
        kind: 'status',
        status: 400,
        errorType: 'content_filter',
        message: 'blocked by content_filter',
      } as const,
      'content_filter',
    ],
    [
      'a context length error',
      {
        kind: 'status',
        status: 400,
        errorType: 'context_length_exceeded',
        message: "This model's maximum context length is 8192 tokens",
      } as const,
      'context_length',
    ],
  ])('never falls back on %s', async (_name, fault, kind) => {
    const emu = emulator();
    emu.script({ match: { protocol: 'openai' }, fault });
    const { pipeline } = policyStack(emu);
    const outcome = await pipeline.complete({ candidates: [gpt, haiku], request });
    expect(outcome).toMatchObject({ ok: false, error: { kind } });
    expect(emu.requests).toHaveLength(1);
  });

  it('falls back on an authentication failure only when the setting says so', async () => {
    const emu = emulator();
    emu.script({ match: { protocol: 'anthropic' }, reply: { text: 'Claude here' }, times: Infinity });
    const keys = await vaultKeyRing({ openai: ['sk-revoked-key-1111'] });
    const { pipeline } = policyStack(emu, { keys });
    const refused = await pipeline.complete({ candidates: [gpt, haiku], request });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'authentication', status: 401 } });
    expect(emu.requests).toHaveLength(1);

    const rec = recorder();
    const fallen = await pipeline.complete({
      candidates: [gpt, haiku],
      request,
      fallbackOnAuthError: true,
      ...rec,
    });
    expect(fallen.ok && fallen.response.text).toBe('Claude here');
    expect(rec.events.find((e) => e.type === 'fallback')).toMatchObject({
      reason: 'key rejected',
      errorKind: 'authentication',
    });
  });

  it('rotates to the next key on a 401 when the provider settings ask for it', async () => {
    const emu = emulator();
    const ring = await vaultKeyRing(revokedFirst);
    const [revoked, second] = ring.vault.list('openai');
    const { pipeline } = policyStack(emu, { keys: ring, settings: { openai: { rotateKeysOn: ['401'] } } });
    const rec = recorder();
    const outcome = await pipeline.complete({ candidates: [gpt, haiku], request, ...rec });
    expect(outcome.ok && outcome.served.ref).toBe('openai:gpt-4.1');
    expect(rec.attempts.map((a) => [a.role, a.keyId, a.outcome, a.reason])).toEqual([
      ['primary', revoked?.id, 'error', undefined],
      ['retry', second?.id, 'ok', 'the next key, after HTTP 401'],
    ]);
    expect(emu.requests.map((r) => r.headers['authorization'])).toEqual([
      'Bearer ****1111',
      'Bearer ****2222',
    ]);
    expect(JSON.stringify(rec.attempts)).not.toContain('sk-');
  });

  it('keeps the key that worked: four more messages send it first, and the refused key is never sent again', async () => {
    const emu = emulator();
    const ring = await vaultKeyRing(revokedFirst);
    const { pipeline } = policyStack(emu, { keys: ring, settings: { openai: { rotateKeysOn: ['401'] } } });
    for (let message = 0; message < 5; message++) {
      const outcome = await pipeline.complete({ candidates: [gpt], request });
      expect(outcome.ok).toBe(true);
    }
    expect(emu.requests.map((r) => [r.headers['authorization'], r.status])).toEqual([
      ['Bearer ****1111', 401],
      ...Array.from({ length: 5 }, () => ['Bearer ****2222', 200]),
    ]);
    expect(ring.vault.keyFor('openai')?.last4).toBe('2222');
  });

  it('rotates keys on a 429 before backing off', async () => {
    const emu = emulator();
    emu.script({ match: { protocol: 'openai' }, fault: { kind: 'rate-limit', retryAfterSeconds: 30 } });
    const ring = await vaultKeyRing({ openai: [KEYS.openai, 'sk-second-key-2222'] });
    const [first, second] = ring.vault.list('openai');
    const { pipeline } = policyStack(emu, { keys: ring, settings: { openai: { rotateKeysOn: ['429'] } } });
    const rec = recorder();
    const outcome = await pipeline.complete({ candidates: [gpt], request, ...rec });
    expect(outcome.ok).toBe(true);
    expect(rec.events.some((e) => e.type === 'retry')).toBe(false);
    expect(rec.attempts.map((a) => [a.keyId, a.outcome])).toEqual([
      [first?.id, 'error'],
      [second?.id, 'ok'],
    ]);
  });
});

describe('capability-aware skipping', () => {
  it('skips a model without vision for a request with an image, saying why', async () => {
    const emu = emulator();
    const textOnly = candidate('openai:gpt-3.5-turbo', {
      capabilities: { ...ALL_CAPABILITIES, vision: false },
    });
    const { pipeline } = policyStack(emu);
    const rec = recorder();
    const outcome = await pipeline.complete({
      candidates: [textOnly, haiku],
      request: {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image', source: { kind: 'bytes', data: image, mediaType: 'image/png' } },
            ],
          },
        ],
        maxOutputTokens: 100,
      },
      ...rec,
    });
    expect(outcome.ok && outcome.served.ref).toBe('anthropic:claude-haiku-4-5');
    expect(emu.requests.map((r) => r.model)).toEqual(['claude-haiku-4-5']);
    expect(rec.events[0]).toEqual({
      type: 'skipped',
      ref: 'openai:gpt-3.5-turbo',
      reason: 'openai:gpt-3.5-turbo cannot see images',
      errorKind: 'bad_request',
    });
    expect(outcome.steps[0]).toEqual({
      ref: 'openai:gpt-3.5-turbo',
      outcome: 'skipped',
      reason: 'openai:gpt-3.5-turbo cannot see images',
      errorKind: 'bad_request',
      calls: 0,
    });
    // A skipped model made no call: the served one is the first call, so it is the primary.
    expect(rec.attempts.map((a) => a.role)).toEqual(['primary']);
  });

  it('skips a model whose context window is too small, and one without tools', async () => {
    const emu = emulator();
    const noTools = candidate('openai:gpt-4o-mini', { capabilities: { ...ALL_CAPABILITIES, tools: false } });
    const { pipeline } = policyStack(emu);
    const rec = recorder();
    const outcome = await pipeline.complete({
      candidates: [local, noTools, haiku],
      request: {
        messages: hello,
        maxOutputTokens: 1000,
        tools: [{ name: 'lookup', parameters: { type: 'object', properties: {} } }],
      },
      inputTokens: 7500,
      ...rec,
    });
    expect(outcome.ok && outcome.served.ref).toBe('anthropic:claude-haiku-4-5');
    expect(outcome.steps.map((s) => s.reason)).toEqual([
      "ollama:llama3.2's context window of 8,192 tokens is too small for about 8,500 tokens (7,500 in, 1,000 out)",
      'openai:gpt-4o-mini cannot use tools',
      undefined,
    ]);
  });

  it('skips a provider that is not set up, and says so when no model is left', async () => {
    const emu = emulator();
    const { pipeline } = policyStack(emu, { unconfigured: ['anthropic'] });
    const rec = recorder();
    const outcome = await pipeline.complete({ candidates: [haiku, opus], request, ...rec });
    expect(emu.requests).toHaveLength(0);
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        kind: 'unconfigured',
        message:
          'No model of the chain can take this request: anthropic is not set up; anthropic is not set up.',
      },
    });
    expect(rec.events.map((e) => e.type)).toEqual(['skipped', 'skipped']);
  });

  it('refuses a request too long for every model of the chain as a context length error', async () => {
    const emu = emulator();
    const { pipeline } = policyStack(emu);
    const outcome = await pipeline.complete({ candidates: [local], request, inputTokens: 9000 });
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'context_length' } });
    expect(emu.requests).toHaveLength(0);
  });
});
