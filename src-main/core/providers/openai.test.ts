/**
 * OpenAI Chat Completions: the request the emulator recorded matches OpenAI's documented format, and OpenAI's own
 * answers (refusals, filters, length, quota) normalize as they should.
 */
import { describe, expect, it } from 'vitest';
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
import { ProviderError } from './errors';

const emulator = useEmulator();

const config = (): ProviderConfig => ({
  id: 'openai',
  kind: 'openai',
  baseURL: emulator().baseURLs.openai,
  apiKey: KEYS.openai,
});

const conversation: ChatRequest = {
  model: 'gpt-4.1',
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'Weather in Paris?' },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Checking.' },
        {
          type: 'tool-call',
          id: 'call_1',
          name: 'get_weather',
          arguments: { city: 'Paris' },
          rawArguments: '{"city":"Paris"}',
        },
      ],
    },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', content: '18°C, cloudy' }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'And this picture?' },
        { type: 'image', source: { kind: 'bytes', data: PNG_2x1, mediaType: 'image/png' } },
      ],
    },
  ],
  maxOutputTokens: 300,
  temperature: 0.2,
  topP: 0.9,
  stop: ['END'],
  seed: 7,
  tools: [
    {
      name: 'get_weather',
      description: 'Current weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  ],
  toolChoice: { name: 'get_weather' },
};

describe('OpenAI request shape', () => {
  it('maps messages, images, tools and parameters to Chat Completions', async () => {
    await createAdapter(config(), {}).complete(conversation);
    const recorded = chatRequests(emulator()).at(-1);
    expect(recorded?.path).toBe('/v1/chat/completions');
    expect(recorded?.headers['authorization']).toBe(`Bearer ****${KEYS.openai.slice(-4)}`);
    expect(recorded?.body).toEqual({
      model: 'gpt-4.1',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18°C, cloudy' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'And this picture?' },
            {
              type: 'image_url',
              image_url: { url: `data:image/png;base64,${Buffer.from(PNG_2x1).toString('base64')}` },
            },
          ],
        },
      ],
      max_completion_tokens: 300,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['END'],
      seed: 7,
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
  });

  it('asks every stream to report usage, and sends reasoning effort and a JSON schema', async () => {
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' } },
      required: ['answer'],
      additionalProperties: false,
    };
    emulator().script({ reply: { text: '{"answer":"42"}' } });
    const events = await collect(
      createAdapter(config(), {}).stream({
        model: 'o4-mini',
        messages: [{ role: 'user', content: 'Answer in JSON' }],
        maxOutputTokens: 500,
        reasoning: { effort: 'high' },
        responseFormat: { type: 'json_schema', name: 'answer', schema, strict: true },
      }),
    );
    expect(JSON.parse(finalResponse(events).text)).toEqual({ answer: '42' });
    const body = lastChatBody(emulator());
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(body.reasoning_effort).toBe('high');
    expect(body.max_completion_tokens).toBe(500);
    expect(body).not.toHaveProperty('max_tokens');
    expect(body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'answer', schema, strict: true },
    });
  });

  it('honours OPENAI_ORG_ID like the SDK does, for OpenAI only', async () => {
    const env = { OPENAI_ORG_ID: 'org-modeldesk', OPENAI_BASE_URL: emulator().baseURLs.openai };
    await createAdapter({ id: 'openai', kind: 'openai', apiKey: KEYS.openai }, env).complete({
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(chatRequests(emulator()).at(-1)?.headers['openai-organization']).toBe('org-modeldesk');
    await createAdapter(
      { id: 'vllm', kind: 'openai-compatible', preset: 'vllm', baseURL: emulator().baseURLs.openai },
      env,
    ).complete({ model: 'qwen', messages: [{ role: 'user', content: 'hi' }] });
    expect(chatRequests(emulator()).at(-1)?.headers).not.toHaveProperty('openai-organization');
  });
});

describe('OpenAI answers', () => {
  const ask: ChatRequest = { model: 'gpt-4.1', messages: [{ role: 'user', content: 'Do the thing' }] };

  it('marks a refusal as such, with its text, in one body and streamed', async () => {
    const refusal = { refusal: "I'm sorry, I can't help with that." };
    emulator().script({ reply: refusal }, { reply: refusal });
    const adapter = createAdapter(config(), {});
    const whole = await adapter.complete(ask);
    expect(whole).toMatchObject({ finishReason: 'refusal', rawFinishReason: 'stop', text: refusal.refusal });
    const streamed = finalResponse(await collect(adapter.stream(ask)));
    expect(streamed).toMatchObject({
      finishReason: 'refusal',
      rawFinishReason: 'stop',
      text: refusal.refusal,
    });
  });

  it('maps length and content_filter finish reasons, keeping the raw value', async () => {
    emulator().script(
      { reply: { text: 'Once upon a', finishReason: 'length' } },
      { reply: { text: '', finishReason: 'content_filter' } },
    );
    const adapter = createAdapter(config(), {});
    expect(await adapter.complete(ask)).toMatchObject({ finishReason: 'length', rawFinishReason: 'length' });
    const filtered = finalResponse(await collect(adapter.stream(ask)));
    expect(filtered).toMatchObject({ finishReason: 'content_filter', rawFinishReason: 'content_filter' });
  });

  it('tells a used-up quota (429 insufficient_quota) apart from a rate limit: not retryable', async () => {
    emulator().script({
      fault: {
        kind: 'status',
        status: 429,
        errorType: 'insufficient_quota',
        message: 'You exceeded your current quota, please check your plan and billing details.',
      },
    });
    const error = await createAdapter(config(), {})
      .complete(ask)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'rate_limit', retryable: false, providerCode: 'insufficient_quota' });
    expect((error as ProviderError).action).toMatch(/credit/);
  });

  it('uses a per-call key (key rotation) in place of a missing one, and scrubs it from errors', async () => {
    const rotated = 'sk-proj-rotatedKeyForThisCall98765';
    const keyless = createAdapter({ id: 'openai', kind: 'openai', baseURL: emulator().baseURLs.openai }, {});
    await keyless.complete(ask, { apiKey: rotated });
    expect(chatRequests(emulator()).at(-1)?.headers['authorization']).toBe('Bearer ****8765');
    emulator().script({ fault: { kind: 'status', status: 401, message: `Bad key ${rotated}` } });
    const error = await keyless.complete(ask, { apiKey: rotated }).catch((e: unknown) => e);
    expect(JSON.stringify((error as ProviderError).toInfo())).not.toContain(rotated);
    expect(await keyless.complete(ask).catch((e: unknown) => e)).toMatchObject({ kind: 'unconfigured' });
  });
});
