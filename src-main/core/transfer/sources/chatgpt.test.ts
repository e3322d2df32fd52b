import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { TransferError } from '../errors';
import { conversationsOf } from '../source-file';
import { CHATGPT_IMAGE_NAME, chatGptConversations, CODE_WITH_FENCE } from '../testing/samples';
import { AssetIndex, chatGptSource, flattenConversation } from './chatgpt';
import { ImportNotes, type ImportedConversation } from './types';

const tick = async () => {};

async function all(bytes: Buffer, assets: AssetIndex | null = null) {
  const source = chatGptSource(bytes, { assets, tick });
  const out: ImportedConversation[] = [];
  for await (const c of conversationsOf(source)) out.push(c);
  return { conversations: out, notes: source.notes.list() };
}

describe('ChatGPT conversations.json', () => {
  it('flattens the branch from the root to current_node, leaving edits and regenerations out', async () => {
    const { conversations, notes } = await all(Buffer.from(JSON.stringify(chatGptConversations())));
    const [monads] = conversations;
    expect(monads!.sourceKey).toBe('chatgpt:6751a0b2-0000-4000-8000-000000000001');
    expect(monads!.title).toBe('Monads, explained');
    expect(monads!.messages.map((m) => [m.role, m.text.split('\n')[0]])).toEqual([
      ['user', 'Explain a monad to a Python programmer.'],
      ['assistant', 'Think of it as a chainable container.'],
      ['user', 'Show me code.'],
      ['assistant', 'Here:'],
    ]);
    expect(monads!.messages[1]!.model).toBe('openai:gpt-4o');
    expect(monads!.messages[0]!.createdAt).toBe((1_735_000_000 + 50) * 1000);
    expect(notes).toContain('2 × edited or regenerated branch not chosen in ChatGPT left out');
    expect(notes).toContain('2 × system or hidden message left out');
  });

  it('keeps code intact (fences inside fences) and folds code, quotes and the answer into one turn', async () => {
    const { conversations, notes } = await all(Buffer.from(JSON.stringify(chatGptConversations())));
    const code = marked.lexer(conversations[0]!.messages[3]!.text).find((t) => t.type === 'code') as {
      text: string;
    };
    expect(code.text).toBe(CODE_WITH_FENCE);
    const square = conversations[1]!;
    expect(square.messages).toHaveLength(2);
    const answer = square.messages[1]!;
    expect(answer.text).toContain('```python\nanalyse("square.png")\n```');
    expect(answer.text).toContain(
      'Quoted from [Colours](https://example.org/colours):\n\n> Grey is between black and white.',
    );
    expect(answer.text).toMatch(/It is grey\.$/);
    expect(notes).toContain('1 × tool output (browsing, code run) left out');
  });

  it('finds an uploaded image in the export by its file id, and says so when only the JSON was given', async () => {
    const bytes = Buffer.from(JSON.stringify(chatGptConversations()));
    const withZip = await all(
      bytes,
      new AssetIndex(['chat.html', CHATGPT_IMAGE_NAME, 'dalle-generations/file-Other-x.webp']),
    );
    expect(withZip.conversations[1]!.messages[0]!.images).toEqual([
      { kind: 'zip-entry', entry: CHATGPT_IMAGE_NAME, name: CHATGPT_IMAGE_NAME },
    ]);
    const alone = await all(bytes);
    expect(alone.conversations[1]!.messages[0]!.images).toEqual([{ kind: 'missing' }]);
    expect(alone.notes).toContain('1 × image left out (import the whole .zip to bring images)');
  });

  it('follows current_node wherever it points (or the latest answers without one); same file, same hash', async () => {
    const [first] = chatGptConversations() as Array<Record<string, unknown>>;
    const onFirstBranch = flattenConversation(
      { ...first, current_node: 'msg-4' },
      0,
      null,
      new ImportNotes(),
    );
    expect(onFirstBranch.messages.map((m) => m.text)).toEqual([
      'What is a monad?',
      'A burrito (first branch).',
    ]);
    expect(onFirstBranch.messages[1]!.model).toBe('openai:gpt-4');
    const noCurrent = flattenConversation({ ...first, current_node: undefined }, 0, null, new ImportNotes());
    const chosen = flattenConversation(first, 0, null, new ImportNotes());
    const again = flattenConversation(structuredClone(first), 0, null, new ImportNotes());
    expect(noCurrent.contentHash).toBe(chosen.contentHash);
    expect(again.contentHash).toBe(chosen.contentHash);
    expect(onFirstBranch.contentHash).not.toBe(chosen.contentHash);
  });

  describe('refuses a broken or hostile file, saying why', () => {
    const refusal = async (conversations: unknown) => {
      try {
        await all(
          Buffer.from(typeof conversations === 'string' ? conversations : JSON.stringify(conversations)),
        );
      } catch (error) {
        expect(error).toBeInstanceOf(TransferError);
        return (error as Error).message;
      }
      throw new Error('not refused');
    };

    it('a message tree that loops', async () => {
      const [first] = chatGptConversations() as Array<{ mapping: Record<string, { parent: string | null }> }>;
      first!.mapping.root!.parent = 'msg-9';
      expect(await refusal([first])).toMatch(/Conversation 1's message tree loops back on itself/);
    });

    it('a current_node or a parent that is not in the tree', async () => {
      const [first, second] = chatGptConversations() as Array<
        Record<string, unknown> & { mapping: Record<string, { parent: string | null }> }
      >;
      expect(await refusal([{ ...first, current_node: 'nowhere' }])).toMatch(
        /current_node names a message that is not in it/,
      );
      second!.mapping.a1!.parent = 'ghost';
      expect(await refusal([first, second])).toMatch(/Conversation 2 refers to a message that is not in it/);
    });

    it('values of the wrong type', async () => {
      expect(await refusal([{ title: 'x', mapping: 'not an object' }])).toMatch(
        /Conversation 1 is not a ChatGPT conversation \(mapping/,
      );
      expect(await refusal([{ title: 5, mapping: {} }])).toMatch(/title/);
      const [first] = chatGptConversations() as Array<{
        mapping: Record<string, { message: { content: unknown } | null }>;
      }>;
      first!.mapping['msg-3']!.message!.content = { content_type: 7 };
      expect(await refusal([first])).toMatch(/content_type/);
    });

    it('nesting far deeper than any export, and JSON that is cut short', async () => {
      expect(await refusal(`[${'['.repeat(500)}${']'.repeat(500)}]`)).toMatch(/nests deeper than 64 levels/);
      expect(await refusal(JSON.stringify(chatGptConversations()).slice(0, 500))).toMatch(/cut short/);
      expect(await refusal({ not: 'a list' })).toMatch(/not a list of conversations|object/);
    });
  });
});
