/**
 * One streamed answer, measured: the emulator streams `answer.chunks` at a fixed rate to the app (through its
 * core, the bridge and the renderer) or to the baseline page (through the bench server), and the page's probe,
 * the DevTools metrics and the CPU profiler record what it cost to show it.
 */
import type { Page } from '@playwright/test';
import type { Emulator, RecordedRequest } from '../../../src-main/emulator/types';
import type { StreamedAnswer } from './answers';
import { durationBetween, type ProfileFrame } from './cdp';
import type { OpenPage } from './pages';
import { collectProbe, installProbe, probeDone, type ProbeOptions, type ProbeResult } from './probe';
import { gaps, maximum, percentile, sum } from './stats';

export type StreamSide = 'app' | 'baseline';

export type StreamMeasurement = {
  side: StreamSide;
  rate: number;
  chunks: number;
  throttle: number;
  /** The emulator's first to last chunk, ms. */
  streamMs: number;
  /** (last token painted − first chunk sent) / streamMs; a lower bound when `timedOut`. */
  keepUp: number;
  timedOut: boolean;
  frameGapP50: number;
  frameGapP95: number;
  /** The longest time between two frames. */
  longestStallMs: number;
  longTasks: number;
  longTaskMs: number;
  longAnimationFrames: number;
  blockingMs: number;
  /** JavaScript time from the CPU profiler (DevTools' ScriptDuration misses promise callbacks). */
  scriptMs: number;
  /** Where most of it went (self time): modules of the app (from its source maps), functions elsewhere. */
  scriptTop: Array<{ name: string; ms: number }>;
  /** Main-thread task, layout and style time from Performance.getMetrics. */
  taskMs: number;
  layoutMs: number;
  styleMs: number;
};

export type StreamRunOptions = {
  side: StreamSide;
  opened: OpenPage;
  emulator: Emulator;
  answer: StreamedAnswer;
  /** Chunks (tokens) per second. */
  rate: number;
  /** A word unique to this run, in the prompt: the emulator's rule matches it. */
  runId: string;
  /** CSS selector of the answer's Markdown container. */
  answerSelector: string;
  /** Gets the prompt ready before the measurement starts (types it into the composer). */
  prepare?: (prompt: string) => Promise<void>;
  /** Starts the stream (presses Enter, or calls the baseline page). */
  send: (prompt: string) => Promise<void>;
  throttle?: number;
  probe?: Omit<ProbeOptions, 'answer' | 'sentinel'>;
  /** Runs while the answer streams (typing into the composer). */
  during?: (page: Page) => Promise<void>;
  /** How long past the stream's own duration to wait for the last token (default 60 s). */
  graceMs?: number;
  /** Names profiled functions for `scriptTop` (by module, through the source maps, for the app). */
  nameFrames?: (frame: ProfileFrame) => string;
};

export type StreamRunResult = {
  measurement: StreamMeasurement;
  probe: ProbeResult;
  request: RecordedRequest;
  /** The page's clock minus this process's. */
  clockOffsetMs: number;
};

function findRequest(emulator: Emulator, runId: string): RecordedRequest {
  const request = emulator.requests.find((r) => r.stream && JSON.stringify(r.body).includes(runId));
  if (!request) throw new Error(`The emulator received no streaming request for ${runId}.`);
  return request;
}

