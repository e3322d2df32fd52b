/** Before the benchmark: forget the figures of any earlier run, note when this one started and which Chromium runs it. */
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../../playwright.config';
import { clearSections, saveSection } from '../support/results';

export default async function globalSetup(): Promise<void> {
  clearSections();
  saveSection('started', { at: Date.now(), loadAverage: loadavg()[0] });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  saveSection('environment', { chromium: browser.version() });
  await browser.close();
}
