/**
 * A tool loop's rounds over the wire, through the adapters and the official SDKs, against the emulator: the model
 * asks for tools (parallel calls), the results go back in each provider's format (Anthropic `tool_result`
 * blocks in a user turn, OpenAI `tool` messages), and the emulator's next round quotes the results it received,
 * so a test can prove the answer used them. Streamed and in one body.
 */
import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest, ToolCallPart } from './types';
import { PROVIDER_CASES, adapterFor, collect, useEmulator } from './test-helpers';

const emulator = useEmulator();

const TOOLS = [
  {
    name: 'read_file',
    description: 'Reads a file',
    parameters: { type: 'object', properties: { path: { type: 'string' } } },
  },
  { name: 'list_dir', parameters: { type: 'object', properties: {} } },
];

const CASES = PROVIDER_CASES.filter((c) => c.name === 'anthropic' || c.name === 'openai');

describe.each(CASES)('$name: tool rounds', (testCase) => {
  it.each([false, true])('round two quotes the tool results it was sent (stream: %s)', async (stream) => {
    const emu = emulator();
    emu.script(
      {
        match: { toolResults: false, promptIncludes: 'notes' },
        reply: {
          text: 'Let me look.',
          toolCalls: [
            { name: 'read_file', arguments: { path: '/tmp/notes.txt' } },
            { name: 'list_dir', arguments: {} },
          ],
        },
      },
      {
        match: { toolResults: true, toolResultIncludes: 'PELICAN' },
        reply: { quoteToolResult: { before: 'The tools said: ', after: ' That is all.' } },
      },
    );
    const adapter = adapterFor(testCase, emu);
    const ask = (messages: ChatMessage[]): ChatRequest => ({ model: testCase.model, messages, tools: TOOLS });
    const first: ChatMessage[] = [{ role: 'user', content: 'What do my notes say?' }];
    const round1 = stream
      ? (await collect(adapter.stream(ask(first)))).flatMap((e) =>
          e.type === 'finish' ? [e.response] : [],
        )[0]
      : await adapter.complete(ask(first));
    if (!round1) throw new Error('no first round');
    expect(round1.finishReason).toBe('tool_calls');
    const calls = round1.content.filter((p): p is ToolCallPart => p.type === 'tool-call');
    expect(calls.map((c) => [c.name, c.arguments])).toEqual([
      ['read_file', { path: '/tmp/notes.txt' }],
      ['list_dir', {}],
    ]);
    const second: ChatMessage[] = [
      ...first,
      { role: 'assistant', content: round1.content },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: calls[0]?.id ?? '', content: 'The launch code is PELICAN-42.' },
          { type: 'tool-result', toolCallId: calls[1]?.id ?? '', content: 'notes.txt', isError: false },
        ],
      },
    ];
    const round2 = stream
      ? (await collect(adapter.stream(ask(second)))).flatMap((e) =>
          e.type === 'finish' ? [e.response] : [],
        )[0]
      : await adapter.complete(ask(second));
    expect(round2?.text).toBe('The tools said: The launch code is PELICAN-42.\nnotes.txt That is all.');
    expect(round2?.finishReason).toBe('stop');

    const sent = emu.requests.at(-1)?.body as { messages: Array<Record<string, unknown>> };
    if (testCase.name === 'anthropic') {
      const last = sent.messages.at(-1) as { role: string; content: Array<Record<string, unknown>> };
      expect(last.role).toBe('user');
      expect(last.content.map((b) => [b.type, b.tool_use_id])).toEqual([
        ['tool_result', calls[0]?.id],
        ['tool_result', calls[1]?.id],
      ]);
      const assistant = sent.messages.at(-2) as { content: Array<Record<string, unknown>> };
      expect(assistant.content.map((b) => b.type)).toEqual(['text', 'tool_use', 'tool_use']);
    } else {
      expect(sent.messages.slice(-2)).toEqual([
        { role: 'tool', tool_call_id: calls[0]?.id, content: 'The launch code is PELICAN-42.' },
        { role: 'tool', tool_call_id: calls[1]?.id, content: 'notes.txt' },
      ]);
      const assistant = sent.messages.at(-3) as { tool_calls: unknown[] };
      expect(assistant.tool_calls).toHaveLength(2);
    }
  });

  it('a request without tool results quotes none, and is not matched as a follow-up', async () => {
    const emu = emulator();
    emu.script(
      { match: { toolResults: true }, reply: { text: 'wrong rule' } },
      { match: { toolResults: false }, reply: { quoteToolResult: { before: 'Got: ' } } },
    );
    const response = await adapterFor(testCase, emu).complete({
      model: testCase.model,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(response.text).toBe('Got: (no tool result)');
  });
});
