import { describe, expect, it } from 'vitest';
import { FrameCoalescer } from './frame-coalescer';

/** A fake frame clock: `frame()` runs what was scheduled for the next frame. */
function fakeFrames() {
  let queued: Array<() => void> = [];
  return {
    schedule: (run: () => void) => void queued.push(run),
    frame() {
      const run = queued;
      queued = [];
      for (const r of run) r();
    },
    get pending() {
      return queued.length;
    },
  };
}

describe('FrameCoalescer', () => {
  it('hands over everything that arrived between two frames at once, in order', () => {
    const frames = fakeFrames();
    const commits: number[][] = [];
    const coalescer = new FrameCoalescer<number>((items) => commits.push(items), frames.schedule);
    for (let i = 0; i < 100; i++) coalescer.push(i);
    expect(commits).toEqual([]);
    expect(frames.pending).toBe(1);
    frames.frame();
    expect(commits).toHaveLength(1);
    expect(commits[0]).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('commits at most once per frame, however fast items come', () => {
    const frames = fakeFrames();
    let commits = 0;
    const coalescer = new FrameCoalescer<string>(() => commits++, frames.schedule);
    for (let frame = 0; frame < 10; frame++) {
      for (let i = 0; i < 50; i++) coalescer.push('token');
      frames.frame();
    }
    expect(commits).toBe(10);
    frames.frame();
    expect(commits).toBe(10);
  });

  it('schedules nothing when idle', () => {
    const frames = fakeFrames();
    new FrameCoalescer<number>(() => {}, frames.schedule);
    expect(frames.pending).toBe(0);
  });
});
