import { describe, expect, test } from 'vitest';
import type { RecordedRequest } from '../../../src-main/emulator/types';
import type { ProbeResult } from './probe';
import { chunkLatencies, type StreamRunResult } from './streaming';

function result(chunkTimes: number[], numbers: ProbeResult['numbers'], clockOffsetMs = 0): StreamRunResult {
  const probe: ProbeResult = {
    timeOrigin: 1_000_000,
    frames: [],
    longTasks: [],
    animationFrames: [],
    paintedAt: null,
    numbers,
    samples: [],
    inputs: [],
  };
  return {
    measurement: {} as StreamRunResult['measurement'],
    probe,
    request: { chunkTimes } as RecordedRequest,
    clockOffsetMs,
  };
}

describe('per-chunk latency', () => {
  test('each chunk waits for the first painted frame that shows it, on the emulator’s clock', () => {
    // Chunks sent at 1,000,010, …020, …030; frames painted at page times 25 (showing 2) and 41 (showing 3).
    const latencies = chunkLatencies(
      result(
        [1_000_010, 1_000_020, 1_000_030],
        [
          { n: 2, paintedAt: 25 },
          { n: 3, paintedAt: 41 },
        ],
      ),
    );
    expect(latencies).toEqual([15, 5, 11]);
  });

  test('the page clock’s offset is taken out', () => {
    expect(chunkLatencies(result([1_000_010], [{ n: 1, paintedAt: 30 }], 4))).toEqual([16]);
  });

  test('chunks never shown are left out', () => {
    expect(chunkLatencies(result([1_000_010, 1_000_020], [{ n: 1, paintedAt: 20 }]))).toEqual([10]);
  });
});
