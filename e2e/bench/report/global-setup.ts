/**
 * Before the benchmark: forget the figures of any earlier run, note when this one started, from which commit (read
 * now: the build measured is the one made before the run, and the tree may change while it runs), and which Chromium
 * runs it.
 */
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../../playwright.config';
import { clearSections, saveSection } from '../support/results';
import { commit } from './commit';

export default async function globalSetup(): Promise<void> {
  clearSections();
  saveSection('started', { at: Date.now(), loadAverage: loadavg()[0], commit: commit() });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  saveSection('environment', { chromium: browser.version() });
  await browser.close();
}
