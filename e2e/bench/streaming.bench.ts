/**
 * Items 1 and 8 of issue 8: a 2,000-token Markdown answer streamed at 100, 500 and 2,000 tokens per second into a
 * conversation with 200 messages of history, by the app and by the re-parse baseline, at full speed and with the
 * CPU slowed four times.
 */
import { test, type Browser } from '@playwright/test';
import { startEmulator } from '../../src-main/emulator/index';
import type { Emulator } from '../../src-main/emulator/types';
import { markdownAnswer } from './support/answers';
import { startBaselineServer, type BaselineServer } from './support/baseline-server';
import { removeDataDir, requireBuild, startHost, tempDataDir, type RunningHost } from './support/host';
import { APP, openApp, openAppConversation, openPage } from './support/pages';
import { runCount, saveSection } from './support/results';
import type { SeededConversation } from './support/seed';
import { seedConversations } from './support/seed';
import { rendererModuleOf } from './support/source-maps';
import type { StreamingSection } from './support/sections';
import { composerSending, sendFromBaseline, streamOnce, type StreamMeasurement } from './support/streaming';

const RATES = [100, 500, 2000];
const TOKENS = 2000;
const HISTORY = 200;
const THROTTLES = [1, 4];

test.describe.configure({ mode: 'serial' });

let emulator: Emulator;
let host: RunningHost;
let baseline: BaselineServer;
let dataDir: string;
/** One conversation per app run, so every answer has exactly 200 messages of history. */
const conversations: SeededConversation[] = [];

test.beforeAll(async () => {
  requireBuild();
  emulator = await startEmulator();
  dataDir = tempDataDir();
  const runs = runCount() * RATES.length * THROTTLES.length;
  conversations.push(
    ...seedConversations(
      dataDir,
      Array.from({ length: runs }, (_, i) => ({ title: `History ${HISTORY} (${i + 1})`, count: HISTORY })),
    ),
  );
  host = await startHost(emulator, dataDir);
  baseline = await startBaselineServer(emulator);
  baseline.addHistory('history', conversations[0]!.messages);
});

test.afterAll(async () => {
  await host?.stop();
  await baseline?.close();
  await emulator?.close();
  if (dataDir) removeDataDir(dataDir);
});

async function appRun(
  browser: Browser,
  rate: number,
  throttle: number,
  runId: string,
): Promise<StreamMeasurement> {
  const conversation = conversations.shift();
  if (!conversation) throw new Error('Not enough seeded conversations for the runs.');
  const opened = await openApp(browser, host.url);
  try {
    await openAppConversation(opened.page, conversation.title, conversation.sentinel);
    const result = await streamOnce({
      side: 'app',
      opened,
      emulator,
      answer: markdownAnswer(TOKENS, runId),
      rate,
      runId,
      throttle,
      answerSelector: APP.answer,
      nameFrames: rendererModuleOf,
      ...composerSending(opened.page),
    });
    return result.measurement;
  } finally {
    await opened.context.close();
  }
}

async function baselineRun(
  browser: Browser,
  rate: number,
  throttle: number,
  runId: string,
): Promise<StreamMeasurement> {
  const opened = await openPage(browser, `${baseline.url}/stream.html`);
  try {
    await opened.page.evaluate(() =>
      (window as unknown as { __baseline: { load(h: string): Promise<void> } }).__baseline.load('history'),
    );
    const result = await streamOnce({
      side: 'baseline',
      opened,
      emulator,
      answer: markdownAnswer(TOKENS, runId),
      rate,
      runId,
      throttle,
      answerSelector: '#answer',
      send: sendFromBaseline(opened.page),
      // A slowed baseline can take minutes to catch up; past this it is reported as "more than".
      graceMs: 15_000,
    });
    return result.measurement;
  } finally {
    await opened.context.close();
  }
}

function describe(m: StreamMeasurement): string {
  return (
    `${m.side.padEnd(8)} ${String(m.rate).padStart(4)} tok/s ×${m.throttle}: keep-up ${m.keepUp.toFixed(3)}` +
    `${m.timedOut ? '+' : ''}, frame gap p95 ${m.frameGapP95.toFixed(1)} ms, stall ${m.longestStallMs.toFixed(0)} ms, ` +
    `script ${m.scriptMs.toFixed(0)} ms`
  );
}

for (const throttle of THROTTLES) {
  test(`streaming a ${TOKENS}-token answer, CPU ×${throttle}`, async ({ browser }) => {
    const section: StreamingSection = {
      answerTokens: TOKENS,
      historyMessages: HISTORY,
      throttle,
      rates: RATES.map((rate) => ({ rate, app: [], baseline: [] })),
    };
    for (let run = 1; run <= runCount(); run++) {
      for (const entry of section.rates) {
        const id = `r${run}x${throttle}at${entry.rate}`;
        const app = await appRun(browser, entry.rate, throttle, `${id}app`);
        entry.app.push(app);
        console.log(describe(app));
        const base = await baselineRun(browser, entry.rate, throttle, `${id}base`);
        entry.baseline.push(base);
        console.log(describe(base));
      }
      saveSection(throttle === 1 ? 'streaming' : 'throttled', section);
    }
  });
}
