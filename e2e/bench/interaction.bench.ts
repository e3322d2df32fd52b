/**
 * Items 4 and 5 of issue 8: typing into the composer while an answer streams (input-to-paint delay), and the path
 * from the emulator to the screen (each chunk's delay from the emulator writing it to the frame that shows it).
 */
import { test, type Browser, type Page } from '@playwright/test';
import { startEmulator } from '../../src-main/emulator/index';
import type { Emulator } from '../../src-main/emulator/types';
import { markdownAnswer, numberedWords } from './support/answers';
import { startBaselineServer, type BaselineServer } from './support/baseline-server';
import { removeDataDir, requireBuild, startHost, tempDataDir, type RunningHost } from './support/host';
import { APP, openApp, openAppConversation, openPage, type OpenPage } from './support/pages';
import { collectProbe, installProbe, type ProbeResult } from './support/probe';
import { runCount, saveSection } from './support/results';
import { seedConversations, type SeededConversation } from './support/seed';
import type {
  LatencyMeasurement,
  LatencySection,
  TypingMeasurement,
  TypingSection,
} from './support/sections';
import { maximum, percentile } from './support/stats';
import {
  chunkLatencies,
  composerSending,
  sendFromBaseline,
  streamOnce,
  type StreamRunOptions,
  type StreamRunResult,
} from './support/streaming';

const TYPING_RATE = 500;
const TYPED = 'the quick brown fox jumps over';
const KEY_DELAY_MS = 100;
const LATENCY_RATE = 100;
const LATENCY_CHUNKS = 300;

test.describe.configure({ mode: 'serial' });

let emulator: Emulator;
let host: RunningHost;
let baseline: BaselineServer;
let dataDir: string;
const typingConversations: SeededConversation[] = [];
const latencyConversations: SeededConversation[] = [];

test.beforeAll(async () => {
  requireBuild();
  emulator = await startEmulator();
  dataDir = tempDataDir();
  const runs = runCount();
  const seeded = seedConversations(dataDir, [
    ...Array.from({ length: runs }, (_, i) => ({ title: `Typing (${i + 1})`, count: 200 })),
    ...Array.from({ length: runs }, (_, i) => ({ title: `Latency (${i + 1})`, count: 10 })),
  ]);
  typingConversations.push(...seeded.slice(0, runs));
  latencyConversations.push(...seeded.slice(runs));
  host = await startHost(emulator, dataDir);
  baseline = await startBaselineServer(emulator);
  baseline.addHistory('typing', typingConversations[0]!.messages);
  baseline.addHistory('latency', latencyConversations[0]!.messages);
});

test.afterAll(async () => {
  await host?.stop();
  await baseline?.close();
  await emulator?.close();
  if (dataDir) removeDataDir(dataDir);
});

function typingFigures(probe: ProbeResult): TypingMeasurement {
  const delays = probe.inputs.map((i) => i.paintedAt - i.at);
  return {
    keys: delays.length,
    p50: percentile(delays, 50),
    p95: percentile(delays, 95),
    max: maximum(delays),
  };
}

function latencyFigures(result: StreamRunResult): LatencyMeasurement {
  const delays = chunkLatencies(result);
  return {
    chunks: delays.length,
    p50: percentile(delays, 50),
    p95: percentile(delays, 95),
    max: maximum(delays),
  };
}

/** Types into the focused field at a steady pace, as a person would. */
async function typeWhileStreaming(page: Page, field: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.locator(field).focus();
  await page.keyboard.type(TYPED, { delay: KEY_DELAY_MS });
}

type Side = { opened: OpenPage; stream: Omit<StreamRunOptions, 'answer' | 'rate' | 'runId' | 'emulator'> };

async function withApp<T>(
  browser: Browser,
  conversation: SeededConversation,
  use: (side: Side) => Promise<T>,
): Promise<T> {
  const opened = await openApp(browser, host.url);
  try {
    await openAppConversation(opened.page, conversation.title, conversation.sentinel);
    return await use({
      opened,
      stream: { side: 'app', opened, answerSelector: APP.answer, ...composerSending(opened.page) },
    });
  } finally {
    await opened.context.close();
  }
}

async function withBaseline<T>(
  browser: Browser,
  history: string,
  use: (side: Side) => Promise<T>,
): Promise<T> {
  const opened = await openPage(browser, `${baseline.url}/stream.html`);
  try {
    await opened.page.evaluate(
      (h) => (window as unknown as { __baseline: { load(h: string): Promise<void> } }).__baseline.load(h),
      history,
    );
    return await use({
      opened,
      stream: { side: 'baseline', opened, answerSelector: '#answer', send: sendFromBaseline(opened.page) },
    });
  } finally {
    await opened.context.close();
  }
}

function typingRun(side: Side, field: string, runId: string): Promise<TypingMeasurement> {
  return streamOnce({
    ...side.stream,
    emulator,
    answer: markdownAnswer(2000, runId),
    rate: TYPING_RATE,
    runId,
    probe: { typing: true },
    during: (page) => typeWhileStreaming(page, field),
    graceMs: 30_000,
  }).then((result) => typingFigures(result.probe));
}

function latencyRun(side: Side, runId: string): Promise<LatencyMeasurement> {
  return streamOnce({
    ...side.stream,
    emulator,
    answer: numberedWords(LATENCY_CHUNKS),
    rate: LATENCY_RATE,
    runId,
    probe: { numbers: true },
  }).then(latencyFigures);
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

test('typing into the composer while an answer streams', async ({ browser }) => {
  const section: TypingSection = {
    rate: TYPING_RATE,
    typedChars: TYPED.length,
    keyDelayMs: KEY_DELAY_MS,
    app: [],
    baseline: [],
    idle: [],
  };
  for (let run = 1; run <= runCount(); run++) {
    const conversation = typingConversations[run - 1]!;
    const app = await withApp(browser, conversation, async (side) => {
      const idle = await (async () => {
        await side.opened.page.evaluate(installProbe, { typing: true });
        await typeWhileStreaming(side.opened.page, 'textarea.composer-input');
        await side.opened.page.waitForTimeout(200);
        const probe = await side.opened.page.evaluate(collectProbe);
        await side.opened.page.locator('textarea.composer-input').fill('');
        return typingFigures(probe);
      })();
      section.idle.push(idle);
      return typingRun(side, 'textarea.composer-input', `typing${run}app`);
    });
    section.app.push(app);
    const base = await withBaseline(browser, 'typing', (side) =>
      typingRun(side, '#composer', `typing${run}base`),
    );
    section.baseline.push(base);
    console.log(
      `typing p95: app ${ms(app.p95)} (idle ${ms(section.idle[run - 1]!.p95)}), baseline ${ms(base.p95)}`,
    );
  }
  saveSection('typing', section);
});

test('latency of each chunk from the emulator to the screen', async ({ browser }) => {
  const section: LatencySection = { rate: LATENCY_RATE, chunks: LATENCY_CHUNKS, app: [], baseline: [] };
  for (let run = 1; run <= runCount(); run++) {
    const app = await withApp(browser, latencyConversations[run - 1]!, (side) =>
      latencyRun(side, `latency${run}app`),
    );
    section.app.push(app);
    const base = await withBaseline(browser, 'latency', (side) => latencyRun(side, `latency${run}base`));
    section.baseline.push(base);
    console.log(
      `chunk latency p50/p95: app ${ms(app.p50)} / ${ms(app.p95)}, baseline ${ms(base.p50)} / ${ms(base.p95)}`,
    );
  }
  saveSection('latency', section);
});
