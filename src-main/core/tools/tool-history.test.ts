import { describe, expect, it } from 'vitest';
import type { ToolCallRecord } from '@contract/tools';
import { toolRoundMessages } from './tool-history';

const call = (over: Partial<ToolCallRecord>): ToolCallRecord => ({
  id: 'c1',
  round: 1,
  name: 'files__read_text_file',
  arguments: '{"path":"/tmp/a"}',
  state: 'done',
  result: 'hello',
  isError: false,
  ...over,
});

describe('an answer with tools, replayed in later turns', () => {
  it('gives each round’s text and calls, what each call told the model, then the final text', () => {
    const messages = toolRoundMessages({
      text: 'Let me look.It says hello.',
      roundTexts: ['Let me look.', 'It says hello.'],
      toolCalls: [
        call({}),
        call({ id: 'c2', state: 'denied', result: 'The user denied this tool call.', isError: true }),
      ],
    });
    expect(messages).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me look.' },
          {
            type: 'tool-call',
            id: 'c1',
            name: 'files__read_text_file',
            arguments: { path: '/tmp/a' },
            rawArguments: '{"path":"/tmp/a"}',
          },
          {
            type: 'tool-call',
            id: 'c2',
            name: 'files__read_text_file',
            arguments: { path: '/tmp/a' },
            rawArguments: '{"path":"/tmp/a"}',
          },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'c1', content: 'hello', isError: false },
          {
            type: 'tool-result',
            toolCallId: 'c2',
            content: 'The user denied this tool call.',
            isError: true,
          },
        ],
      },
      { role: 'assistant', content: 'It says hello.' },
    ]);
  });

  it('is null for an answer without tools, and fills in a call cut off by a crash', () => {
    expect(toolRoundMessages({ text: 'Hi' })).toBeNull();
    const messages = toolRoundMessages({
      text: '',
      toolCalls: [call({ state: 'running', result: undefined, isError: undefined, argumentsCut: true })],
    });
    expect(messages?.[0]).toMatchObject({
      content: [{ type: 'tool-call', arguments: {}, rawArguments: '{}' }],
    });
    expect(messages?.[1]).toMatchObject({
      content: [{ content: 'The call did not finish (Modeldesk stopped).', isError: true }],
    });
  });
});
