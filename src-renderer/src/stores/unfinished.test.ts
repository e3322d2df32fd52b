import { describe, expect, it } from 'vitest';
import type { Message } from '@contract/conversations';
import type { LiveStream } from './stream-reducer';
import { unfinishedWithoutStream } from './unfinished';

const msg = (id: string, status: Message['status']): Message => ({
  id,
  conversationId: 'c',
  role: 'assistant',
  text: '',
  attachments: [],
  createdAt: 1,
  status,
});

const live = (messageId: string): LiveStream => ({
  streamId: `s-${messageId}`,
  conversationId: 'c',
  messageId,
  text: '',
  thinking: '',
  phase: 'streaming',
  fallbacks: [],
  toolCalls: [],
  roundStarts: [],
  seq: 0,
});

describe('unfinishedWithoutStream', () => {
  it('lists the answers still streaming in storage that no live stream of this window covers', () => {
    const messages = [
      msg('a', 'complete'),
      msg('b', 'streaming'),
      msg('c', 'streaming'),
      msg('d', 'stopped'),
    ];
    expect(unfinishedWithoutStream(messages, { c: live('c') }).map((m) => m.id)).toEqual(['b']);
  });

  it('is empty when every streaming answer is followed live', () => {
    expect(unfinishedWithoutStream([msg('b', 'streaming')], { b: live('b') })).toEqual([]);
  });
});
