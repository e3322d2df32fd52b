import { describe, expect, test } from 'vitest';
import { checkGoals } from './goals';
import { results, streaming } from './fixture.test-data';

describe('issue 8 and 16 goals', () => {
  test('all met at normal speed; the slowed run misses keep-up and frame gaps, saying by how much', () => {
    const checks = checkGoals(results().sections);
    expect(checks.map((c) => [c.goal, c.met])).toEqual([
      ['Keep-up ratio at most 1.05 at every rate', true],
      ['Frame-gap p95 within two frames (33.4 ms)', true],
      ["Script time per answer at most a tenth of the baseline's", true],
      ['Main thread busy during the stream at most 15 % at 100 tok/s and 35 % at 2,000 tok/s', true],
      ['Per-update cost flat in message and history length', true],
      ['DOM nodes bounded whatever the conversation length', true],
      ['Aggregation at most a tenth of the naive scan', true],
      [
        'Nothing regresses against the previous version (Enter → request, conversation open, DOM size, memory)',
        true,
      ],
      ['Keep-up ratio at most 1.10 at every rate (CPU ×4)', false],
      ['Frame-gap p95 within two frames (33.4 ms) (CPU ×4)', false],
      ["Script time per answer at most a tenth of the baseline's (CPU ×4)", true],
    ]);
    const keepUp = checks[8]!;
    expect(keepUp.note).toContain('Missed by 0.200 at 100 tok/s');
    expect(checks[9]!.note).toContain('Missed by 16.6 ms');
    expect(checks.filter((c) => c.met).every((c) => c.note === undefined)).toBe(true);
  });

  test('script time over a tenth of the baseline is missed, with where the time went', () => {
    const sections = { ...results().sections, streaming: streaming({ scriptMs: 400 }) };
    const check = checkGoals(sections)[2]!;
    expect(check.met).toBe(false);
    expect(check.result).toBe('0.20× at 100 tok/s, 0.20× at 500 tok/s, 0.20× at 2,000 tok/s');
    expect(check.note).toContain('2.0 times the goal');
    expect(check.note).toContain('ep (index-abc.js) 40.0 ms');
  });

  test('per-update work that grows with the answer, or history rendered per update, is not flat', () => {
    const base = results().sections;
    const grows = structuredClone(base);
    grows['per-update']!.app.long.parsedCharsPerUpdate = 1800;
    expect(checkGoals(grows)[4]!.met).toBe(false);
    const rerenders = structuredClone(base);
    rerenders['per-update']!.app.longWithLongHistory.historyRendersPerUpdate = 1;
    expect(checkGoals(rerenders)[4]!.met).toBe(false);
  });

  test('a DOM that grows with the conversation is not bounded', () => {
    const sections = structuredClone(results().sections);
    sections.opening!.huge.app.domNodes = 5000;
    const check = checkGoals(sections)[5]!;
    expect(check.met).toBe(false);
    expect(check.note).toContain('8.59×');
  });

  test('a busy main thread misses the goal at its rate, with what kept it busy', () => {
    const sections = { ...results().sections, streaming: streaming({ taskMs: 1000 }) };
    const check = checkGoals(sections)[3]!;
    expect(check.met).toBe(false);
    expect(check.result).toBe(
      '24.4 % at 100 tok/s, 24.4 % at 2,000 tok/s (with the frame sampler and profiler running)',
    );
    expect(check.note).toContain('Missed at 100 tok/s by 9.4 points');
    expect(check.note).not.toContain('at 2,000 tok/s by');
    expect(check.note).toContain('its CPU time was 9.8 %');
  });

  test('the busy goal is judged on the runs with nothing observing the page, where they were measured', () => {
    const unobserved = { keepUp: 1, timedOut: false, taskMs: 400, wallMs: 4100, mainThreadCpuMs: 300 };
    const section = streaming({
      taskMs: 1000,
      unobserved: { ...unobserved, rendererCpuMs: 500, hostCpuMs: 90 },
    });
    const check = checkGoals({ ...results().sections, streaming: section })[3]!;
    expect(check.met).toBe(true);
    expect(check.result).toBe('9.8 % at 100 tok/s, 9.8 % at 2,000 tok/s (nothing observing the page)');
  });

  test('a figure worse than the previous version past its tolerance is a regression; noise within it is not', () => {
    const within = { ...results().sections, streaming: streaming({ enterToRequestMs: 48 }) };
    expect(checkGoals(within)[7]!.met).toBe(true);
    const slower = { ...results().sections, streaming: streaming({ heapAfterBytes: 14 * 1048576 }) };
    const check = checkGoals(slower)[7]!;
    expect(check.met).toBe(false);
    expect(check.note).toBe(
      "renderer heap measured 1.17× the previous version's, past the 1.10× that run-to-run noise allows.",
    );
    expect(check.result).toContain('renderer heap 14.0 MB (was 12.0 MB)');
  });

  test('without the previous version there is nothing to compare: not measured', () => {
    const section = streaming({});
    for (const rate of section.rates) rate.previous = [];
    expect(checkGoals({ ...results().sections, streaming: section })[7]!.met).toBeNull();
  });

  test('sections missing from the run are reported as not measured', () => {
    const checks = checkGoals({});
    expect(checks.every((c) => c.met === null && c.result === 'not measured')).toBe(true);
  });
});
