import { describe, expect, it } from 'vitest';
import { AckPacer } from './ack-pacer';

/** A fake clock with timers, so the pacing can be followed step by step. */
function fakeClock() {
  let now = 0;
  let timers: Array<{ at: number; run: () => void; id: number }> = [];
  let nextId = 1;
  return {
    now: () => now,
    setTimer: (run: () => void, ms: number) => {
      const id = nextId++;
      timers.push({ at: now + ms, run, id });
      return id as unknown as ReturnType<typeof setTimeout>;
    },
    clearTimer: (timer: ReturnType<typeof setTimeout>) => {
      timers = timers.filter((t) => t.id !== (timer as unknown as number));
    },
    advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.run();
    },
    get pending() {
      return timers.length;
    },
  };
}

function pacer() {
  const clock = fakeClock();
  const sent: Array<[string, number]> = [];
  const acks = new AckPacer({
    send: (streamId, seq) => sent.push([streamId, seq]),
    intervalMs: 50,
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
  });
  return { clock, sent, acks };
}

describe('AckPacer', () => {
  it('acknowledges at once, then at most once per interval with the highest batch applied', () => {
    const { clock, sent, acks } = pacer();
    acks.applied('s', 0);
    expect(sent).toEqual([['s', 0]]);
    // One batch a frame for 60 frames (1 s): about one acknowledgement per 50 ms, not one per frame.
    for (let seq = 1; seq <= 60; seq++) {
      clock.advance(16);
      acks.applied('s', seq);
    }
    clock.advance(50);
    expect(sent.length).toBeGreaterThanOrEqual(17);
    expect(sent.length).toBeLessThanOrEqual(22);
    expect(sent.at(-1)).toEqual(['s', 60]);
    // Every acknowledgement carries a higher number than the one before.
    expect(sent.every(([, seq], i) => i === 0 || seq > sent[i - 1]![1])).toBe(true);
  });

  it('sends what was applied since the last acknowledgement when the interval ends, with nothing more coming', () => {
    const { clock, sent, acks } = pacer();
    acks.applied('s', 0);
    clock.advance(10);
    acks.applied('s', 1);
    acks.applied('s', 2);
    expect(sent).toEqual([['s', 0]]);
    clock.advance(40);
    expect(sent).toEqual([
      ['s', 0],
      ['s', 2],
    ]);
    expect(clock.pending).toBe(0);
  });

  it('acknowledges the last batch of a stream at once and forgets the stream', () => {
    const { clock, sent, acks } = pacer();
    acks.applied('s', 0);
    clock.advance(5);
    acks.applied('s', 1);
    acks.applied('s', 2, true);
    expect(sent).toEqual([
      ['s', 0],
      ['s', 2],
    ]);
    expect(clock.pending).toBe(0);
    clock.advance(100);
    expect(sent).toHaveLength(2);
  });

  it('paces each stream on its own', () => {
    const { clock, sent, acks } = pacer();
    acks.applied('a', 0);
    acks.applied('b', 0);
    clock.advance(16);
    acks.applied('a', 1);
    acks.applied('b', 1);
    clock.advance(50);
    expect(sent).toEqual([
      ['a', 0],
      ['b', 0],
      ['a', 1],
      ['b', 1],
    ]);
  });
});
