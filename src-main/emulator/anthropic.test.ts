/** Anthropic Messages through @anthropic-ai/sdk (and raw HTTP where the SDK hides the wire). */
import Anthropic, { AuthenticationError } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { KEYS, clients, hello, postJSON, readSSE, useEmulator } from './test-support';

const emulator = useEmulator({ validKeys: { anthropic: [KEYS.anthropic] } });

const anthropicHeaders = { 'x-api-key': KEYS.anthropic, 'anthropic-version': '2023-06-01' };
const request = { model: 'claude-sonnet-4-6', max_tokens: 1024, messages: hello };

describe('Anthropic Messages', () => {
  it('answers JSON with thinking, text and tool use in order, cache usage, and its headers', async () => {
    const emu = emulator();
    emu.script({
      reply: {
        thinking: 'The user greets me.',
        thinkingSignature: 'sig-123',
        text: 'Let me check.',
        toolCalls: [{ id: 'toolu_1', name: 'lookup', arguments: { q: 'greeting' } }],
        usage: { input: 12, cacheRead: 300, cacheWrite: 40, output: 77 },
        model: 'claude-sonnet-4-5-20250929',
      },
    });
    const { data, response } = await clients.anthropic(emu).messages.create(request).withResponse();
    expect(data).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [
        { type: 'thinking', thinking: 'The user greets me.', signature: 'sig-123' },
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'greeting' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 12,
        cache_read_input_tokens: 300,
        cache_creation_input_tokens: 40,
        output_tokens: 77,
      },
    });
    expect(data.id).toMatch(/^msg_/);
    expect(response.headers.get('request-id')).toBe(emu.requests[0]?.requestId);
    expect(response.headers.get('anthropic-ratelimit-requests-limit')).toBe('10000');
    expect(response.headers.get('anthropic-ratelimit-input-tokens-remaining')).toMatch(/^\d+$/);
    expect(Date.parse(response.headers.get('anthropic-ratelimit-tokens-reset') ?? '')).not.toBeNaN();
  });

  it('streams the full event sequence: ping, thinking then signature, text, input_json_delta, cumulative usage', async () => {
    const emu = emulator();
    emu.script({
      reply: {
        thinking: ['Think', 'ing'],
        chunks: ['Hel', 'lo'],
        toolCalls: [{ name: 'f', arguments: '{"a":1}', argumentChunks: ['{"a"', ':1}'] }],
        usage: { input: 5, cacheRead: 2, cacheWrite: 3, output: 9 },
      },
    });
    const events = await readSSE(
      await postJSON(`${emu.baseURLs.anthropic}/v1/messages`, { ...request, stream: true }, anthropicHeaders),
    );
    const payloads = events.map((e) => JSON.parse(e.data) as { type: string; delta?: { type?: string } });
    expect(events.every((e, i) => e.event === payloads[i]?.type)).toBe(true);
    expect(payloads.map((p) => (p.type === 'content_block_delta' ? p.delta?.type : p.type))).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'thinking_delta',
      'thinking_delta',
      'signature_delta',
      'content_block_stop',
      'content_block_start',
      'text_delta',
      'text_delta',
      'content_block_stop',
      'content_block_start',
      'input_json_delta',
      'input_json_delta',
      'input_json_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(payloads[0]).toMatchObject({
      message: {
        usage: {
          input_tokens: 5,
          cache_read_input_tokens: 2,
          cache_creation_input_tokens: 3,
          output_tokens: 1,
        },
      },
    });
    expect(payloads[16]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: {
        input_tokens: 5,
        cache_creation_input_tokens: 3,
        cache_read_input_tokens: 2,
        output_tokens: 9,
      },
    });

    emu.script({
      reply: { thinking: 'Thinking', text: 'Hello', toolCalls: [{ name: 'f', arguments: { a: 1 } }] },
    });
    const message = await clients.anthropic(emu).messages.stream(request).finalMessage();
    expect(message.content).toMatchObject([
      { type: 'thinking', thinking: 'Thinking' },
      { type: 'text', text: 'Hello' },
      { type: 'tool_use', name: 'f', input: { a: 1 } },
    ]);
    expect(message.content[0]?.type === 'thinking' && message.content[0].signature.length).toBeGreaterThan(
      10,
    );
  });

  it('sends a refusal as stop_reason refusal with stop_details', async () => {
    const emu = emulator();
    emu.script({ reply: { refusal: 'This request was refused.', refusalCategory: 'cyber' }, times: 2 });
    const anthropic = clients.anthropic(emu);
    for (const message of [
      await anthropic.messages.create(request),
      await anthropic.messages.stream(request).finalMessage(),
    ]) {
      expect(message.stop_reason).toBe('refusal');
      expect(message.content).toEqual([]);
      expect(message.stop_details).toEqual({
        type: 'refusal',
        category: 'cyber',
        explanation: 'This request was refused.',
      });
    }
  });

  it('surfaces an error event mid-stream as an APIError in the SDK stream, after the deltas before it', async () => {
    const emu = emulator();
    emu.script({ reply: { chunks: ['a', 'b', 'c', 'd'] }, fault: { kind: 'stream-error', afterChunks: 2 } });
    const stream = clients.anthropic(emu).messages.stream(request);
    const texts: string[] = [];
    stream.on('text', (delta) => texts.push(delta));
    const failure = await stream.finalMessage().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect(failure).toMatchObject({ type: 'overloaded_error', status: undefined });
    expect(texts).toEqual(['a', 'b']);
  });

  it('counts tokens and lists models', async () => {
    const emu = emulator();
    const anthropic = clients.anthropic(emu);
    const counted = await anthropic.messages.countTokens({ model: 'claude-sonnet-4-6', messages: hello });
    const again = await anthropic.messages.countTokens({ model: 'claude-sonnet-4-6', messages: hello });
    expect(counted.input_tokens).toBeGreaterThan(0);
    expect(again.input_tokens).toBe(counted.input_tokens);
    const models = await anthropic.models.list();
    expect(models.data.map((m) => m.id)).toContain('claude-sonnet-4-6');
    expect(emu.requests.map((r) => r.path)).toEqual([
      '/anthropic/v1/messages/count_tokens',
      '/anthropic/v1/messages/count_tokens',
      '/anthropic/v1/models',
    ]);
  });

  it('also serves the SDK pointed at the bare root URL, telling its /v1/models from OpenAI’s by header', async () => {
    const emu = emulator();
    const anthropic = new Anthropic({ apiKey: KEYS.anthropic, baseURL: emu.url, maxRetries: 0 });
    expect((await anthropic.messages.create(request)).content[0]).toMatchObject({ type: 'text' });
    expect((await anthropic.models.list()).data[0]).toMatchObject({ type: 'model' });
    expect(emu.requests.map((r) => r.protocol)).toEqual(['anthropic', 'anthropic']);
  });
});

