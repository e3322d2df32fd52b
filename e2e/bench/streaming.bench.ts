/**
 * Items 1 and 8 of issue 8: a 2,000-token Markdown answer streamed at 100, 500 and 2,000 tokens per second into a
 * conversation with 200 messages of history, by the app and by the re-parse baseline, at full speed and with the
 * CPU slowed four times. Beside them (issue 16), the app as it was before the streaming path was rebuilt, built from
 * its commit (previous-build.ts), so each cut's before and after come from the same run.
 */
import { test, type Browser } from '@playwright/test';
import { startEmulator } from '../../src-main/emulator/index';
import type { Emulator } from '../../src-main/emulator/types';
import { markdownAnswer } from './support/answers';
import { startBaselineServer, type BaselineServer } from './support/baseline-server';
import type { ProfileFrame } from './support/cdp';
import { removeDataDir, requireBuild, startHost, tempDataDir, type RunningHost } from './support/host';
import { APP, openApp, openAppConversation, openPage } from './support/pages';
import { listFromEnv, runCount, saveSection } from './support/results';
import type { SeededConversation } from './support/seed';
import { seedConversations } from './support/seed';
import { buildPrevious, type PreviousBuildResult } from './support/previous-build';
import { moduleNamer, rendererModuleOf } from './support/source-maps';
import type { StreamingSection } from './support/sections';
import {
  composerSending,
  sendFromBaseline,
  streamOnce,
  type StreamMeasurement,
  type StreamSide,
  unobservedFigures,
} from './support/streaming';

const RATES = listFromEnv('BENCH_RATES') ?? [100, 500, 2000];
const TOKENS = 2000;
const HISTORY = 200;
const THROTTLES = listFromEnv('BENCH_THROTTLES') ?? [1, 4];

test.describe.configure({ mode: 'serial' });

/** One build of the app under test: its web host, its data, and how its profiles are named. */
type AppUnderTest = {
  host: RunningHost;
  dataDir: string;
  /** One conversation per run, so every answer has exactly 200 messages of history. */
  conversations: SeededConversation[];
  nameFrames: (frame: ProfileFrame) => string;
};

let emulator: Emulator;
let baseline: BaselineServer;
const apps: Partial<Record<Exclude<StreamSide, 'baseline'>, AppUnderTest>> = {};
let previous: PreviousBuildResult;

async function startApp(entry?: string, rendererDir?: string): Promise<AppUnderTest> {
  const dataDir = tempDataDir();
  // One conversation per run; at full speed each run is repeated once with nothing observing the page.
  const runs = runCount() * RATES.length * (THROTTLES.length + (THROTTLES.includes(1) ? 1 : 0));
  const conversations = seedConversations(
    dataDir,
    Array.from({ length: runs }, (_, i) => ({ title: `History ${HISTORY} (${i + 1})`, count: HISTORY })),
  );
  const host = await startHost(emulator, dataDir, entry ? { entry } : {});
  return {
    host,
    dataDir,
    conversations,
    nameFrames: rendererDir ? moduleNamer(rendererDir) : rendererModuleOf,
  };
}

test.beforeAll(async () => {
  requireBuild();
  emulator = await startEmulator();
  apps.app = await startApp();
  previous = buildPrevious();
  if (previous.build) apps.previous = await startApp(previous.build.hostEntry, previous.build.rendererDir);
  else console.log(`No previous version beside the app: ${previous.reason}`);
  baseline = await startBaselineServer(emulator);
  baseline.addHistory('history', apps.app.conversations[0]!.messages);
});

test.afterAll(async () => {
  for (const app of Object.values(apps)) {
    await app.host.stop();
    removeDataDir(app.dataDir);
  }
  await baseline?.close();
  await emulator?.close();
});

