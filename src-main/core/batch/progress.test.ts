/** The progress throttle: at most one event per interval per job, everything changed in it, and `flush` at once. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressThrottle } from './progress';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

function throttle() {
  const sent: Array<{ jobId: string; itemIds: string[]; at: number }> = [];
  const progress = new ProgressThrottle(
    (jobId, itemIds) => sent.push({ jobId, itemIds, at: Date.now() }),
    200,
    Date.now,
  );
  return { progress, sent };
}

describe('ProgressThrottle', () => {
  it('sends the first change at once, then gathers the changes of each 200 ms into one event', async () => {
    const { progress, sent } = throttle();
    const start = Date.now();
    progress.changed('job', 'a');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([{ jobId: 'job', itemIds: ['a'], at: start }]);

    for (const id of ['b', 'c', 'b', 'd']) {
      progress.changed('job', id);
      await vi.advanceTimersByTimeAsync(30);
    }
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(sent[1]).toEqual({ jobId: 'job', itemIds: ['b', 'c', 'd'], at: start + 200 });
    expect(sent).toHaveLength(2);
  });

  it('keeps jobs apart', async () => {
    const { progress, sent } = throttle();
    progress.changed('one', 'a');
    progress.changed('two', 'b');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((e) => [e.jobId, e.itemIds])).toEqual([
      ['one', ['a']],
      ['two', ['b']],
    ]);
  });

  it('flushes at once on a state change, with what was waiting, and the interval starts again from there', async () => {
    const { progress, sent } = throttle();
    progress.changed('job', 'a');
    await vi.advanceTimersByTimeAsync(0);
    progress.changed('job', 'b');
    await vi.advanceTimersByTimeAsync(50);
    progress.flush('job', ['c']);
    expect(sent.map((e) => e.itemIds)).toEqual([['a'], ['b', 'c']]);
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toHaveLength(2);
    progress.changed('job', 'd');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.at(-1)?.itemIds).toEqual(['d']);
  });

  it('drops what is waiting when disposed', async () => {
    const { progress, sent } = throttle();
    progress.changed('job', 'a');
    await vi.advanceTimersByTimeAsync(0);
    progress.changed('job', 'b');
    progress.dispose();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(1);
  });
});
