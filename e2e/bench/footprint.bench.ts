/**
 * Item 7 of issue 8 (the renderer heap is measured in conversation.bench.ts): the renderer bundle's size, a cold
 * load to interactive in Chromium, and the main process's memory after 1,000 messages through the bridge.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { test, type Browser } from '@playwright/test';
import { startEmulator } from '../../src-main/emulator/index';
import type { Emulator } from '../../src-main/emulator/types';
import { markdownSection } from './support/answers';
import { startBaselineServer, type BaselineServer } from './support/baseline-server';
import { BridgeClient } from './support/bridge-client';
import {
  removeDataDir,
  REPO_ROOT,
  requireBuild,
  startHost,
  tempDataDir,
  type RunningHost,
} from './support/host';
import { runCount, saveSection } from './support/results';
import { seedConversations } from './support/seed';
import type { ColdLoad, FootprintSection } from './support/sections';

const RENDERER = join(REPO_ROOT, 'out/renderer');
const MEMORY_MESSAGES = 1000;
const MEMORY_CONVERSATIONS = 10;
/** Memory is read every this many messages, to show whether it levels off. */
const MEMORY_CHECKPOINT = 200;

test.describe.configure({ mode: 'serial' });

let emulator: Emulator;
let baseline: BaselineServer;

test.beforeAll(async () => {
  requireBuild();
  emulator = await startEmulator();
  baseline = await startBaselineServer(emulator);
});

test.afterAll(async () => {
  await baseline?.close();
  await emulator?.close();
});

/** The files a browser may load (source maps, which the bench build adds, are not shipped to it). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && !f.endsWith('.map'));
}

const gzipBytes = (paths: string[]) => paths.reduce((n, p) => n + gzipSync(readFileSync(p)).length, 0);
const bytes = (paths: string[]) => paths.reduce((n, p) => n + statSync(p).size, 0);

function bundleSize(): FootprintSection['bundle'] {
  const files = filesUnder(RENDERER);
  const html = readFileSync(join(RENDERER, 'index.html'), 'utf8');
  const referenced = (pattern: RegExp) => [...html.matchAll(pattern)].map((m) => join(RENDERER, m[1]!));
  const initialJs = [
    ...referenced(/<script[^>]*\ssrc="\.?\/?([^"]+\.js)"/g),
    ...referenced(/<link rel="modulepreload"[^>]*href="\.?\/?([^"]+\.js)"/g),
  ];
  const initialCss = referenced(/<link rel="stylesheet"[^>]*href="\.?\/?([^"]+\.css)"/g);
  const js = files.filter((f) => f.endsWith('.js'));
  const baselineJs = [
    join(REPO_ROOT, 'node_modules/marked/lib/marked.esm.js'),
    join(import.meta.dirname, 'baseline/stream.js'),
    join(import.meta.dirname, 'baseline/render.js'),
  ];
  return {
    files: files.length,
    totalBytes: bytes(files),
    initialJsBytes: bytes(initialJs),
    initialJsGzipBytes: gzipBytes(initialJs),
    initialCssBytes: bytes(initialCss),
    lazyJsBytes: bytes(js.filter((f) => !initialJs.includes(f))),
    fontBytes: bytes(files.filter((f) => /\.(woff2?|ttf)$/.test(f))),
    baselineJsBytes: bytes(baselineJs),
    baselineJsGzipBytes: gzipBytes(baselineJs),
  };
}

/**
 * Loads `url` in a fresh context (empty cache) and returns when `ready` first holds, as the frame that showed it
 * was painted (every selector in `ready` matches), in ms since navigation start; with the first contentful paint.
 */
async function coldLoad(browser: Browser, url: string, ready: string[]): Promise<ColdLoad> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript((selectors: string[]) => {
      const isReady = () => selectors.every((s) => document.querySelector(s));
      const host = window as unknown as { __interactiveAt?: number };
      const watch = () => {
        if (isReady()) {
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => (host.__interactiveAt = performance.now());
            channel.port2.postMessage(0);
          });
          return;
        }
        requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    }, ready);
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __interactiveAt?: number }).__interactiveAt);
    return await page.evaluate(() => ({
      interactiveMs: (window as unknown as { __interactiveAt: number }).__interactiveAt,
      firstContentfulPaintMs:
        performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    }));
  } finally {
    await context.close();
  }
}

/** The app is interactive once the composer takes input and the sidebar has listed the conversations. */
const APP_READY = ['textarea[aria-label="Message"]', 'button.conversation-open'];
/** The baseline page marks its body once its script has run. */
const BASELINE_READY = ['#composer', 'body[data-ready]'];

test('renderer bundle size and cold load to interactive', async ({ browser }) => {
  const bundle = bundleSize();
  const dataDir = tempDataDir();
  let host: RunningHost | undefined;
  try {
    seedConversations(
      dataDir,
      Array.from({ length: 20 }, (_, i) => ({ title: `Earlier conversation (${i + 1})`, count: 10 })),
    );
    host = await startHost(emulator, dataDir);
    const coldLoads: FootprintSection['coldLoad'] = { app: [], baseline: [] };
    for (let run = 1; run <= runCount(); run++) {
      coldLoads.app.push(await coldLoad(browser, host.url, APP_READY));
      coldLoads.baseline.push(await coldLoad(browser, `${baseline.url}/stream.html`, BASELINE_READY));
      console.log(
        `cold load to interactive: app ${coldLoads.app[run - 1]!.interactiveMs.toFixed(0)} ms, ` +
          `baseline ${coldLoads.baseline[run - 1]!.interactiveMs.toFixed(0)} ms`,
      );
    }
    saveSection('bundle', { bundle, coldLoad: coldLoads });
  } finally {
    await host?.stop();
    removeDataDir(dataDir);
  }
});

test(`main-process memory after ${MEMORY_MESSAGES} messages`, async ({ browser }) => {
  const dataDir = tempDataDir();
  const host = await startHost(emulator, dataDir, { inspect: true });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    await page.waitForTimeout(1000);
    const section: FootprintSection['mainMemory'] = { checkpoints: [], seconds: 0 };
    const checkpoint = async (messages: number) => {
      const heapBytes = await host.heapAfterGc();
      section.checkpoints.push({ messages, residentBytes: host.residentBytes(), heapBytes });
    };
    await checkpoint(0);

    emulator.script({
      match: { promptIncludes: 'memory-run' },
      reply: { text: markdownSection(3), chunkSize: 24, chunksPerSecond: 1000 },
      times: Infinity,
    });
    const client = await BridgeClient.connect(host.url);
    const conversations = await Promise.all(
      Array.from({ length: MEMORY_CONVERSATIONS }, (_, c) =>
        client.call<{ id: string }>('conversations.create', { title: `Memory ${c + 1}` }),
      ),
    );
    const started = performance.now();
    // Each round is one exchange (a question and its answer) in each conversation, all at once.
    const perRound = 2 * MEMORY_CONVERSATIONS;
    for (let round = 1; round <= MEMORY_MESSAGES / perRound; round++) {
      await Promise.all(conversations.map((c) => client.exchange(c.id, `Question ${round}, memory-run`)));
      if ((round * perRound) % MEMORY_CHECKPOINT === 0) await checkpoint(round * perRound);
    }
    section.seconds = (performance.now() - started) / 1000;
    client.close();

    const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
    console.log(
      section.checkpoints
        .map((c) => `${c.messages} messages: resident ${mb(c.residentBytes)}, heap ${mb(c.heapBytes)}`)
        .join('\n'),
    );
    saveSection('main-memory', section);
  } finally {
    await context.close();
    await host.stop();
    removeDataDir(dataDir);
  }
});
