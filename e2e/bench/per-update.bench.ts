/**
 * Item 2 of issue 8: the streaming message's work per update, counted (not timed) near 1 KB and near 20 KB of
 * answer text, with 10 and with 1,000 messages of history. The app counts its Markdown pipeline's work in
 * `window.__modeldeskRenderStats`; the baseline page counts the characters it hands to marked.
 */
import { expect, test } from '@playwright/test';
import { startEmulator } from '../../src-main/emulator/index';
import type { Emulator } from '../../src-main/emulator/types';
import { longMarkdownAnswer } from './support/answers';
import { startBaselineServer, type BaselineServer } from './support/baseline-server';
import { removeDataDir, requireBuild, startHost, tempDataDir, type RunningHost } from './support/host';
import { APP, openApp, openAppConversation, openPage } from './support/pages';
import type { ProbeSample } from './support/probe';
import { saveSection } from './support/results';
import { seedConversations, type SeededConversation } from './support/seed';
import type { PerUpdateSection, UpdateCounts } from './support/sections';
import { composerSending, sendFromBaseline, streamOnce } from './support/streaming';

/** Windows of answer text (characters on screen) the counts are taken over. */
const SHORT_AT = 1024;
const LONG_AT = 20 * 1024;
const WINDOW = 2048;
const ANSWER_CHARS = 25 * 1024;
const RATE = 500;
/** The largest ratio of per-update work still called flat. */
const FLAT = 2.5;

test.describe.configure({ mode: 'serial' });

let emulator: Emulator;
let host: RunningHost;
let baseline: BaselineServer;
let dataDir: string;
let shortHistory: SeededConversation;
let longHistory: SeededConversation;

test.beforeAll(async () => {
  requireBuild();
  emulator = await startEmulator();
  dataDir = tempDataDir();
  [shortHistory, longHistory] = seedConversations(dataDir, [
    { title: 'History 10', count: 10 },
    { title: 'History 1000', count: 1000 },
  ]) as [SeededConversation, SeededConversation];
  host = await startHost(emulator, dataDir);
  baseline = await startBaselineServer(emulator);
  baseline.addHistory('history', shortHistory.messages);
});

test.afterAll(async () => {
  await host?.stop();
  await baseline?.close();
  await emulator?.close();
  if (dataDir) removeDataDir(dataDir);
});

/** The first sample at or past `length` characters of answer. */
function sampleAt(samples: readonly ProbeSample[], length: number): ProbeSample {
  const found = samples.find((s) => s.length >= length);
  if (!found) throw new Error(`The answer never reached ${length} characters on screen.`);
  return found;
}

function delta(from: ProbeSample, to: ProbeSample, counter: string): number {
  return (to.counters[counter] ?? 0) - (from.counters[counter] ?? 0);
}

function appCounts(samples: readonly ProbeSample[], at: number): UpdateCounts {
  const from = sampleAt(samples, at);
  const to = sampleAt(samples, at + WINDOW);
  const updates = delta(from, to, 'streamCommits');
  const per = (counter: string) => delta(from, to, counter) / updates;
  return {
    updates,
    parsedCharsPerUpdate: per('lexedChars'),
    blockParsesPerUpdate: per('blockParses'),
    finishedBlockRendersPerUpdate: per('finishedBlockRenders'),
    historyRendersPerUpdate: per('messageRenders'),
  };
}

/** The baseline logs every update as [characters on screen, characters parsed]. */
function baselineCounts(log: ReadonlyArray<readonly [number, number]>, at: number): UpdateCounts {
  const window = log.filter(([shown]) => shown >= at && shown < at + WINDOW);
  if (window.length === 0) throw new Error(`The baseline never showed ${at} characters.`);
  return {
    updates: window.length,
    parsedCharsPerUpdate: window.reduce((n, [, parsed]) => n + parsed, 0) / window.length,
  };
}

test('per-update work at 1 KB and 20 KB, with 10 and 1,000 messages of history', async ({ browser }) => {
  const answer = (id: string) => longMarkdownAnswer(ANSWER_CHARS, id);

  const appRun = async (conversation: SeededConversation, id: string) => {
    const opened = await openApp(browser, host.url, { renderStats: true });
    try {
      await openAppConversation(opened.page, conversation.title, conversation.sentinel);
      const result = await streamOnce({
        side: 'app',
        opened,
        emulator,
        answer: answer(id),
        rate: RATE,
        runId: id,
        answerSelector: APP.answer,
        probe: { counters: '__modeldeskRenderStats' },
        ...composerSending(opened.page),
      });
      return result.probe.samples;
    } finally {
      await opened.context.close();
    }
  };

  const short = await appRun(shortHistory, 'perupdate10');
  const long = await appRun(longHistory, 'perupdate1000');

  const page = await openPage(browser, `${baseline.url}/stream.html`);
  let baselineLog: Array<[number, number]>;
  try {
    await page.page.evaluate(() =>
      (window as unknown as { __baseline: { load(h: string): Promise<void> } }).__baseline.load('history'),
    );
    await streamOnce({
      side: 'baseline',
      opened: page,
      emulator,
      answer: answer('perupdatebase'),
      rate: RATE,
      runId: 'perupdatebase',
      answerSelector: '#answer',
      send: sendFromBaseline(page.page, true),
      graceMs: 30_000,
    });
    baselineLog = await page.page.evaluate(
      () => (window as unknown as { __baselineStats: { log: Array<[number, number]> } }).__baselineStats.log,
    );
  } finally {
    await page.context.close();
  }

  const section: PerUpdateSection = {
    windowChars: WINDOW,
    answerChars: answer('x').text.length,
    rate: RATE,
    app: {
      short: appCounts(short, SHORT_AT),
      long: appCounts(short, LONG_AT),
      shortWithLongHistory: appCounts(long, SHORT_AT),
      longWithLongHistory: appCounts(long, LONG_AT),
    },
    baseline: {
      short: baselineCounts(baselineLog, SHORT_AT),
      long: baselineCounts(baselineLog, LONG_AT),
    },
  };
  saveSection('per-update', section);
  console.log(JSON.stringify(section, null, 1));

  // Counts, not clocks: the work of one update must not grow with the answer's length or the history's. Work
  // proportional to the length would give about 10 between these windows; commits carry more text when frames
  // are slower, hence the margin.
  const { app } = section;
  const flat = (a: UpdateCounts, b: UpdateCounts) => b.parsedCharsPerUpdate / a.parsedCharsPerUpdate;
  expect
    .soft(flat(app.short, app.long), 'lexed characters per update, 20 KB against 1 KB')
    .toBeLessThan(FLAT);
  expect
    .soft(flat(app.short, app.shortWithLongHistory), 'lexed characters per update, 1,000 messages against 10')
    .toBeLessThan(FLAT);
  expect
    .soft(flat(app.long, app.longWithLongHistory), 'lexed characters per update, 1,000 messages against 10')
    .toBeLessThan(FLAT);
  for (const counts of Object.values(app)) {
    expect.soft(counts.historyRendersPerUpdate, 'history messages rendered per update').toBe(0);
  }
});
