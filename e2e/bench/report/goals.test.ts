import { describe, expect, test } from 'vitest';
import { checkGoals } from './goals';
import { results, streaming } from './fixture.test-data';

describe('issue 8 goals', () => {
  test('all met at normal speed; the slowed run misses keep-up and frame gaps, saying by how much', () => {
    const checks = checkGoals(results().sections);
    expect(checks.map((c) => [c.goal, c.met])).toEqual([
      ['Keep-up ratio at most 1.05 at every rate', true],
      ['Frame-gap p95 within two frames (33.8 ms)', true],
      ["Script time per answer at most a tenth of the baseline's", true],
      ['Per-update cost flat in message and history length', true],
      ['DOM nodes bounded whatever the conversation length', true],
      ['Aggregation at most a tenth of the naive scan', true],
      ['Keep-up ratio at most 1.05 at every rate (CPU ×4)', false],
      ['Frame-gap p95 within two frames (33.8 ms) (CPU ×4)', false],
      ["Script time per answer at most a tenth of the baseline's (CPU ×4)", true],
    ]);
    const keepUp = checks[6]!;
    expect(keepUp.note).toContain('Missed by 0.250 at 100 tok/s');
    expect(checks[7]!.note).toContain('Missed by 16.2 ms');
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
    expect(checkGoals(grows)[3]!.met).toBe(false);
    const rerenders = structuredClone(base);
    rerenders['per-update']!.app.longWithLongHistory.historyRendersPerUpdate = 1;
    expect(checkGoals(rerenders)[3]!.met).toBe(false);
  });

  test('a DOM that grows with the conversation is not bounded', () => {
    const sections = structuredClone(results().sections);
    sections.opening!.huge.app.domNodes = 5000;
    const check = checkGoals(sections)[4]!;
    expect(check.met).toBe(false);
    expect(check.note).toContain('8.59×');
  });

  test('sections missing from the run are reported as not measured', () => {
    const checks = checkGoals({});
    expect(checks.every((c) => c.met === null && c.result === 'not measured')).toBe(true);
  });
});
