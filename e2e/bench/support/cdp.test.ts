import { describe, expect, test } from 'vitest';
import { BENCH_PROBE, durationBetween, scriptTimeOf } from './cdp';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0, columnNumber: 0 });

describe('script time from a CPU profile', () => {
  test('counts the samples spent in JavaScript, by function, and leaves out idle, engine and GC time', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)') },
        { id: 2, callFrame: frame('(idle)') },
        { id: 3, callFrame: frame('parse', 'http://127.0.0.1:1/assets/index-abc.js') },
        { id: 4, callFrame: frame('(garbage collector)') },
        { id: 5, callFrame: frame('', 'http://127.0.0.1:1/stream.js') },
        { id: 6, callFrame: frame('(program)') },
      ],
      // Each sample's time is the delta that follows it.
      samples: [2, 3, 3, 4, 5, 6, 3],
      timeDeltas: [0, 1000, 500, 500, 2000, 250, 4000],
    };
    const result = scriptTimeOf(profile);
    // parse: 500 + 500 + nothing after the last sample; the anonymous function: 250.
    expect(result.totalMs).toBeCloseTo(1.25, 6);
    expect(result.top).toEqual([
      { name: 'parse (index-abc.js)', ms: 1 },
      { name: '(anonymous) (stream.js)', ms: 0.25 },
    ]);
  });

  test('frames can be named another way (by module), adding up what shares a name', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('a', 'http://h/x.js') },
        { id: 2, callFrame: frame('b', 'http://h/x.js') },
      ],
      samples: [1, 2, 1],
      timeDeltas: [0, 1000, 1000, 1000],
    };
    expect(scriptTimeOf(profile, () => 'react-dom')).toEqual({
      totalMs: 3,
      top: [{ name: 'react-dom', ms: 3 }],
      byOwner: { 'react-dom': 3 },
    });
  });

  test('an empty profile took no time', () => {
    expect(scriptTimeOf({ nodes: [] })).toEqual({ totalMs: 0, top: [], byOwner: {} });
  });

  test("a browser built-in's time goes to the script that called it; the page probe's to the bench", () => {
    const native = (name: string) => ({ functionName: name, url: '', lineNumber: -1, columnNumber: -1 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 5] },
        { id: 2, callFrame: frame('sanitize', 'http://h/assets/purify.js'), children: [3] },
        { id: 3, callFrame: native('parseFromString'), children: [4] },
        { id: 4, callFrame: native('get nodeName') },
        { id: 5, callFrame: { ...frame('onFrame'), lineNumber: 61 }, children: [6] },
        { id: 6, callFrame: native('requestAnimationFrame') },
        { id: 7, callFrame: native('send') },
      ],
      samples: [2, 3, 4, 5, 6, 7],
      timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000],
    };
    const named = (f: { url: string; functionName: string }) =>
      f.url.includes('purify') ? 'dompurify' : f.functionName;
    expect(scriptTimeOf(profile, named).byOwner).toEqual({
      dompurify: 3,
      [BENCH_PROBE]: 2,
      // Called from nowhere the profile shows: its own name.
      send: 1,
    });
  });

  test('metric durations are seconds, reported in milliseconds', () => {
    expect(durationBetween({ TaskDuration: 1.5 }, { TaskDuration: 2.25 }, 'TaskDuration')).toBe(750);
    expect(durationBetween({}, { LayoutDuration: 0.01 }, 'LayoutDuration')).toBeCloseTo(10, 6);
  });
});