/** The promise's value, or null when it takes longer than `ms`. */
async function valueWithin<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export async function streamOnce(options: StreamRunOptions): Promise<StreamRunResult> {
  const { opened, emulator, answer, rate, runId } = options;
  const { page, devtools } = opened;
  const throttle = options.throttle ?? 1;
  const expectedMs = (answer.chunks.length / rate) * 1000;
  emulator.script({
    match: { promptIncludes: runId },
    reply: {
      chunks: answer.chunks,
      chunksPerSecond: rate,
      usage: { input: 1200, output: answer.chunks.length },
    },
  });

  const prompt = `Please explain, ${runId}`;
  await options.prepare?.(prompt);
  if (throttle !== 1) await devtools.throttle(throttle);
  const before = await devtools.metrics();
  await devtools.startProfiler();
  await page.evaluate(installProbe, {
    ...options.probe,
    answer: options.answerSelector,
    sentinel: answer.sentinel,
  } satisfies ProbeOptions);
  await options.send(prompt);
  const during = options.during?.(page);
  const deadline = expectedMs + (options.graceMs ?? 60_000);
  const painted = await valueWithin(page.evaluate(probeDone), deadline);
  await during;
  const script = await devtools.stopProfiler(options.nameFrames);
  const after = await devtools.metrics();
  const probe = await page.evaluate(collectProbe);
  if (throttle !== 1) await devtools.throttle(1);
  await emulator.idle();

  const request = findRequest(emulator, runId);
  const offset = opened.clockOffsetMs;
  const toPage = (epoch: number) => epoch - probe.timeOrigin + offset;
  const firstSent = toPage(request.chunkTimes[0]!);
  const lastSent = toPage(request.chunkTimes[request.chunkTimes.length - 1]!);
  const end = painted ?? probe.frames[probe.frames.length - 1] ?? lastSent;
  const inWindow = (t: number) => t >= firstSent && t <= end;
  const frameGaps = gaps(probe.frames.filter(inWindow));
  const longTasks = probe.longTasks.filter((t) => inWindow(t.start));
  const frames = probe.animationFrames.filter((f) => inWindow(f.start));
  const streamMs = lastSent - firstSent;

  return {
    measurement: {
      side: options.side,
      rate,
      chunks: answer.chunks.length,
      throttle,
      streamMs,
      keepUp: (end - firstSent) / streamMs,
      timedOut: painted === null,
      frameGapP50: percentile(frameGaps, 50),
      frameGapP95: percentile(frameGaps, 95),
      longestStallMs: maximum(frameGaps),
      longTasks: longTasks.length,
      longTaskMs: sum(longTasks.map((t) => t.duration)),
      longAnimationFrames: frames.length,
      blockingMs: sum(frames.map((f) => f.blockingDuration)),
      scriptMs: script.totalMs,
      scriptTop: script.top,
      taskMs: durationBetween(before, after, 'TaskDuration'),
      layoutMs: durationBetween(before, after, 'LayoutDuration'),
      styleMs: durationBetween(before, after, 'RecalcStyleDuration'),
    },
    probe,
    request,
    clockOffsetMs: offset,
  };
}

/** The app's way to send: the prompt typed into the composer (and its estimate settled), then Enter. */
export function composerSending(page: Page): Pick<StreamRunOptions, 'prepare' | 'send'> {
  const composer = page.getByRole('textbox', { name: 'Message' });
  return {
    prepare: async (prompt) => {
      await composer.fill(prompt);
      await page.waitForTimeout(400);
    },
    send: async () => {
      await composer.press('Enter');
    },
  };
}

type BaselineApi = { stream(prompt: string, options?: { log?: boolean }): Promise<void> };

/** The baseline page's way: start its fetch of the stream (`log`: record each update's work). */
export function sendFromBaseline(page: Page, log = false): (prompt: string) => Promise<void> {
  return async (prompt) => {
    await page.evaluate(
      ([text, withLog]) => {
        void (window as unknown as { __baseline: BaselineApi }).__baseline.stream(text, { log: withLog });
      },
      [prompt, log] as const,
    );
  };
}

/**
 * Per-chunk latency: for each chunk, the time from the emulator writing it to the first frame painted with it on
 * screen (the answer's words are numbered, so the page knows which chunk it shows).
 */
export function chunkLatencies(result: StreamRunResult): number[] {
  const painted = [...result.probe.numbers].sort((a, b) => a.n - b.n);
  const out: number[] = [];
  let next = 0;
  result.request.chunkTimes.forEach((sentAt, index) => {
    const chunk = index + 1;
    while (next < painted.length && painted[next]!.n < chunk) next++;
    const shown = painted[next];
    if (!shown) return;
    const shownAt = shown.paintedAt + result.probe.timeOrigin - result.clockOffsetMs;
    out.push(shownAt - sentAt);
  });
  return out;
}
