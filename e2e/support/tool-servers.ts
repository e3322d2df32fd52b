/** Settings → Tools as the e2e tests drive it: the reference filesystem server added through the dialog. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect, type Page } from '@playwright/test';

const require = createRequire(import.meta.url);
export const FILESYSTEM_SERVER = join(
  dirname(require.resolve('@modelcontextprotocol/server-filesystem/package.json')),
  'dist/index.js',
);
export const BROKEN_SERVER = join(
  import.meta.dirname,
  '../../src-main/core/tools/testing/broken-mcp-server.mjs',
);

export const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name });

export async function openTools(page: Page): Promise<void> {
  await section(page, 'Settings').click();
  await page.getByRole('tab', { name: 'Tools' }).click();
  await expect(page.getByRole('heading', { name: 'Tools', level: 2 })).toBeVisible();
}

/** Adds a stdio server running `node <script> <args>` (the Node of the tests), with one secret variable. */
export async function addServer(
  page: Page,
  options: { name: string; script: string; args: string[]; secret?: { name: string; value: string } },
): Promise<void> {
  await page.getByRole('button', { name: 'Add a server' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a tool server' });
  await dialog.getByLabel('Name', { exact: true }).fill(options.name);
  await dialog.getByRole('textbox', { name: 'Command' }).fill(process.execPath);
  await dialog
    .getByRole('textbox', { name: 'Arguments, one per line' })
    .fill([options.script, ...options.args].join('\n'));
  if (options.secret) {
    await dialog.getByRole('button', { name: 'Add variable' }).click();
    await dialog.getByRole('textbox', { name: 'Variable 1 name' }).fill(options.secret.name);
    await dialog.getByRole('textbox', { name: 'Variable 1 value' }).fill(options.secret.value);
  }
  await dialog.getByRole('button', { name: 'Save server' }).click();
  await expect(dialog).toBeHidden();
}
