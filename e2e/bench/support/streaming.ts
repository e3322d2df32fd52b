/**
 * One streamed answer, measured: the emulator streams `answer.chunks` at a fixed rate to the app (through its
 * core, the bridge and the renderer) or to the baseline page (through the bench server), and the page's probe,
 * the DevTools metrics and the CPU profiler record what it cost to show it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Emulator, RecordedRequest } from '../../../src-main/emulator/types';
import type { StreamedAnswer } from './answers';
import { durationBetween, type ProfileFrame } from './cdp';
import { cpuMsOf } from './host';
import type { OpenPage } from './pages';
import { collectProbe, installProbe, probeDone, type ProbeOptions, type ProbeResult } from './probe';
import { gaps, maximum, percentile, sum } from './stats';

/** `previous`: the app as built from the commit before the change being measured (previous-build.ts). */
export type StreamSide = 'app' | 'previous' | 'baseline';

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
  /** All of it by the module that spent it, built-ins counted for their callers (cdp.ts `byOwner`). */
  scriptByOwner: Record<string, number>;
  /** Main-thread task, layout and style time from Performance.getMetrics. */
  taskMs: number;
  layoutMs: number;
  styleMs: number;
  /** Wall time the metrics cover: from just before the prompt is sent until the last token is painted. */
  wallMs: number;
  /** CPU time of the page's main thread and of its whole renderer process over `wallMs` (ThreadTime, ProcessTime). */
  mainThreadCpuMs: number;
  rendererCpuMs: number;
  /** CPU time of the process serving the page (the web host), over the same window; null for the baseline. */
  hostCpuMs: number | null;
  /** From Enter (the call that presses it) to the emulator receiving the request; null when not sent by Enter. */
  enterToRequestMs: number | null;
  /** Elements in the page and its JS heap after a full collection, once the answer is on screen. */
  domNodesAfter: number;
  heapAfterBytes: number;
  /** Opening the conversation the answer went into (the app's sides): click to its end painted, and its DOM size. */
  open?: { paintedMs: number; domNodes: number };
  /**
   * The same answer streamed again with nothing measuring inside the page (no frame sampler, no CPU profiler, which
   * each cost the page time of their own): what the stream costs a user, and the figures the busy goal is judged on.
   */
  unobserved?: UnobservedFigures;
};

/** What a stream cost with nothing measuring inside the page (`StreamRunOptions.unobserved`). */
export type UnobservedFigures = Pick<
  StreamMeasurement,
  'keepUp' | 'timedOut' | 'taskMs' | 'wallMs' | 'mainThreadCpuMs' | 'rendererCpuMs' | 'hostCpuMs'
>;

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
  /** The process serving the page (the web host), whose CPU time is measured too. */
  hostPid?: number;
  /** `send` presses Enter in the composer: time it to the request (`enterToRequestMs`). */
  sendsByEnter?: boolean;
  /**
   * Measure without observers in the page: no requestAnimationFrame sampler (the sentinel is watched by a
   * MutationObserver) and no CPU profiler. Frame and script figures are then empty; busy, CPU and keep-up are kept.
   */
  unobserved?: boolean;
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
  if (!options.unobserved) await devtools.startProfiler();
  await page.evaluate(installProbe, {
    ...options.probe,
    sampleFrames: !options.unobserved,
    answer: options.answerSelector,
    sentinel: answer.sentinel,
  } satisfies ProbeOptions);
  const hostBefore = options.hostPid === undefined ? null : cpuMsOf(options.hostPid);
  const before = await devtools.metrics();
  const sentAt = performance.timeOrigin + performance.now();
  await options.send(prompt);
  const during = options.during?.(page);
  const deadline = expectedMs + (options.graceMs ?? 60_000);
  const painted = await valueWithin(page.evaluate(probeDone), deadline);
  const after = await devtools.metrics();
  const hostAfter = options.hostPid === undefined ? null : cpuMsOf(options.hostPid);
  await during;
  const script = options.unobserved
    ? { totalMs: 0, top: [], byOwner: {} }
    : await devtools.stopProfiler(options.nameFrames);
  if (process.env.BENCH_PROFILE_DIR && !options.unobserved) {
    mkdirSync(process.env.BENCH_PROFILE_DIR, { recursive: true });
    const file = join(process.env.BENCH_PROFILE_DIR, `${runId}-${options.side}.cpuprofile`);
    writeFileSync(file, JSON.stringify(devtools.lastProfile));
  }
  const probe = await page.evaluate(collectProbe);
  if (throttle !== 1) await devtools.throttle(1);
  await emulator.idle();
  const domNodesAfter = await page.evaluate(() => document.getElementsByTagName('*').length);
  const heapAfterBytes = await devtools.heapAfterGc();

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
      scriptByOwner: script.byOwner,
      taskMs: durationBetween(before, after, 'TaskDuration'),
      layoutMs: durationBetween(before, after, 'LayoutDuration'),
      styleMs: durationBetween(before, after, 'RecalcStyleDuration'),
      wallMs: durationBetween(before, after, 'Timestamp'),
      mainThreadCpuMs: durationBetween(before, after, 'ThreadTime'),
      rendererCpuMs: durationBetween(before, after, 'ProcessTime'),
      hostCpuMs: hostBefore === null || hostAfter === null ? null : hostAfter - hostBefore,
      enterToRequestMs: options.sendsByEnter ? request.at - sentAt : null,
      domNodesAfter,
      heapAfterBytes,
    },
    probe,
    request,
    clockOffsetMs: offset,
  };
}

/** The app's way to send: the prompt typed into the composer (and its estimate settled), then Enter. */
export function composerSending(page: Page): Pick<StreamRunOptions, 'prepare' | 'send' | 'sendsByEnter'> {
  const composer = page.getByRole('textbox', { name: 'Message' });
  return {
    sendsByEnter: true,
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

/** The figures of an unobserved run (`unobserved: true`). */
export function unobservedFigures(m: StreamMeasurement): UnobservedFigures {
  const { keepUp, timedOut, taskMs, wallMs, mainThreadCpuMs, rendererCpuMs, hostCpuMs } = m;
  return { keepUp, timedOut, taskMs, wallMs, mainThreadCpuMs, rendererCpuMs, hostCpuMs };
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
