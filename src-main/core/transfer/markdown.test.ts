import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '@contract/conversations';
import { emptyUsage } from '@contract/usage';
import { closeOpenFence, conversationToMarkdown, fenced, fenceFor } from './markdown';

const conversation: Conversation = {
  id: 'c1',
  title: 'Fences # and *stars*',
  createdAt: Date.UTC(2026, 0, 2, 14, 3),
  updatedAt: Date.UTC(2026, 0, 2, 14, 5),
  messageCount: 3,
  costMicros: 4200,
  costUnknown: true,
};

const usage = {
  ...emptyUsage(),
  input: { uncached: 100, cacheRead: 0, cacheWrite: 0 },
  output: { text: 40, reasoning: 0 },
};

function msg(role: Message['role'], text: string, extra: Partial<Message> = {}): Message {
  return {
    id: `${role}-${text.length}`,
    conversationId: 'c1',
    role,
    text,
    attachments: [],
    createdAt: conversation.createdAt,
    status: 'complete',
    ...extra,
  };
}

const codeTokens = (markdown: string) =>
  marked
    .lexer(markdown)
    .filter(
      (t): t is ReturnType<typeof marked.lexer>[number] & { type: 'code'; text: string } => t.type === 'code',
    );

describe('fences', () => {
  it('are longer than any run of backticks inside', () => {
    expect(fenceFor('plain')).toBe('```');
    expect(fenceFor('has ``` inside')).toBe('````');
    expect(fenceFor('has ````` five')).toBe('``````');
    const text = 'a\n```js\nx\n```\nb';
    const [token] = codeTokens(fenced(text, 'md'));
    expect(token?.text).toBe(text);
  });

  it('close a code block an answer left open, so it cannot swallow what follows', () => {
    expect(closeOpenFence('intro\n```py\nprint(1)')).toBe('intro\n```py\nprint(1)\n```');
    expect(closeOpenFence('````\n```\nx\n```')).toBe('````\n```\nx\n```\n````');
    expect(closeOpenFence('done\n```\nx\n```\n')).toBe('done\n```\nx\n```\n');
    expect(closeOpenFence('~~~\nx')).toBe('~~~\nx\n~~~');
  });
});

describe('a conversation as Markdown', () => {
  const messages = [
    msg('user', 'Show me a fence in a fence:'),
    msg('assistant', 'Here:\n\n````markdown\n```js\nconsole.log(1)\n```\n````', {
      model: 'openai:gpt-4.1',
      usage,
      costMicros: 4200,
      thinking: 'They want ``` inside.',
    }),
    msg('assistant', 'Cut off:\n```python\nprint("never closed")', {
      model: 'openai:imported',
      costMicros: null,
      status: 'interrupted',
    }),
    msg('user', 'Next question', {
      attachments: [
        {
          hash: 'a'.repeat(64),
          mediaType: 'image/png',
          width: 4,
          height: 4,
          bytes: 10,
          name: 'shot [1].png',
        },
      ],
    }),
  ];
  const markdown = conversationToMarkdown(conversation, messages, {
    modelName: (ref) => (ref === 'openai:gpt-4.1' ? 'GPT-4.1' : ref),
    images: 'files',
    imageTarget: (a) => `images/${a.hash}.png`,
    costs: true,
    timeZone: 'UTC',
  });

  it('has a heading per message with role, model and time, escaped titles, and images beside it', () => {
    expect(markdown).toContain('# Fences \\# and \\*stars\\*');
    expect(markdown).toContain('## You · 2026-01-02, 14:03');
    expect(markdown).toContain('## Assistant · GPT-4.1 · 2026-01-02, 14:03');
    expect(markdown).toContain(`![shot  1 .png](images/${'a'.repeat(64)}.png)`);
    expect(markdown).toContain('*This answer is incomplete (interrupted).*');
  });

  it('keeps every code block intact and every heading outside code', () => {
    const tokens = marked.lexer(markdown);
    const headings = tokens.filter((t) => t.type === 'heading').map((t) => (t as { text: string }).text);
    expect(headings).toEqual([
      'Fences \\# and \\*stars\\*',
      'You · 2026-01-02, 14:03',
      'Assistant · GPT-4.1 · 2026-01-02, 14:03',
      'Assistant · openai:imported · 2026-01-02, 14:03',
      'You · 2026-01-02, 14:03',
      'Costs',
    ]);
    const code = codeTokens(markdown).map((t) => t.text);
    expect(code).toContain('They want ``` inside.');
    expect(code).toContain('```js\nconsole.log(1)\n```');
    expect(code).toContain('print("never closed")');
  });

  it('ends with the costs when asked: each answer, unknown stays unknown, and a total that says so', () => {
    expect(markdown).toContain('| 1 | GPT-4.1 | 100 in · 40 out | $0.0042 |');
    expect(markdown).toContain('| 2 | openai:imported | — | unknown |');
    expect(markdown).toContain('**Total: at least $0.0042 (1 call of unknown cost)**');
    const without = conversationToMarkdown(conversation, messages, {
      modelName: (r) => r,
      images: 'embedded',
      imageTarget: () => 'data:image/png;base64,AAAA',
      costs: false,
    });
    expect(without).not.toContain('## Costs');
    expect(without).toContain('(data:image/png;base64,AAAA)');
  });

  it('marks a cost that holds an estimate, as the chat does (a cut answer)', () => {
    const cut = msg('assistant', 'Half an ans', {
      model: 'openai:gpt-4.1',
      usage: { ...usage, source: 'estimated' },
      costMicros: 4200,
      status: 'interrupted',
    });
    const text = conversationToMarkdown(conversation, [cut], {
      modelName: (r) => r,
      images: 'files',
      imageTarget: () => '',
      costs: true,
    });
    expect(text).toContain('| ≈$0.0042 |');
  });
});
