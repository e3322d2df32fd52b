import { describe, expect, it } from 'vitest';
import { TransferError } from '../errors';
import { conversationsOf } from '../source-file';
import { jsonEntries, type JsonEntry } from '../json-entries';
import { chatboxExport, chatboxOldExport } from '../testing/samples';
import { chatboxModelId, chatboxSource } from './chatbox';
import type { ImportedConversation } from './types';

async function read(data: unknown) {
  const bytes = Buffer.from(JSON.stringify(data));
  const top = new Map<string, JsonEntry>();
  for (const e of jsonEntries(bytes, { maxDepth: 64 })) top.set(String(e.key), e);
  const source = chatboxSource(bytes, top, { tick: async () => {} });
  const out: ImportedConversation[] = [];
  for await (const c of conversationsOf(source)) out.push(c);
  return { label: source.label, conversations: out, notes: source.notes.list() };
}

describe('Chatbox exported data', () => {
  it('reads the session-per-key layout: earlier threads first, models, usage, reasoning, system prompt', async () => {
    const { label, conversations, notes } = await read(chatboxExport());
    expect(label).toBe('Chatbox exported data (configVersion 14)');
    expect(conversations).toHaveLength(1);
    const [trip] = conversations;
    expect(trip!.sourceKey).toBe('chatbox:b5b1c1e2-1111-4e8a-9c59-000000000001');
    expect(trip!.title).toBe('Trip to Lisbon');
    expect(trip!.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'Is Lisbon hilly?'],
      ['assistant', 'Very.'],
      ['system', 'You are a helpful travel assistant.'],
      ['user', 'Plan two days in Lisbon.'],
      ['assistant', 'Day 1: Alfama. Day 2: Belém.'],
    ]);
    const answer = trip!.messages[4]!;
    expect(answer.model).toBe('anthropic:claude-3-5-sonnet-20241022');
    expect(trip!.messages[1]!.model).toBe('openai:gpt-4o-mini');
    expect(answer.thinking).toBe('Two days: Alfama, Belém.');
    expect(answer.usage).toEqual({
      input: { uncached: 100, cacheRead: 20, cacheWrite: 0 },
      output: { text: 50, reasoning: 10 },
      source: 'reported',
    });
    expect(trip!.messages[3]!.images).toEqual([{ kind: 'missing' }]);
    expect(notes).toEqual(
      expect.arrayContaining([
        '1 × image-generation session left out',
        '1 × earlier thread of a session imported before its current messages',
        '1 × alternative answer (fork) not chosen in Chatbox left out',
        '1 × image Chatbox keeps outside its export (marked where it was)',
      ]),
    );
  });

  it('reads the older layout (chat-sessions, content strings)', async () => {
    const { label, conversations } = await read(chatboxOldExport());
    expect(label).toBe('Chatbox exported data (configVersion 5)');
    expect(conversations[0]!.messages.map((m) => [m.role, m.text, m.model])).toEqual([
      ['user', 'Hello from 2023', undefined],
      ['assistant', 'Hi!', 'openai:gpt-3.5-turbo'],
    ]);
    // tokensUsed is one total: it cannot be split into input and output, so it is not usage.
    expect(conversations[0]!.messages[1]!.usage).toBeUndefined();
  });

  it('takes the model id out of Chatbox\'s "Provider (model)" label', () => {
    expect(chatboxModelId('OpenAI API (gpt-4o)')).toBe('gpt-4o');
    expect(chatboxModelId('llama3.1:8b')).toBe('llama3.1:8b');
  });

  it('refuses sessions of the wrong shape, naming them', async () => {
    const data = chatboxExport();
    data['session:b5b1c1e2-1111-4e8a-9c59-000000000001'] = { id: 'x', messages: 'nope' };
    await expect(read(data)).rejects.toThrow(TransferError);
    await expect(read(data)).rejects.toThrow(/Session 1 is not a Chatbox session \(messages/);
    const list = chatboxExport();
    list['chat-sessions-list'] = { id: 1 };
    await expect(read(list)).rejects.toThrow(/chat-sessions-list is not a list/);
  });
});
