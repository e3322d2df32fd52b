/**
 * Anthropic Messages: the recorded request matches Anthropic's documented format (top-level system, max_tokens,
 * base64 images, tool_result turns, thinking, structured output), usage splits every cache bucket, and
 * count_tokens is used when it answers.
 */
import { describe, expect, it } from 'vitest';
import { anthropicMaxTokens } from './anthropic';
import { ProviderError } from './errors';
import { createAdapter } from './registry';
import {
  KEYS,
  PNG_2x1,
  chatRequests,
  collect,
  finalResponse,
  lastChatBody,
  useEmulator,
} from './test-helpers';
import type { ChatRequest, ProviderConfig } from './types';

const emulator = useEmulator();

const config = (): ProviderConfig => ({
  id: 'anthropic',
  kind: 'anthropic',
  baseURL: emulator().baseURLs.anthropic,
  apiKey: KEYS.anthropic,
});
const adapter = () => createAdapter(config(), {});

const conversation: ChatRequest = {
  model: 'claude-sonnet-4-6',
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'system', content: 'Answer in English.' },
    { role: 'user', content: 'Weather in Paris?' },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', text: 'Need the tool.', signature: 'sig-abc' },
        { type: 'thinking', text: 'Unsigned thoughts are dropped.' },
        { type: 'text', text: 'Checking.' },
        {
          type: 'tool-call',
          id: 'toolu_1',
          name: 'get_weather',
          arguments: { city: 'Paris' },
          rawArguments: '{"city":"Paris"}',
        },
      ],
    },
    {
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: 'Service down', isError: true }],
    },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'And this picture?' },
        { type: 'image', source: { kind: 'bytes', data: PNG_2x1, mediaType: 'image/jpeg' } },
      ],
    },
  ],
  tools: [
    {
      name: 'get_weather',
      description: 'Current weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  ],
  toolChoice: 'auto',
  stop: ['END'],
  reasoning: { budgetTokens: 2048 },
};

describe('Anthropic request shape', () => {
  it('lifts system to the top, merges tool results into the user turn, sends base64 images and thinking', async () => {
    await adapter().complete(conversation);
    const recorded = chatRequests(emulator()).at(-1);
    expect(recorded?.path).toBe('/anthropic/v1/messages');
    expect(recorded?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(recorded?.body).toEqual({
      model: 'claude-sonnet-4-6',
      max_tokens: 2048 + 16_384,
      system: 'You are terse.\n\nAnswer in English.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Need the tool.', signature: 'sig-abc' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'Service down', is_error: true },
            { type: 'text', text: 'And this picture?' },
            {
              type: 'image',
              // The declared type was wrong: the bytes are a PNG, and that is what is sent.
              source: {
                type: 'base64',
                media_type: 'image/png',
                data: Buffer.from(PNG_2x1).toString('base64'),
              },
            },
          ],
        },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather',
          input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      ],
      tool_choice: { type: 'auto' },
      stop_sequences: ['END'],
      thinking: { type: 'enabled', budget_tokens: 2048 },
    });
  });

  it('maps tool choices, structured output, effort and sampling parameters', async () => {
    const schema = { type: 'object', properties: { n: { type: 'number' } }, additionalProperties: false };
    const tools = [{ name: 'pick', parameters: { type: 'object' } }];
    const base = { model: 'claude-opus-4-5', messages: [{ role: 'user' as const, content: 'go' }] };
    await adapter().complete({ ...base, tools, toolChoice: 'required', temperature: 0.3, topP: 0.8 });
    expect(lastChatBody(emulator())).toMatchObject({
      tool_choice: { type: 'any' },
      temperature: 0.3,
      top_p: 0.8,
    });
    await adapter().complete({ ...base, tools, toolChoice: { name: 'pick' }, maxOutputTokens: 100 });
    expect(lastChatBody(emulator())).toMatchObject({
      tool_choice: { type: 'tool', name: 'pick' },
      max_tokens: 100,
    });
    await adapter().complete({ ...base, tools, toolChoice: 'none' });
    expect(lastChatBody(emulator())).toMatchObject({ tool_choice: { type: 'none' } });
    emulator().script({ reply: { text: '{"n":3}' } });
    const structured = await adapter().complete({
      ...base,
      responseFormat: { type: 'json_schema', name: 'count', schema },
      reasoning: { effort: 'minimal' },
    });
    expect(JSON.parse(structured.text)).toEqual({ n: 3 });
    expect(lastChatBody(emulator()).output_config).toEqual({
      format: { type: 'json_schema', schema },
      effort: 'low',
    });
  });

  it('defaults max_tokens from the model and leaves room for the thinking budget', () => {
    const ask = (model: string, extra: Partial<ChatRequest> = {}) =>
      anthropicMaxTokens({ model, messages: [], ...extra });
    expect(ask('claude-3-5-haiku-20241022')).toBe(8192);
    expect(ask('claude-3-haiku-20240307')).toBe(4096);
    expect(ask('claude-opus-4-1-20250805')).toBe(16_384);
    expect(ask('claude-opus-4-1-20250805', { reasoning: { budgetTokens: 30_000 } })).toBe(32_000);
    expect(ask('claude-sonnet-4-6', { reasoning: { budgetTokens: 10_000 } })).toBe(26_384);
    expect(ask('claude-sonnet-4-6', { maxOutputTokens: 1234 })).toBe(1234);
  });

  it('refuses thinking with a temperature or a forced tool before sending anything', async () => {
    const base = { model: 'claude-sonnet-4-6', messages: [{ role: 'user' as const, content: 'go' }] };
    const thinking = { reasoning: { budgetTokens: 1024 } };
    const tools = [{ name: 'pick', parameters: { type: 'object' } }];
    for (const request of [
      { ...base, ...thinking, temperature: 0.5 },
      { ...base, ...thinking, tools, toolChoice: 'required' as const },
      { ...base, reasoning: { budgetTokens: 500 } },
      { ...base, reasoning: { budgetTokens: 2000 }, maxOutputTokens: 1500 },
      { ...base, temperature: 1.5 },
    ]) {
      const error = await adapter()
        .complete(request)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'bad_request', retryable: false });
    }
    expect(emulator().requests).toHaveLength(0);
  });
});

