/**
 * Driving the two sides of each comparison: the app (the real renderer from the web host) and the baseline pages.
 * Each opens in its own browser context, so nothing is shared between them but the machine.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { DevTools } from './cdp';
import { collectProbe, installProbe, probeDone, type ProbeOptions } from './probe';
import { maximum } from './stats';

export type OpenPage = { context: BrowserContext; page: Page; devtools: DevTools; clockOffsetMs: number };

/** `promise`, or an error saying what did not happen within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Waited ${ms / 1000} s for ${what}.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Milliseconds since the epoch on this process's clock (the emulator's). */
function nodeNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * How far the page's clock (timeOrigin + now) is ahead of this process's, from the quickest of several round trips
 * (accurate to half of it, about a millisecond).
 */
export async function clockOffset(page: Page): Promise<number> {
  let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 };
  for (let i = 0; i < 7; i++) {
    const before = nodeNow();
    const pageTime = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = nodeNow();
    if (after - before < best.rtt) best = { rtt: after - before, offset: pageTime - (before + after) / 2 };
  }
  return best.offset;
}

export async function openPage(
  browser: Browser,
  url: string,
  options: { renderStats?: boolean } = {},
): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (options.renderStats) {
    await context.addInitScript(() => {
      (window as unknown as { __modeldeskRenderStats: object }).__modeldeskRenderStats = {};
    });
  }
  const page = await context.newPage();
  await page.goto(url);
  const devtools = await DevTools.attach(page);
  return { context, page, devtools, clockOffsetMs: await clockOffset(page) };
}

/** The app's page, ready: the composer is on screen. */
export async function openApp(browser: Browser, url: string, options: { renderStats?: boolean } = {}) {
  const opened = await openPage(browser, url, options);
  await opened.page.getByRole('textbox', { name: 'Message' }).waitFor();
  return opened;
}

/** Selectors of the app's DOM the benchmark watches. */
export const APP = {
  answer: '.message-assistant .markdown',
  lastRow: '.message-row.is-last',
  scroller: '.message-scroller',
};

/** What opening a conversation cost: time to the last message painted in view, the longest task, DOM size. */
export type Opened = {
  paintedMs: number;
  /** The longest task (of 50 ms or more; 0 when none was). */
  longestTaskMs: number;
  /** The longest animation frame (of 50 ms or more; 0 when none was). */
  longestFrameMs: number;
  domNodes: number;
};

async function measureOpening(page: Page, start: () => Promise<number>, settleMs: number): Promise<Opened> {
  const startedAt = await start();
  const paintedAt = await withTimeout(
    page.evaluate(probeDone),
    60_000,
    'the conversation to be painted at its end',
  );
  await page.waitForTimeout(settleMs);
  const probe = await page.evaluate(collectProbe);
  const inWindow = (t: { start: number }) => t.start >= startedAt - 1 && t.start <= paintedAt;
  const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  return {
    paintedMs: paintedAt - startedAt,
    longestTaskMs: maximum(probe.longTasks.filter(inWindow).map((t) => t.duration)),
    longestFrameMs: maximum(probe.animationFrames.filter(inWindow).map((f) => f.duration)),
    domNodes,
  };
}

/** Opens a conversation from the app's sidebar, as a click does, and waits for its end to be painted in view. */
export async function openAppConversation(
  page: Page,
  title: string,
  sentinel: string,
  settleMs = 300,
): Promise<Opened> {
  await page.waitForFunction(
    (wanted) =>
      [...document.querySelectorAll('button.conversation-open .conversation-title')].some(
        (t) => t.textContent === wanted,
      ),
    title,
  );
  await page.evaluate(installProbe, {
    bottom: { selector: APP.lastRow, sentinel, viewport: APP.scroller },
  } satisfies ProbeOptions);
  return measureOpening(
    page,
    () =>
      page.evaluate((wanted) => {
        const buttons = [...document.querySelectorAll<HTMLButtonElement>('button.conversation-open')];
        const button = buttons.find((b) => b.querySelector('.conversation-title')?.textContent === wanted);
        if (!button) throw new Error(`No conversation titled "${wanted}" in the sidebar.`);
        const t = performance.now();
        button.click();
        return t;
      }, title),
    settleMs,
  );
}

/** Opens a conversation in the plain-list baseline page and waits for its end to be painted in view. */
export async function openBaselineList(
  page: Page,
  name: string,
  sentinel: string,
  settleMs = 300,
): Promise<Opened> {
  await page.evaluate(installProbe, {
    bottom: { selector: '#list > article:last-child', sentinel, viewport: '#scroller' },
  } satisfies ProbeOptions);
  return measureOpening(
    page,
    () =>
      page.evaluate((history) => {
        const t = performance.now();
        void (window as unknown as { __list: { open(h: string): Promise<void> } }).__list.open(history);
        return t;
      }, name),
    settleMs,
  );
}
