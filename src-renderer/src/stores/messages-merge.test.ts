import { describe, expect, it } from 'vitest';
import type { Message } from '@contract/conversations';
import { mergeMessages, messageChanged, upsertMessages } from './messages-merge';

const msg = (id: string, text: string, extra: Partial<Message> = {}): Message => ({
  id,
  conversationId: 'c',
  role: 'assistant',
  text,
  attachments: [],
  createdAt: 1,
  status: 'complete',
  ...extra,
});

describe('mergeMessages', () => {
  it('reuses the previous objects for unchanged messages, and the previous array when nothing changed', () => {
    const previous = [msg('a', 'one'), msg('b', 'two')];
    const same = mergeMessages(previous, [msg('a', 'one'), msg('b', 'two')]);
    expect(same).toBe(previous);
    const next = mergeMessages(previous, [msg('a', 'one'), msg('b', 'two!'), msg('c', 'three')]);
    expect(next[0]).toBe(previous[0]);
    expect(next[1]).not.toBe(previous[1]);
    expect(next.map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('notices changes in cost, usage and status', () => {
    expect(messageChanged(msg('a', 'x'), msg('a', 'x', { costMicros: 10 }))).toBe(true);
    expect(messageChanged(msg('a', 'x'), msg('a', 'x', { status: 'stopped' }))).toBe(true);
    const usage = {
      input: { uncached: 1, cacheRead: 0, cacheWrite: 0 },
      output: { text: 1, reasoning: 0 },
      source: 'reported' as const,
    };
    expect(messageChanged(msg('a', 'x', { usage }), msg('a', 'x', { usage: { ...usage } }))).toBe(false);
    expect(
      messageChanged(msg('a', 'x', { usage }), msg('a', 'x', { usage: { ...usage, source: 'partial' } })),
    ).toBe(true);
  });

  it('drops messages that are gone', () => {
    const previous = [msg('a', '1'), msg('b', '2')];
    expect(mergeMessages(previous, [msg('b', '2')])).toEqual([previous[1]]);
  });
});

describe('upsertMessages', () => {
  it('replaces what changed, keeps what did not, appends what is new, and keeps the array when nothing changed', () => {
    const previous = [msg('a', 'one'), msg('b', 'placeholder', { status: 'streaming' })];
    expect(upsertMessages(previous, [msg('a', 'one')])).toBe(previous);
    expect(upsertMessages(previous, [])).toBe(previous);
    const next = upsertMessages(previous, [msg('c', 'three'), msg('b', 'two'), msg('d', 'four')]);
    expect(next.map((m) => [m.id, m.text])).toEqual([
      ['a', 'one'],
      ['b', 'two'],
      ['c', 'three'],
      ['d', 'four'],
    ]);
    expect(next[0]).toBe(previous[0]);
    expect(previous.map((m) => m.text)).toEqual(['one', 'placeholder']);
  });
});
