/**
 * The main screens, light and dark, as test artifacts; with MODELDESK_SCREENSHOTS=1 also written to
 * e2e/screenshots/ for the README. Each screen is reached as a user would, against the emulator, and on each one
 * every control must have an accessible name.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { pngBytes } from '../src-main/core/storage/testing/fixtures';
import { expect, test } from './fixtures';

const FOR_README = process.env.MODELDESK_SCREENSHOTS === '1';
const README_DIR = join(import.meta.dirname, 'screenshots');

const CONTROL =
  /^\s*- (button|link|textbox|searchbox|combobox|checkbox|radio|switch|tab|slider|spinbutton)\b(?! ")/;

/** Every control on screen has an accessible name (the accessibility tree as assistive technology reads it). */
async function expectNamedControls(page: Page, name: string): Promise<void> {
  const tree = await page.locator('body').ariaSnapshot();
  const unnamed = tree.split('\n').filter((line) => CONTROL.test(line));
  expect(unnamed, `controls without a name on ${name}`).toEqual([]);
}

/** Both themes of what is on screen now: attached to the test, and for the README when asked. */
async function screens(page: Page, name: string): Promise<void> {
  await expectNamedControls(page, name);
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    await page.waitForTimeout(150);
    const file = `${name}-${theme}.png`;
    const path = test.info().outputPath(file);
    await page.screenshot({ path });
    await test.info().attach(file, { path, contentType: 'image/png' });
    if (FOR_README) {
      mkdirSync(README_DIR, { recursive: true });
      await page.screenshot({ path: join(README_DIR, file) });
    }
  }
  await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
}

const RICH_ANSWER = [
  'Here is a retry helper with **exponential backoff** and full jitter:',
  '',
  '```ts',
  'export async function withRetry<T>(call: () => Promise<T>, attempts = 4): Promise<T> {',
  '  for (let attempt = 1; ; attempt++) {',
  '    try {',
  '      return await call();',
  '    } catch (error) {',
  '      if (attempt >= attempts) throw error;',
  '      const ceiling = 500 * 2 ** (attempt - 1);',
  '      await new Promise((r) => setTimeout(r, Math.random() * ceiling));',
  '    }',
  '  }',
  '}',
  '```',
  '',
  '| Attempt | Longest wait |',
  '| ------: | -----------: |',
  '| 2 | 0.5 s |',
  '| 3 | 1 s |',
  '| 4 | 2 s |',
  '',
  '- Retry only what can succeed later: **429**, **5xx**, timeouts.',
  '- Respect `retry-after` when the server sends it.',
].join('\n');

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  await expect(page.getByRole('article', { name: /^Answer/ }).last()).toHaveAttribute('aria-busy', 'false');
}

async function attach(page: Page, name: string, bytes: Buffer): Promise<void> {
  await page
    .locator('input[type="file"][multiple]')
    .setInputFiles({ name, mimeType: 'image/png', buffer: bytes });
  await expect(page.getByRole('list', { name: 'Attached images' }).getByRole('img', { name })).toBeVisible();
  await expect(page.getByRole('status', { name: `Preparing ${name}` })).toHaveCount(0);
}

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name });

test('the main screens, light and dark, with every control named', async ({ page, emulator }) => {
  test.setTimeout(120_000);
  const photo = pngBytes(480, 320, (x, y) => {
    const sun = (x - 336) ** 2 + (y - 96) ** 2 < 38.4 ** 2;
    if (sun) return [255, 196, 60];
    return y < 192 ? [90, 150, 230 - (y % 40)] : [60, 140 + (x % 30), 70];
  });
  emulator.script(
    { match: { promptIncludes: 'retry helper' }, reply: { text: RICH_ANSWER } },
    {
      match: { imageSha256: createHash('sha256').update(photo).digest('hex') },
      reply: { text: 'A **sunny landscape**: a blue sky over green fields, with the sun high on the right.' },
    },
    { match: { promptIncludes: 'busy' }, fault: { kind: 'rate-limit', retryAfterSeconds: 30 } },
  );
  await send(page, 'How should I size the connection pool?');
  await page.keyboard.press('Control+Shift+O');
  await send(page, 'Write a retry helper in TypeScript');
  await screens(page, 'chat');

  await page.getByRole('combobox', { name: 'Model' }).click();
  await page.getByRole('searchbox', { name: 'Search models' }).fill('gpt');
  await screens(page, 'model-picker');
  await page.keyboard.press('Escape');

  await page.keyboard.press('Control+Shift+O');
  await attach(page, 'landscape.png', photo);
  await page.getByRole('textbox', { name: 'Message' }).fill('What is in this picture?');
  await expect(page.getByText(/tokens \(\d+ for images\)/)).toBeVisible();
  await screens(page, 'composer-image');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('article', { name: /^Answer/ }).last()).toHaveAttribute('aria-busy', 'false');

  await page.keyboard.press('Control+Shift+O');
  await page.getByRole('textbox', { name: 'Message' }).fill('Ask at a busy time');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(page.getByRole('button', { name: 'Retry now' })).toBeVisible();
  await screens(page, 'rate-limited');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await section(page, 'Settings').click();
  await expect(page.getByRole('region', { name: 'Anthropic', exact: true })).toBeVisible();
  await screens(page, 'settings-providers');
  await page.getByRole('tab', { name: 'Profiles' }).click();
  await screens(page, 'settings-profiles');
  await page.getByRole('button', { name: 'Duplicate Default' }).click();
  await expect(page.getByRole('dialog', { name: 'New profile' })).toBeVisible();
  await screens(page, 'profile-editor');
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: 'Models' }).click();
  await screens(page, 'settings-models');
});