async function appRun(
  browser: Browser,
  side: Exclude<StreamSide, 'baseline'>,
  rate: number,
  throttle: number,
  runId: string,
  unobserved = false,
): Promise<StreamMeasurement> {
  const app = apps[side]!;
  const conversation = app.conversations.shift();
  if (!conversation) throw new Error('Not enough seeded conversations for the runs.');
  const opened = await openApp(browser, app.host.url);
  try {
    const open = await openAppConversation(opened.page, conversation.title, conversation.sentinel);
    const result = await streamOnce({
      side,
      opened,
      emulator,
      answer: markdownAnswer(TOKENS, runId),
      rate,
      runId,
      throttle,
      answerSelector: APP.answer,
      nameFrames: app.nameFrames,
      hostPid: app.host.pid,
      unobserved,
      ...composerSending(opened.page),
    });
    return { ...result.measurement, open: { paintedMs: open.paintedMs, domNodes: open.domNodes } };
  } finally {
    await opened.context.close();
  }
}

async function baselineRun(
  browser: Browser,
  rate: number,
  throttle: number,
  runId: string,
  unobserved = false,
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
      unobserved,
    });
    return result.measurement;
  } finally {
    await opened.context.close();
  }
}

/** Streams the answer of a run again with nothing observing the page, and keeps its figures beside the run's. */
async function withUnobserved(
  m: StreamMeasurement,
  again: () => Promise<StreamMeasurement>,
): Promise<StreamMeasurement> {
  if (m.throttle !== 1) return m;
  const plain = unobservedFigures(await again());
  console.log(
    `${m.side.padEnd(8)} ${String(m.rate).padStart(4)} tok/s ×1 unobserved: keep-up ${plain.keepUp.toFixed(3)}, ` +
      `busy ${((plain.taskMs / plain.wallMs) * 100).toFixed(1)} %, main-thread CPU ` +
      `${((plain.mainThreadCpuMs / plain.wallMs) * 100).toFixed(1)} %`,
  );
  return { ...m, unobserved: plain };
}

function describe(m: StreamMeasurement): string {
  return (
    `${m.side.padEnd(8)} ${String(m.rate).padStart(4)} tok/s ×${m.throttle}: keep-up ${m.keepUp.toFixed(3)}` +
    `${m.timedOut ? '+' : ''}, frame gap p95 ${m.frameGapP95.toFixed(1)} ms, stall ${m.longestStallMs.toFixed(0)} ms, ` +
    `script ${m.scriptMs.toFixed(0)} ms, busy ${((m.taskMs / m.wallMs) * 100).toFixed(1)} %, main-thread CPU ` +
    `${((m.mainThreadCpuMs / m.wallMs) * 100).toFixed(1)} %`
  );
}

for (const throttle of THROTTLES) {
  test(`streaming a ${TOKENS}-token answer, CPU ×${throttle}`, async ({ browser }) => {
    const section: StreamingSection = {
      answerTokens: TOKENS,
      historyMessages: HISTORY,
      throttle,
      previous: previous.build
        ? { commit: previous.build.commit, label: previous.build.label }
        : { reason: previous.reason },
      rates: RATES.map((rate) => ({ rate, app: [], previous: [], baseline: [] })),
    };
    for (let run = 1; run <= runCount(); run++) {
      for (const entry of section.rates) {
        const id = `r${run}x${throttle}at${entry.rate}`;
        const app = await appRun(browser, 'app', entry.rate, throttle, `${id}app`);
        console.log(describe(app));
        entry.app.push(
          await withUnobserved(app, () => appRun(browser, 'app', entry.rate, 1, `${id}appU`, true)),
        );
        if (apps.previous) {
          const before = await appRun(browser, 'previous', entry.rate, throttle, `${id}prev`);
          console.log(describe(before));
          entry.previous.push(
            await withUnobserved(before, () =>
              appRun(browser, 'previous', entry.rate, 1, `${id}prevU`, true),
            ),
          );
        }
        const base = await baselineRun(browser, entry.rate, throttle, `${id}base`);
        console.log(describe(base));
        entry.baseline.push(
          await withUnobserved(base, () => baselineRun(browser, entry.rate, 1, `${id}baseU`, true)),
        );
      }
      saveSection(throttle === 1 ? 'streaming' : 'throttled', section);
    }
  });
}
