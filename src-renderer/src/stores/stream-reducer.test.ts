import { describe, expect, it } from 'vitest';
import type { ChatStreamBatch, ChatStreamEvent } from '@contract/bridge';
import type { Message } from '@contract/conversations';
import { acknowledgements, applyBatches, statusOf, type LiveStreams } from './stream-reducer';

const batch = (
  seq: number,
  events: ChatStreamEvent[],
  ids = { streamId: 's1', messageId: 'm1' },
): ChatStreamBatch => ({
  ...ids,
  conversationId: 'c1',
  seq,
  events,
});

const message: Message = {
  id: 'm1',
  conversationId: 'c1',
  role: 'assistant',
  text: 'Hello world',
  attachments: [],
  createdAt: 1,
  status: 'complete',
};

describe('applyBatches', () => {
  it('appends text across batches and follows the status', () => {
    let state: LiveStreams = {};
    state = applyBatches(state, [
      batch(0, [
        { type: 'status', phase: 'connecting' },
        { type: 'model', model: 'openai:gpt-4.1', provider: 'openai' },
      ]),
    ]);
    expect(state.m1).toMatchObject({ phase: 'connecting', text: '', model: 'openai:gpt-4.1' });
    state = applyBatches(state, [
      batch(1, [{ type: 'text', text: 'Hello' }]),
      batch(2, [{ type: 'text', text: ' world' }]),
    ]);
    expect(state.m1).toMatchObject({ phase: 'streaming', text: 'Hello world', seq: 2 });
  });

  it('drops carriage returns so block offsets hold', () => {
    const state = applyBatches({}, [batch(0, [{ type: 'text', text: 'a\r\n\r\nb\r' }])]);
    expect(state.m1!.text).toBe('a\n\nb');
  });

  it('ignores a batch it has already applied', () => {
    const once = applyBatches({}, [batch(0, [{ type: 'text', text: 'x' }])]);
    const twice = applyBatches(once, [batch(0, [{ type: 'text', text: 'x' }])]);
    expect(twice.m1!.text).toBe('x');
  });

  it('shows a retry with its countdown, clears it when text flows, and lists fallbacks', () => {
    const error = { kind: 'rate_limit' as const, message: '429', retryable: true };
    let state = applyBatches({}, [
      batch(0, [
        {
          type: 'retry',
          attempt: 2,
          maxAttempts: 4,
          delayMs: 3000,
          untilMs: 5000,
          provider: 'anthropic',
          model: 'claude',
          error,
        },
      ]),
    ]);
    expect(state.m1).toMatchObject({ phase: 'rate-limited', retry: { attempt: 2, untilMs: 5000 } });
    state = applyBatches(state, [
      batch(1, [
        { type: 'fallback', from: 'anthropic:a', to: 'openai:b', reason: 'overloaded' },
        { type: 'text', text: 'Hi' },
      ]),
    ]);
    expect(state.m1!.retry).toBeUndefined();
    expect(state.m1!.fallbacks).toEqual([{ from: 'anthropic:a', to: 'openai:b', reason: 'overloaded' }]);
  });

  it('keeps the stored message on done and the error on error', () => {
    const done = applyBatches({}, [
      batch(0, [
        { type: 'text', text: 'Hello world' },
        { type: 'done', message },
      ]),
    ]);
    expect(done.m1).toMatchObject({ phase: 'done', final: message });
    const error = { kind: 'server' as const, message: 'boom', retryable: true };
    const failed = applyBatches({}, [
      batch(0, [{ type: 'error', error, message: { ...message, status: 'error' } }]),
    ]);
    expect(failed.m1).toMatchObject({ phase: 'error', error });
  });

  it('keeps streams of different messages apart and returns the same state for no batches', () => {
    const state = applyBatches({}, [
      batch(0, [{ type: 'text', text: 'a' }]),
      batch(0, [{ type: 'text', text: 'b' }], { streamId: 's2', messageId: 'm2' }),
    ]);
    expect(state.m1!.text).toBe('a');
    expect(state.m2!.text).toBe('b');
    expect(applyBatches(state, [])).toBe(state);
  });
});

describe('acknowledgements', () => {
  it('acknowledges the highest sequence number of each stream', () => {
    const acks = acknowledgements([
      batch(3, []),
      batch(5, []),
      batch(4, []),
      batch(1, [], { streamId: 's2', messageId: 'm2' }),
    ]);
    expect([...acks]).toEqual([
      ['s1', 5],
      ['s2', 1],
    ]);
  });
});

describe('statusOf', () => {
  const usage = {
    input: { uncached: 1, cacheRead: 0, cacheWrite: 0 },
    output: { text: 1, reasoning: 0 },
    source: 'partial' as const,
  };

  it('stays the same object while only the text, the sequence or usage changed (no render for them)', () => {
    let state: LiveStreams = applyBatches({}, [batch(0, [{ type: 'text', text: 'Hel' }])]);
    const first = statusOf(state.m1!);
    expect(first.hasText).toBe(true);
    expect(first).not.toHaveProperty('text');
    state = applyBatches(state, [
      batch(1, [
        { type: 'text', text: 'lo' },
        { type: 'usage', usage },
      ]),
    ]);
    expect(state.m1!.text).toBe('Hello');
    expect(statusOf(state.m1!, first)).toBe(first);
  });

  it('is a new object when something the view shows changed: the first text, a retry, a fallback, the end', () => {
    let state: LiveStreams = applyBatches({}, [batch(0, [{ type: 'status', phase: 'connecting' }])]);
    let status = statusOf(state.m1!);
    expect(status.hasText).toBe(false);
    const steps: ChatStreamEvent[][] = [
      [{ type: 'text', text: 'Hi' }],
      [{ type: 'fallback', from: 'a:x', to: 'b:y', reason: 'overloaded' }],
      [{ type: 'thinking', text: 'hmm' }],
      [{ type: 'done', message }],
    ];
    steps.forEach((events, i) => {
      state = applyBatches(state, [batch(i + 1, events)]);
      const next = statusOf(state.m1!, status);
      expect(next).not.toBe(status);
      status = next;
    });
    expect(status.final).toBe(message);
  });
});