describe('Anthropic checks, as the real API makes them', () => {
  it('wants x-api-key (or a bearer token) and gives an unknown key the real 401', async () => {
    const emu = emulator();
    const missing = await postJSON(`${emu.baseURLs.anthropic}/v1/messages`, request, {
      'anthropic-version': '2023-06-01',
    });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error', message: 'x-api-key header is required' },
    });
    const wrong = clients.anthropic(emu, 'sk-ant-wrong-0000').messages.create(request);
    await expect(wrong).rejects.toBeInstanceOf(AuthenticationError);
    await expect(wrong).rejects.toMatchObject({
      type: 'authentication_error',
      apiMessage: 'invalid x-api-key',
    });
    const bearer = new Anthropic({
      authToken: KEYS.anthropic,
      baseURL: emu.baseURLs.anthropic,
      maxRetries: 0,
    });
    await expect(bearer.messages.create(request)).resolves.toMatchObject({ type: 'message' });
  });

  it('wants a well-formed anthropic-version header', async () => {
    const emu = emulator();
    const url = `${emu.baseURLs.anthropic}/v1/messages`;
    const missing = await postJSON(url, request, { 'x-api-key': KEYS.anthropic });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
    });
    const malformed = await postJSON(url, request, {
      'x-api-key': KEYS.anthropic,
      'anthropic-version': 'latest',
    });
    expect(((await malformed.json()) as { error: { message: string } }).error.message).toContain(
      'not a valid version',
    );
  });

  it('refuses a body without max_tokens, or with a system role among the messages', async () => {
    const emu = emulator();
    const url = `${emu.baseURLs.anthropic}/v1/messages`;
    const noMax = await postJSON(url, { model: 'claude-sonnet-4-6', messages: hello }, anthropicHeaders);
    expect(noMax.status).toBe(400);
    expect(await noMax.json()).toMatchObject({ error: { message: 'max_tokens: Field required' } });
    const system = await postJSON(
      url,
      { ...request, messages: [{ role: 'system', content: 'Be brief' }, ...hello] },
      anthropicHeaders,
    );
    expect(((await system.json()) as { error: { message: string } }).error.message).toContain(
      'accepts a top-level `system` parameter',
    );
  });
});
