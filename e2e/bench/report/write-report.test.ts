import { describe, expect, test } from 'vitest';
import { results } from './fixture.test-data';
import { writeReport } from './write-report';

describe('BENCHMARKS.md', () => {
  const report = writeReport(results());

  test('says where, when and with what it was measured', () => {
    expect(report).toContain('| CPU | Test CPU, 2 cores |');
    expect(report).toContain('| Memory | 8.0 GB |');
    expect(report).toContain('| Load average (1 min) at start and end | 0.50 and 1.25 |');
    expect(report).toContain('| Chromium | 150.0 |');
    expect(report).toContain('| Modeldesk | 0.1.0 (commit abc1234) |');
    expect(report).toContain('| Whole benchmark | 9.0 min |');
  });

  test('has every item of issue 8, in order, then the before and after of issue 16', () => {
    const headings = [...report.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([
      'Setup',
      'Goals',
      '1. Streaming',
      '2. Per-update cost against length',
      '3. Opening a long conversation',
      '4. Typing while an answer streams',
      '5. From the emulator to the screen',
      '6. Ledger aggregation',
      '7. Size and memory',
      '8. Streaming with the CPU slowed 4 times',
      '9. The streaming path before and after issue 16',
    ]);
  });

  test('each figure beside its baseline, with the ratio', () => {
    expect(report).toContain('| **500 tok/s** | Keep-up ratio | 1.010 | 1.010 | 1.010 | 1.00× | 1.00× |');
    expect(report).toContain('|  | Script time | 100 ms | 800 ms | 2,000 ms | 0.05× | 0.13× |');
    expect(report).toContain(
      '|  | Main thread busy (task time ÷ wall time) | 12.2 % | 48.8 % | 12.2 % | 1.00× | 0.25× |',
    );
    expect(report).toContain('|  | Host process CPU | 300 ms | 500 ms | — | — | 0.60× |');
    expect(report).toContain('| Painted at the bottom | 205 ms (200–210) | 525 ms (500–550) | 0.39× |');
    expect(report).toContain('| last 90 days, by day | 5.5 ms (5.0–6.0) | 155 ms (150–160) | 0.035× |');
    expect(report).toContain('| Latency p50 | 50.0 ms | 16.0 ms | 34.0 ms |');
    expect(report).toContain('| Characters parsed | 180 | 190 | 1.06× | 2,000 | 21,000 | 10.50× |');
  });

  test('size and memory, with per-message and levelling-off figures', () => {
    expect(report).toContain('| JavaScript loaded at start | 570.0 KB | 54.0 KB | 10.6× |');
    expect(report).toContain('| Cold load to interactive | 550 ms (500–600) | 150 ms | 3.67× |');
    expect(report).toContain('| Main process | At start | After 500 | After 1,000 | Per message, last 500 |');
    expect(report).toContain('| Resident memory | 150.0 MB | 250.0 MB | 300.0 MB | 102.4 KB |');
    expect(report).toContain('| JS heap after GC | 30.0 MB | 48.0 MB | 50.0 MB | 4.1 KB |');
    expect(report).toContain(
      '| Renderer JS heap | At start | After 1 | After 2 | After 4 | Growth over the last 2 |',
    );
    expect(report).toContain('| Modeldesk | 3.0 MB | 5.0 MB | 7.0 MB | 8.0 MB | 1.0 MB |');
  });

  test('each cut of issue 16 with its part of the time before and after, and what must not regress', () => {
    expect(report).toContain(
      '| Script: React renders and commits | 400 ms → 40.0 ms (0.10×) | 400 ms → 40.0 ms (0.10×) |',
    );
    expect(report).toContain(
      '| Script: Bridge, stream store and acknowledgements | 90.0 ms → 20.0 ms (0.22×) |',
    );
    expect(report).toContain('| Host process CPU (the relay and bridge) | 500 ms → 300 ms (0.60×) |');
    expect(report).toContain('**CPU slowed 4 times**');
    expect(report).toContain('| Enter → request | 40.0 ms | 40.0 ms | 1.00× | 1.25× |');
    expect(report).toContain('commit fffffff (Before)');
  });

  test('goals missed say so, with the note', () => {
    expect(report).toContain('| Keep-up ratio at most 1.10 at every rate (CPU ×4) | 1.300 at 100 tok/s');
    expect(report).toContain('**missed**');
    expect(report).toContain('Where a goal is missed:');
  });

  test('a section that was not measured says so', () => {
    const partial = results();
    delete partial.sections.latency;
    expect(writeReport(partial)).toMatch(
      /## 5\. From the emulator to the screen[\s\S]*?_Not measured in this run/,
    );
  });
});