describe('Anthropic answers', () => {
  const ask: ChatRequest = { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Do it' }] };

  it('maps refusal and max_tokens stop reasons, in one body and streamed', async () => {
    emulator().script(
      { reply: { refusal: 'I cannot help with that.' } },
      { reply: { text: 'Once upon', finishReason: 'max_tokens' } },
    );
    expect(await adapter().complete(ask)).toMatchObject({
      finishReason: 'refusal',
      rawFinishReason: 'refusal',
    });
    const streamed = finalResponse(await collect(adapter().stream(ask)));
    expect(streamed).toMatchObject({
      finishReason: 'length',
      rawFinishReason: 'max_tokens',
      text: 'Once upon',
    });
  });

  it('splits five-minute and one-hour cache writes, and thinking tokens out of output', async () => {
    const message = {
      id: 'msg_cache',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      content: [{ type: 'text', text: 'Cached.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 12,
        cache_creation_input_tokens: 1500,
        cache_read_input_tokens: 4000,
        cache_creation: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 1000 },
        output_tokens: 90,
        output_tokens_details: { thinking_tokens: 60 },
      },
    };
    emulator().script({
      fault: { kind: 'replay', body: JSON.stringify(message), contentType: 'application/json' },
    });
    const response = await adapter().complete(ask);
    expect(response.usage).toEqual({
      input: { uncached: 12, cacheRead: 4000, cacheWrite: 500, cacheWrite1h: 1000 },
      output: { text: 30, reasoning: 60 },
      source: 'reported',
    });
  });

  it('counts tokens with count_tokens, and estimates (marked so) when it cannot be reached', async () => {
    const emu = emulator();
    const counted = await adapter().countTokens({ ...ask, tools: conversation.tools });
    expect(counted).toMatchObject({ method: 'exact', source: 'provider' });
    expect(counted.inputTokens).toBeGreaterThan(0);
    const request = emu.requests.at(-1);
    expect(request?.path).toBe('/anthropic/v1/messages/count_tokens');
    expect(request?.body).toMatchObject({ model: 'claude-sonnet-4-6', tools: [{ name: 'get_weather' }] });
    expect(request?.body).not.toHaveProperty('max_tokens');

    emu.script({
      match: { path: '/anthropic/v1/messages/count_tokens' },
      fault: { kind: 'reset-before-headers' },
    });
    const estimated = await adapter().countTokens(ask);
    expect(estimated).toMatchObject({ method: 'estimate', source: 'heuristic' });
    expect(estimated.inputTokens).toBeGreaterThan(0);

    const offline = await createAdapter(
      { id: 'anthropic', kind: 'anthropic', baseURL: emu.url },
      {},
    ).countTokens(ask);
    expect(offline.method).toBe('estimate');
  });

  it('is unconfigured without a key: calls fail before sending, health says so', async () => {
    const unset = createAdapter(
      { id: 'anthropic', kind: 'anthropic', baseURL: emulator().baseURLs.anthropic },
      {},
    );
    const error = await unset.complete(ask).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unconfigured', retryable: false });
    expect((error as Error).message).toMatch(/ANTHROPIC_API_KEY/);
    const events = await collect(unset.stream(ask));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', error: { kind: 'unconfigured' } });
    expect(await unset.health()).toMatchObject({ ok: false, error: { kind: 'unconfigured' } });
    expect(emulator().requests).toHaveLength(0);
  });
});
