/**
 * Item 3 of issue 8, and the renderer-heap part of item 7: opening long conversations. The app opens a 1,000-message
 * conversation from its sidebar (and a 10,000-message one); the baseline is a plain list that renders every
 * message. Then ten 1,000-message conversations are opened and closed in turn, and the JS heap is compared.
 */
import { test, type Browser } from '@playwright/test';
import { startEmulator } from '../../src-main/emulator/index';
import type { Emulator } from '../../src-main/emulator/types';
import { startBaselineServer, type BaselineServer } from './support/baseline-server';
import { removeDataDir, requireBuild, startHost, tempDataDir, type RunningHost } from './support/host';
import {
  openApp,
  openAppConversation,
  openBaselineList,
  openPage,
  withTimeout,
  type Opened,
} from './support/pages';
import { runCount, saveSection } from './support/results';
import { seedConversations, type SeededConversation } from './support/seed';
import type { FootprintSection, OpeningSection, OpenMeasurement } from './support/sections';

const LONG = 1000;
const HUGE = 10_000;
const HEAP_CONVERSATIONS = 10;

test.describe.configure({ mode: 'serial' });

let emulator: Emulator;
let host: RunningHost;
let baseline: BaselineServer;
let dataDir: string;
let long: SeededConversation[];
let huge: SeededConversation;

test.beforeAll(async () => {
  requireBuild();
  emulator = await startEmulator();
  dataDir = tempDataDir();
  const seeded = seedConversations(dataDir, [
    { title: `Conversation of ${HUGE}`, count: HUGE },
    ...Array.from({ length: HEAP_CONVERSATIONS }, (_, i) => ({
      title: `Conversation of ${LONG} (${i + 1})`,
      count: LONG,
    })),
  ]);
  huge = seeded[0]!;
  long = seeded.slice(1);
  host = await startHost(emulator, dataDir);
  baseline = await startBaselineServer(emulator);
  for (const conversation of seeded) baseline.addHistory(conversation.title, conversation.messages);
});

test.afterAll(async () => {
  await host?.stop();
  await baseline?.close();
  await emulator?.close();
  if (dataDir) removeDataDir(dataDir);
});

function figures(opened: Opened, messages: number): OpenMeasurement {
  return {
    messages,
    paintedMs: opened.paintedMs,
    longestTaskMs: opened.longestTaskMs,
    longestFrameMs: opened.longestFrameMs,
    domNodes: opened.domNodes,
  };
}

function describe(side: string, m: OpenMeasurement): string {
  return (
    `${side.padEnd(8)} ${m.messages} messages: painted at the bottom in ${m.paintedMs.toFixed(0)} ms, ` +
    `longest task ${m.longestTaskMs.toFixed(0)} ms, ${m.domNodes} DOM elements`
  );
}

async function appOpen(browser: Browser, conversation: SeededConversation): Promise<OpenMeasurement> {
  const opened = await openApp(browser, host.url);
  try {
    const result = await openAppConversation(opened.page, conversation.title, conversation.sentinel, 500);
    return figures(result, conversation.messages.length);
  } finally {
    await opened.context.close();
  }
}

async function baselineOpen(browser: Browser, conversation: SeededConversation): Promise<OpenMeasurement> {
  const opened = await openPage(browser, `${baseline.url}/list.html`);
  try {
    const result = await openBaselineList(opened.page, conversation.title, conversation.sentinel, 500);
    return figures(result, conversation.messages.length);
  } finally {
    await opened.context.close();
  }
}

test(`opening a conversation of ${LONG} messages, and of ${HUGE}`, async ({ browser }) => {
  const section: OpeningSection = {
    app: [],
    baseline: [],
    huge: { app: await appOpen(browser, huge), baseline: null },
  };
  console.log(describe('app', section.huge.app));
  for (let run = 1; run <= runCount(); run++) {
    const app = await appOpen(browser, long[0]!);
    section.app.push(app);
    console.log(describe('app', app));
    const base = await baselineOpen(browser, long[0]!);
    section.baseline.push(base);
    console.log(describe('baseline', base));
  }
  try {
    section.huge.baseline = await withTimeout(
      baselineOpen(browser, huge),
      120_000,
      `the plain list to render ${HUGE} messages`,
    );
    console.log(describe('baseline', section.huge.baseline));
  } catch (error) {
    section.huge.baselineNote = (error as Error).message;
  }
  saveSection('opening', section);
});

test(`renderer heap after opening and closing ${HEAP_CONVERSATIONS} conversations of ${LONG}`, async ({
  browser,
}) => {
  const heap: FootprintSection['rendererHeap'] = {
    conversations: HEAP_CONVERSATIONS,
    messagesEach: LONG,
    app: [],
    baseline: [],
  };

  // The heap after a full collection at start, then after each conversation was opened and closed.
  const app = await openApp(browser, host.url);
  try {
    heap.app.push(await app.devtools.heapAfterGc());
    for (const conversation of long) {
      await openAppConversation(app.page, conversation.title, conversation.sentinel, 200);
      await app.page.getByRole('button', { name: 'New chat' }).click();
      await app.page.waitForTimeout(200);
      heap.app.push(await app.devtools.heapAfterGc());
    }
  } finally {
    await app.context.close();
  }

  const plain = await openPage(browser, `${baseline.url}/list.html`);
  try {
    heap.baseline.push(await plain.devtools.heapAfterGc());
    for (const conversation of long) {
      await openBaselineList(plain.page, conversation.title, conversation.sentinel, 200);
      await plain.page.evaluate(() => (window as unknown as { __list: { close(): void } }).__list.close());
      heap.baseline.push(await plain.devtools.heapAfterGc());
    }
  } finally {
    await plain.context.close();
  }
  const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
  console.log(`heap: app ${heap.app.map(mb).join(' → ')}; baseline ${heap.baseline.map(mb).join(' → ')}`);
  saveSection('renderer-heap', heap);
});
