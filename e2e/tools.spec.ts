/**
 * Settings → Tools in Chromium through the web host: add the reference filesystem server (started from
 * node_modules by path, on a temporary folder) with a secret, test it, see its state, tools and log; turn a tool
 * off; import an mcpServers block after its preview; choose tools in a profile and see the composer's tools
 * control say what is on. Screens in light and dark.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, snapshot, test } from './fixtures';
import { addServer, FILESYSTEM_SERVER, openTools, section } from './support/tool-servers';

let folder: string;
test.beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'modeldesk-e2e-files-'));
  writeFileSync(join(folder, 'notes.txt'), 'The launch code is PELICAN-42.\n');
});
test.afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function addFilesystemServer(page: Page, name = 'Project files'): Promise<void> {
  await addServer(page, {
    name,
    script: FILESYSTEM_SERVER,
    args: [folder],
    secret: { name: 'FILES_TOKEN', value: 'tok-e2e-secret-7f3a' },
  });
}

test('adds the filesystem server, tests it, shows its tools and log, keeps its secret out of the page', async ({
  page,
}) => {
  const frames: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  await openTools(page);
  await addFilesystemServer(page);
  const card = page.getByRole('region', { name: 'Project files' });
  await expect(card.getByText('Stopped')).toBeVisible();
  await expect(card.getByText('FILES_TOKEN ••••7f3a')).toBeVisible();
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card.getByRole('status')).toContainText('secure-filesystem-server');
  await expect(card.getByText('Running')).toBeVisible();
  await expect(card.getByRole('checkbox', { name: 'read_text_file', exact: true })).toBeChecked();
  // A tool turned off in Settings is never offered.
  await card.getByRole('checkbox', { name: 'write_file', exact: true }).uncheck();
  await expect(card.getByRole('checkbox', { name: 'write_file', exact: true })).not.toBeChecked();
  await card.getByRole('button', { name: 'Show the log' }).click();
  await expect(card.getByRole('list', { name: 'Server log' })).toContainText('Secure MCP Filesystem Server');
  await snapshot(page, 'settings-tools');
  await page.emulateMedia({ colorScheme: 'dark' });
  await snapshot(page, 'settings-tools-dark');
  expect(frames.join('\n')).not.toContain('tok-e2e-secret-7f3a');
});

test('imports an mcpServers block after a preview', async ({ page }) => {
  await openTools(page);
  await page.getByRole('button', { name: 'Import from Claude Desktop…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import tool servers' });
  await dialog.getByRole('textbox', { name: 'Configuration' }).fill(
    JSON.stringify({
      mcpServers: {
        filesystem: {
          command: process.execPath,
          args: [FILESYSTEM_SERVER, folder],
          env: { API_TOKEN: 'ghp_e2eimported' },
        },
        old: { url: 'https://old.example.com/sse', type: 'sse' },
        search: { command: 'search-mcp', args: ['--api-key', 'e2e-plain-secret-91c2', '--port', '8080'] },
      },
    }),
  );
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByText('Into the vault: API_TOKEN')).toBeVisible();
  await expect(dialog.getByText(/older HTTP\+SSE transport/)).toBeVisible();
  await expect(dialog.getByRole('checkbox', { name: /old/ })).toBeDisabled();
  // A secret on a command line would stay in settings in plain text: said, and never shown.
  await expect(dialog.getByRole('note')).toContainText('(--api-key)');
  await expect(dialog.getByText('search-mcp --api-key •••• --port 8080')).toBeVisible();
  await expect(dialog.getByRole('list')).not.toContainText('e2e-plain-secret');
  await dialog.getByRole('checkbox', { name: /search/ }).uncheck();
  await snapshot(page, 'settings-tools-import');
  await dialog.getByRole('button', { name: 'Import 1 server' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'filesystem' })).toContainText('API_TOKEN ••••rted');
});

test('a profile chooses tools, and the composer says what is on', async ({ page }) => {
  await openTools(page);
  await addFilesystemServer(page);
  const card = page.getByRole('region', { name: 'Project files' });
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card.getByText('Running')).toBeVisible();

  await page.getByRole('tab', { name: 'Profiles' }).click();
  await page.getByRole('button', { name: 'New profile' }).click();
  const dialog = page.getByRole('dialog', { name: 'New profile' });
  await dialog.getByLabel('Name', { exact: true }).fill('With files');
  await page.getByRole('combobox', { name: 'Profile model' }).click();
  await page.getByRole('searchbox', { name: 'Search models' }).fill('sonnet');
  await page
    .getByRole('option', { name: /^Claude Sonnet 5 / })
    .first()
    .click();
  await dialog.getByRole('checkbox', { name: 'All tools of Project files' }).check();
  await dialog.getByRole('button', { name: 'Show the tools of Project files' }).click();
  await dialog.getByRole('checkbox', { name: 'edit_file', exact: true }).uncheck();
  await snapshot(page, 'profile-tools');
  await dialog.getByRole('button', { name: 'Save profile' }).click();
  await expect(dialog).toBeHidden();

  await section(page, 'Chat').click();
  await page.getByRole('combobox', { name: 'Profile' }).click();
  await page.getByRole('option', { name: /^With files/ }).click();
  const control = page.getByRole('button', { name: /^Tools: \d+ on \(from the profile\)$/ });
  await expect(control).toBeVisible();
  const label = (await control.getAttribute('aria-label')) ?? '';
  const count = Number(/(\d+) on/.exec(label)?.[1]);
  expect(count).toBeGreaterThan(5);
  await control.click();
  await expect(page.getByRole('dialog', { name: 'Tools for this conversation' })).toContainText(
    'Project files',
  );
  await snapshot(page, 'composer-tools');
});
