import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatStreamBatch, ChatStreamEvent } from '@contract/bridge';
import { STREAM_INTERVAL_MS } from '@contract/streaming';
import { StreamRelay } from './stream-relay';

function relay(options: { window?: number; ackTimeoutMs?: number; intervalMs?: number } = {}) {
  const sent: ChatStreamBatch[] = [];
  const saved: string[] = [];
  const r = new StreamRelay({
    streamId: 's',
    conversationId: 'c',
    messageId: 'm',
    send: (batch) => sent.push(batch),
    persist: (text) => saved.push(text),
    intervalMs: 16,
    ...options,
  });
  return { r, sent, saved };
}

/** The usage event that ends a round. */
const USAGE: ChatStreamEvent = {
  type: 'usage',
  usage: {
    input: { uncached: 1, cacheRead: 0, cacheWrite: 0 },
    output: { text: 3, reasoning: 0 },
    source: 'reported',
  },
};

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

describe('StreamRelay', () => {
  it('appends the deltas of a run in place, and starts a new event after another kind of event', () => {
    const { r, sent } = relay();
    for (let i = 0; i < 1000; i++) r.push({ type: 'text', text: 'x' });
    r.push({ type: 'thinking', text: 'a' });
    r.push({ type: 'thinking', text: 'b' });
    r.push({ type: 'text', text: 'y' });
    vi.advanceTimersByTime(16);
    expect(sent[0]?.events).toEqual([
      { type: 'text', text: 'x'.repeat(1000) },
      { type: 'thinking', text: 'ab' },
      { type: 'text', text: 'y' },
    ]);
    // The next frame's text is a new event: nothing already sent is changed.
    r.ack(0);
    r.push({ type: 'text', text: 'z' });
    vi.advanceTimersByTime(16);
    expect(sent[0]?.events[2]).toEqual({ type: 'text', text: 'y' });
    expect(sent[1]?.events).toEqual([{ type: 'text', text: 'z' }]);
  });

  it('joins the deltas of one frame into one batch, saved before it is sent', () => {
    const { r, sent, saved } = relay();
    for (const word of ['a', 'b', 'c']) r.push({ type: 'text', text: word });
    r.push(USAGE);
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(16);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.events.map((e) => e.type)).toEqual(['text', 'usage']);
    expect(sent[0]?.events[0]).toEqual({ type: 'text', text: 'abc' });
    expect(saved).toEqual(['abc']);
  });

  it('holds batches beyond the unacknowledged window, then sends what piled up as one', () => {
    const { r, sent } = relay({ window: 2, ackTimeoutMs: 10_000 });
    for (let i = 0; i < 2; i++) {
      r.push({ type: 'text', text: `${i}` });
      vi.advanceTimersByTime(16);
    }
    expect(sent.map((b) => b.seq)).toEqual([0, 1]);
    for (const t of ['x', 'y', 'z']) {
      r.push({ type: 'text', text: t });
      vi.advanceTimersByTime(16);
    }
    expect(sent).toHaveLength(2);
    r.ack(0);
    vi.advanceTimersByTime(0);
    expect(sent).toHaveLength(3);
    expect(sent[2]).toMatchObject({ seq: 2, events: [{ type: 'text', text: 'xyz' }] });
  });

  it('still sends after the acknowledgement timeout (a throttled window)', () => {
    const { r, sent } = relay({ window: 1, ackTimeoutMs: 500 });
    r.push({ type: 'text', text: 'a' });
    vi.advanceTimersByTime(16);
    r.push({ type: 'text', text: 'b' });
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(500);
    expect(sent).toHaveLength(2);
  });

  it('finishes with everything pending and the final event, in order', async () => {
    const { r, sent, saved } = relay();
    r.push({ type: 'text', text: 'end' });
    r.persistNow();
    expect(saved).toEqual(['end']);
    const done = r.finish({ type: 'thinking', text: 'last' });
    vi.advanceTimersByTime(0);
    await done;
    expect(sent.flatMap((b) => b.events)).toEqual([
      { type: 'text', text: 'end' },
      { type: 'thinking', text: 'last' },
    ]);
    expect(saved).toEqual(['end']);
  });
  it('sends the first event after a quiet stretch at once, then at most one batch per interval, and the end at once', async () => {
    const { r, sent } = relay({ intervalMs: STREAM_INTERVAL_MS, window: 1000 });
    const t0 = Date.now();
    const sentAt: number[] = [];
    const send = sent.push.bind(sent);
    sent.push = (...batches) => {
      sentAt.push(Date.now() - t0);
      return send(...batches);
    };
    r.push({ type: 'text', text: 'first' });
    vi.advanceTimersByTime(0);
    expect(sentAt).toEqual([0]);
    // A token every 2 ms for one second (500 a second): 20 batches, not 500, each a full interval after the last.
    for (let ms = 1; ms <= 1000; ms++) {
      if (ms % 2 === 0) r.push({ type: 'text', text: 'x' });
      vi.advanceTimersByTime(1);
    }
    expect(sentAt.length).toBeGreaterThanOrEqual(1000 / STREAM_INTERVAL_MS);
    expect(sentAt.length).toBeLessThanOrEqual(1000 / STREAM_INTERVAL_MS + 1);
    for (let i = 1; i < sentAt.length; i++)
      expect(sentAt[i]! - sentAt[i - 1]!).toBeGreaterThanOrEqual(STREAM_INTERVAL_MS);
    // Nothing is lost on the way: every token arrives, in order.
    r.push({ type: 'text', text: 'y' });
    const before = sentAt.length;
    const done = r.finish({ type: 'thinking', text: 'end' });
    vi.advanceTimersByTime(0);
    await done;
    expect(sentAt.length).toBe(before + 1);
    const text = sent
      .flatMap((b) => b.events)
      .map((e) => (e.type === 'text' ? e.text : ''))
      .join('');
    expect(text).toBe(`first${'x'.repeat(500)}y`);
  });

  it('sends any event other than a delta at once, with the text before it (the usage that ends a round)', () => {
    const { r, sent } = relay({ intervalMs: 50 });
    r.push({ type: 'text', text: 'a' });
    vi.advanceTimersByTime(0);
    r.push({ type: 'text', text: 'b' });
    vi.advanceTimersByTime(10);
    expect(sent).toHaveLength(1);
    r.push(USAGE);
    vi.advanceTimersByTime(0);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.events.map((e) => e.type)).toEqual(['text', 'usage']);
  });

  it('sends a batch held back by the window as soon as it is acknowledged, at the cadence, not after the timeout', () => {
    const { r, sent } = relay({ window: 1, ackTimeoutMs: 10_000, intervalMs: 50 });
    r.push({ type: 'text', text: 'a' });
    vi.advanceTimersByTime(0);
    r.push({ type: 'text', text: 'b' });
    vi.advanceTimersByTime(200);
    expect(sent).toHaveLength(1);
    r.ack(0);
    vi.advanceTimersByTime(0);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.events).toEqual([{ type: 'text', text: 'b' }]);
  });
});
