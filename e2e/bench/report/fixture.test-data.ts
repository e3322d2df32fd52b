/** A small, complete set of results for the report's tests. */
import type { StreamingSection } from '../support/sections';
import type { StreamMeasurement } from '../support/streaming';
import type { BenchResults } from './results';

export function run(
  side: 'app' | 'previous' | 'baseline',
  overrides: Partial<StreamMeasurement> = {},
): StreamMeasurement {
  return {
    side,
    rate: 500,
    chunks: 2000,
    throttle: 1,
    streamMs: 4000,
    keepUp: 1.01,
    timedOut: false,
    frameGapP50: 16.7,
    frameGapP95: 16.8,
    longestStallMs: 33.4,
    longTasks: 0,
    longTaskMs: 0,
    longAnimationFrames: 0,
    blockingMs: 0,
    scriptMs: 100,
    scriptTop: [{ name: 'ep (index-abc.js)', ms: 40 }],
    scriptByOwner: {
      'react-dom': 40,
      'react-virtuoso': 20,
      dompurify: 10,
      'src/bridge/websocket.ts': 20,
      'bench probe': 10,
    },
    taskMs: 500,
    layoutMs: 50,
    styleMs: 30,
    wallMs: 4100,
    mainThreadCpuMs: 400,
    rendererCpuMs: 700,
    hostCpuMs: side === 'baseline' ? null : 300,
    enterToRequestMs: side === 'baseline' ? null : 40,
    domNodesAfter: 700,
    heapAfterBytes: 12 * 1048576,
    ...(side === 'baseline' ? {} : { open: { paintedMs: 300, domNodes: 600 } }),
    ...overrides,
  };
}

/** The previous version: more script, React and virtuoso time, busier. */
const PREVIOUS: Partial<StreamMeasurement> = {
  scriptMs: 800,
  scriptByOwner: { 'react-dom': 400, 'react-virtuoso': 200, dompurify: 100, 'src/bridge/websocket.ts': 90 },
  taskMs: 2000,
  mainThreadCpuMs: 1500,
  hostCpuMs: 500,
};

export function streaming(
  app: Partial<StreamMeasurement>,
  throttle = 1,
  previous: Partial<StreamMeasurement> = {},
): StreamingSection {
  return {
    answerTokens: 2000,
    historyMessages: 200,
    throttle,
    previous: { commit: 'f'.repeat(40), label: 'fffffff (Before)' },
    rates: [100, 500, 2000].map((rate) => ({
      rate,
      app: [run('app', { rate, ...app }), run('app', { rate, ...app })],
      previous: [run('previous', { rate, ...PREVIOUS, ...previous })],
      baseline: [run('baseline', { rate, scriptMs: 2000 }), run('baseline', { rate, scriptMs: 2000 })],
    })),
  };
}

const counts = (parsed: number, history = 0) => ({
  updates: 40,
  parsedCharsPerUpdate: parsed,
  blockParsesPerUpdate: 1,
  finishedBlockRendersPerUpdate: 0.4,
  historyRendersPerUpdate: history,
});

export function results(): BenchResults {
  const open = (paintedMs: number, domNodes: number, messages = 1000) => ({
    messages,
    paintedMs,
    longestTaskMs: 0,
    longestFrameMs: 0,
    domNodes,
  });
  return {
    meta: {
      date: '2025-11-20T12:00:00.000Z',
      machine: {
        cpu: 'Test CPU',
        cores: 2,
        memoryBytes: 8 * 1073741824,
        os: 'Linux 6',
        loadAverage: { start: 0.5, end: 1.25 },
      },
      versions: { node: 'v24.21.0', chromium: '150.0', modeldesk: '0.1.0', commit: 'commit abc1234' },
      runs: 2,
      durationSeconds: 540,
    },
    sections: {
      streaming: streaming({}),
      throttled: streaming({ keepUp: 1.3, frameGapP95: 50 }, 4),
      'per-update': {
        windowChars: 2048,
        answerChars: 26000,
        rate: 500,
        app: {
          short: counts(180),
          long: counts(190),
          shortWithLongHistory: counts(200),
          longWithLongHistory: counts(185),
        },
        baseline: {
          short: { updates: 500, parsedCharsPerUpdate: 2000 },
          long: { updates: 500, parsedCharsPerUpdate: 21000 },
        },
      },
      opening: {
        app: [open(200, 580), open(210, 584)],
        baseline: [open(550, 13592), open(500, 13592)],
        huge: { app: open(380, 584, 10000), baseline: open(4500, 135842, 10000) },
      },
      typing: {
        rate: 500,
        typedChars: 30,
        keyDelayMs: 100,
        app: [{ keys: 30, p50: 20, p95: 40, max: 60 }],
        baseline: [{ keys: 30, p50: 60, p95: 200, max: 400 }],
        idle: [{ keys: 30, p50: 18, p95: 30, max: 35 }],
      },
      latency: {
        rate: 100,
        chunks: 300,
        app: [{ chunks: 300, p50: 50, p95: 120, max: 150 }],
        baseline: [{ chunks: 300, p50: 16, p95: 70, max: 90 }],
      },
      bundle: {
        bundle: {
          files: 90,
          totalBytes: 2.4 * 1048576,
          initialJsBytes: 570 * 1024,
          initialJsGzipBytes: 185 * 1024,
          initialCssBytes: 37 * 1024,
          lazyJsBytes: 760 * 1024,
          fontBytes: 1048576,
          baselineJsBytes: 54 * 1024,
          baselineJsGzipBytes: 17 * 1024,
        },
        coldLoad: {
          app: [
            { interactiveMs: 500, firstContentfulPaintMs: 400 },
            { interactiveMs: 600, firstContentfulPaintMs: 450 },
          ],
          baseline: [
            { interactiveMs: 150, firstContentfulPaintMs: 120 },
            { interactiveMs: 150, firstContentfulPaintMs: 130 },
          ],
        },
      },
      'main-memory': {
        checkpoints: [
          { messages: 0, residentBytes: 150 * 1048576, heapBytes: 30 * 1048576 },
          { messages: 500, residentBytes: 250 * 1048576, heapBytes: 48 * 1048576 },
          { messages: 1000, residentBytes: 300 * 1048576, heapBytes: 50 * 1048576 },
        ],
        seconds: 10,
      },
      'renderer-heap': {
        conversations: 4,
        messagesEach: 1000,
        app: [3, 5, 7, 8, 8].map((mb) => mb * 1048576),
        baseline: [1, 1, 1, 1, 1].map((mb) => mb * 1048576),
      },
      ledger: {
        records: 100000,
        appendMs: 6000,
        queries: [
          { name: 'last 90 days, by day', rollupsMs: [5, 6], naiveMs: [150, 160] },
          { name: 'the whole year, by week', rollupsMs: [9, 10], naiveMs: [1000, 1100] },
        ],
      },
    },
  };
}
