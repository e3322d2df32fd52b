/**
 * Requests that cannot succeed fail before anything is sent, with a message naming what to change. Each case
 * goes through a real adapter; the emulator must record nothing.
 */
import { describe, expect, it } from 'vitest';
import { createAdapter } from './registry';
import { KEYS, PNG_2x1, collect, useEmulator } from './test-helpers';
import type { ChatRequest } from './types';

const emulator = useEmulator();
const openai = () =>
  createAdapter(
    { id: 'openai', kind: 'openai', baseURL: emulator().baseURLs.openai, apiKey: KEYS.openai },
    {},
  );

const user = (content: string) => ({ role: 'user' as const, content });
const image = {
  type: 'image' as const,
  source: { kind: 'bytes' as const, data: PNG_2x1, mediaType: 'image/png' as const },
};
const base: ChatRequest = { model: 'gpt-4.1', messages: [user('hi')] };

const CASES: Array<[string, ChatRequest, RegExp]> = [
  ['no messages', { ...base, messages: [] }, /no messages\. Write a message/],
  [
    'only a system prompt',
    { ...base, messages: [{ role: 'system', content: 'Be kind.' }] },
    /only a system prompt\. Add a user message/,
  ],
  [
    'an empty user message',
    { ...base, messages: [user('  ')] },
    /Message 1 \(user\) is empty\. Write something or remove it/,
  ],
  ['no model', { ...base, model: '' }, /No model was chosen/],
  [
    'a temperature out of range',
    { ...base, temperature: 2.5 },
    /Temperature 2\.5 is out of range; use a value from 0 to 2/,
  ],
  ['a negative temperature', { ...base, temperature: -0.1 }, /Temperature -0\.1 is out of range/],
  ['top_p out of range', { ...base, topP: 1.5 }, /top_p 1\.5 is out of range/],
  ['a fractional output limit', { ...base, maxOutputTokens: 10.5 }, /Max output tokens 10\.5 is not valid/],
  [
    'too many stop sequences',
    { ...base, stop: ['a', 'b', 'c', 'd', 'e'] },
    /5 stop sequences were given; this provider accepts at most 4/,
  ],
  [
    'a thinking budget for OpenAI',
    { ...base, reasoning: { budgetTokens: 2000 } },
    /takes a reasoning effort .* not a thinking budget/,
  ],
  [
    'a bad tool name',
    { ...base, tools: [{ name: 'get weather!', parameters: { type: 'object' } }] },
    /Tool name "get weather!" is not valid/,
  ],
  [
    'two tools with one name',
    {
      ...base,
      tools: [
        { name: 'a', parameters: {} },
        { name: 'a', parameters: {} },
      ],
    },
    /Two tools are named "a"/,
  ],
  [
    'a tool choice without tools',
    { ...base, toolChoice: 'required' },
    /tool choice was given without any tools/,
  ],
  [
    'a tool choice naming an unknown tool',
    { ...base, tools: [{ name: 'a', parameters: {} }], toolChoice: { name: 'b' } },
    /names "b", which is not among the tools/,
  ],
  [
    'a tool result without its call',
    {
      ...base,
      messages: [
        user('hi'),
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_x', content: '1' }] },
      ],
    },
    /answers tool call "call_x", which no earlier assistant message made/,
  ],
  [
    'an image for a model declared without vision',
    {
      ...base,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'see' }, image] }],
      modelCapabilities: { vision: false },
    },
    /gpt-4\.1 cannot see images\. Pick a model with vision, or remove the images/,
  ],
  [
    'tools for a model declared without tools',
    { ...base, tools: [{ name: 'a', parameters: {} }], modelCapabilities: { tools: false } },
    /cannot call tools/,
  ],
  [
    'a schema for a model declared without structured output',
    {
      ...base,
      responseFormat: { type: 'json_schema', name: 'x', schema: {} },
      modelCapabilities: { structuredOutput: false },
    },
    /does not support structured output/,
  ],
  [
    'a file that is not an image',
    {
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'image',
              source: { kind: 'bytes', data: Uint8Array.from([1, 2, 3, 4]), mediaType: 'image/png' },
            },
          ],
        },
      ],
    },
    /Image 1 is not a PNG, JPEG, GIF or WebP image/,
  ],
];

describe('request validation', () => {
  it.each(CASES)('refuses %s before sending', async (_name, request, message) => {
    const error = await openai()
      .complete(request)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'bad_request',
      retryable: false,
      message: expect.stringMatching(message),
    });
    const events = await collect(openai().stream(request));
    expect(events).toEqual([
      expect.objectContaining({ type: 'error', error: expect.objectContaining({ kind: 'bad_request' }) }),
    ]);
    expect(emulator().requests).toHaveLength(0);
  });

  it('lets an image through when vision is declared or unknown', async () => {
    const request: ChatRequest = {
      ...base,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'see' }, image] }],
    };
    await openai().complete({ ...request, modelCapabilities: { vision: true } });
    await openai().complete(request);
    expect(emulator().requests).toHaveLength(2);
  });
});
