/**
 * Conversations that travel, end to end in Chromium through the web host: a conversation with an image exported as
 * Markdown and as JSON (both files checked) and shown in its print view; a ChatGPT export with branches and a
 * Chatbox export imported (previewed first, then in the list with unknown costs; a second import skips them; a
 * hostile file is refused and changes nothing); and a backup restored into a wiped data folder, where the
 * conversations and the ledger match to the micro-dollar.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { pngBytes } from '../src-main/core/storage/testing/fixtures';
import { chatboxExport, writeChatGptZip, writeZip } from '../src-main/core/transfer/testing/samples';
import { ZipArchive } from '../src-main/core/transfer/zip-read';
import { dropImage, expect, snapshot, test } from './fixtures';

// Chats, exports, a backup, a second host and a restore: longer than one page's usual minute on a busy machine.
test.describe.configure({ timeout: 180_000 });

const IMAGE = pngBytes(40, 30, (x) => (x < 20 ? [200, 40, 40] : [40, 40, 200]));
const answers = (page: Page) => page.getByRole('article', { name: /^Answer/ });
const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name });

async function send(page: Page, text: string, answerText: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  await expect(answers(page).last().getByText(answerText)).toBeVisible({ timeout: 30_000 });
}

async function saved(download: Download): Promise<{ name: string; path: string; bytes: Buffer }> {
  const path = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(path);
  return { name: download.suggestedFilename(), path, bytes: readFileSync(path) };
}

async function exportOpen(
  page: Page,
  format: 'Markdown' | 'JSON',
  images: 'beside' | 'embedded',
  costs = false,
) {
  await page.getByRole('button', { name: 'Conversation actions' }).click();
  await page.getByRole('menuitem', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export conversation' });
  await dialog.getByRole('radio', { name: new RegExp(`^${format}`) }).check();
  await dialog.getByRole('radio', { name: images === 'beside' ? /As files beside it/ : /Embedded/ }).check();
  if (costs) await dialog.getByRole('checkbox', { name: /footer with each answer/ }).check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Export' }).click(),
  ]);
  await expect(dialog).toBeHidden();
  return saved(download);
}

async function openImport(page: Page) {
  await page.getByRole('button', { name: 'Import and export' }).click();
  await page.getByRole('menuitem', { name: 'Import conversations…' }).click();
  return page.getByRole('dialog', { name: 'Import conversations' });
}

test('a conversation with an image exports as Markdown and as JSON, and prints', async ({
  page,
  emulator,
}) => {
  emulator.script({
    match: { promptIncludes: 'colours' },
    reply: {
      text: 'Red on the left, blue on the right.\n\n````md\n```js\nconsole.log("fence in a fence")\n```\n````',
      usage: { input: 1200, cacheRead: 0, cacheWrite: 0, output: 80, reasoning: 0 },
    },
  });
  await dropImage(page, 'halves.png', IMAGE);
  await send(page, 'Which colours are in this picture?', 'Red on the left, blue on the right.');
  const imageHash = createHash('sha256').update(IMAGE).digest('hex');

  const markdown = await exportOpen(page, 'Markdown', 'beside', true);
  expect(markdown.name).toMatch(/\.zip$/);
  const mdZip = await ZipArchive.open(markdown.path);
  const mdName = mdZip.names().find((n) => n.endsWith('.md'))!;
  expect(mdZip.names()).toContain(`images/${imageHash}.png`);
  expect((await mdZip.read(`images/${imageHash}.png`, 1e7)).equals(IMAGE)).toBe(true);
  const md = (await mdZip.read(mdName, 1e7)).toString();
  mdZip.close();
  expect(md).toMatch(/^# Which colours are in this picture\?/);
  expect(md).toMatch(/## You · \d{4}-\d{2}-\d{2}, \d{2}:\d{2}/);
  expect(md).toMatch(/## Assistant · Claude Sonnet 5 · /);
  expect(md).toContain(`![halves.png](images/${imageHash}.png)`);
  expect(md).toContain('````md\n```js\nconsole.log("fence in a fence")\n```\n````');
  expect(md).toMatch(/\| 1 \| Claude Sonnet 5 \| 1200 in · 80 out \| \$0\.0032 \|/);
  expect(md).toContain('**Total: $0.0032**');

  const json = await exportOpen(page, 'JSON', 'embedded');
  expect(json.name).toMatch(/\.json$/);
  const file = JSON.parse(json.bytes.toString()) as {
    kind: string;
    version: number;
    conversations: Array<{
      title: string;
      messages: Array<Record<string, unknown> & { attachments: Array<{ hash: string }> }>;
    }>;
    attachments: Record<string, { mediaType: string; dataBase64: string }>;
  };
  expect(file).toMatchObject({ kind: 'modeldesk-conversations', version: 1 });
  const [question, answer] = file.conversations[0]!.messages;
  expect(question!.attachments[0]!.hash).toBe(imageHash);
  expect(answer).toMatchObject({
    role: 'assistant',
    model: 'anthropic:claude-sonnet-5',
    costMicros: 3200,
    usage: { input: { uncached: 1200 }, output: { text: 80 } },
  });
  expect(Buffer.from(file.attachments[imageHash]!.dataBase64, 'base64').equals(IMAGE)).toBe(true);

  // The print view: the conversation alone, laid out for paper (the browser's print dialog makes the PDF).
  await page.getByRole('button', { name: 'Conversation actions' }).click();
  await page.getByRole('menuitem', { name: 'Print…' }).click();
  const view = page.getByRole('dialog', { name: /^Print view of/ });
  await expect(view.getByRole('button', { name: 'Print or save as PDF' })).toBeFocused();
  await expect(view.getByRole('img', { name: 'halves.png' })).toBeVisible();
  await expect(view).toContainText('Red on the left, blue on the right.');
  await snapshot(page, 'print-view');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeHidden();
  await expect(view.getByText('Red on the left, blue on the right.')).toBeVisible();
  const pdf = await page.pdf();
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  await page.emulateMedia({ media: 'screen' });
  await page.keyboard.press('Escape');
  await expect(view).toBeHidden();
});

test('a ChatGPT export with branches and a Chatbox export arrive in the list with unknown costs', async ({
  page,
}) => {
  const zip = test.info().outputPath('chatgpt-export.zip');
  await writeChatGptZip(zip);

  // By keyboard alone: the sidebar's menu, its item, the dialog's first control, Escape.
  await page.getByRole('button', { name: 'Import and export' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Import conversations…' })).toBeFocused();
  await page.keyboard.press('Enter');
  const byKeyboard = page.getByRole('dialog', { name: 'Import conversations' });
  await expect(byKeyboard.getByRole('button', { name: 'Choose a file…' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(byKeyboard).toBeHidden();

  let dialog = await openImport(page);
  await dialog.getByLabel('File to import').setInputFiles(zip);
  const preview = dialog.getByLabel('What will be imported');
  await expect(preview).toContainText('ChatGPT data export (.zip): 2 conversations, 6 messages, 1 image.');
  await expect(preview.getByRole('list', { name: 'Conversations in the file' })).toContainText(
    'Monads, explained',
  );
  await snapshot(page, 'import-preview');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(400); // let the colour transitions finish before the picture
  await snapshot(page, 'import-preview-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await dialog.getByRole('button', { name: 'Import 2 conversations' }).click();
  await expect(dialog).toBeHidden();

  const list = page.getByRole('navigation', { name: 'Conversations' });
  const monads = list.getByRole('listitem').filter({ hasText: 'Monads, explained' });
  await expect(monads).toContainText('cost unknown');
  await monads.getByRole('button', { name: /^Monads, explained/ }).click();
  await expect(answers(page).last()).toContainText('Here:');
  await expect(page.getByText('Explain a monad to a Python programmer.')).toBeVisible();
  await expect(page.getByText('A burrito (first branch).')).toHaveCount(0);
  await expect(page.getByText('Discarded regeneration.')).toHaveCount(0);
  await list.getByRole('button', { name: /^A grey square/ }).click();
  await expect(page.getByRole('img', { name: 'file-Abc123XYZ-square.png' })).toBeVisible();

  dialog = await openImport(page);
  await dialog.getByLabel('File to import').setInputFiles({
    name: 'chatbox-exported-data-2025-1-5.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(chatboxExport())),
  });
  await expect(dialog.getByLabel('What will be imported')).toContainText(
    'Chatbox exported data (configVersion 14): 1 conversation, 5 messages',
  );
  await dialog.getByRole('button', { name: 'Import 1 conversation' }).click();
  await expect(list.getByRole('listitem').filter({ hasText: 'Trip to Lisbon' })).toContainText(
    'cost unknown',
  );

  // Again: everything is already here.
  dialog = await openImport(page);
  await dialog.getByLabel('File to import').setInputFiles(zip);
  await expect(dialog.getByLabel('What will be imported')).toContainText(
    '2 conversations are already here and will be skipped.',
  );
  await expect(dialog.getByRole('button', { name: 'Nothing to import' })).toBeDisabled();

  // A hostile file: refused with its reason, nothing changed.
  const evil = test.info().outputPath('evil.zip');
  await writeZip(evil, { 'conversations.json': '[]', 'file-Bomb-x.png': Buffer.alloc(20 * 1024 * 1024) });
  await dialog.getByLabel('File to import').setInputFiles(evil);
  const refusal = dialog.getByRole('alert').filter({ hasText: 'evil.zip was not imported' });
  await expect(refusal).toContainText('looks like a zip bomb');
  await expect(refusal).toContainText('Nothing was changed.');
  await snapshot(page, 'import-refused');
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await expect(list.getByRole('listitem')).toHaveCount(3);
});

test('back up, wipe, restore: conversations and costs match to the micro-dollar', async ({
  page,
  emulator,
  app,
  startApp,
}) => {
  emulator.script({
    match: { promptIncludes: 'first' },
    reply: {
      text: 'First answer.',
      usage: { input: 1234, cacheRead: 5000, cacheWrite: 800, output: 456, reasoning: 0 },
    },
  });
  emulator.script({
    match: { promptIncludes: 'second' },
    reply: {
      text: 'Second answer.',
      usage: { input: 20000, cacheRead: 0, cacheWrite: 0, output: 3210, reasoning: 0 },
    },
  });
  await dropImage(page, 'kept.png', IMAGE);
  await send(page, 'The first question', 'First answer.');
  await page.getByRole('button', { name: 'New chat' }).click();
  await send(page, 'The second question', 'Second answer.');

  const everything = async (p: Page) => {
    await p.getByRole('button', { name: 'Import and export' }).click();
    await p.getByRole('menuitem', { name: 'Export conversations…' }).click();
    const dialog = p.getByRole('dialog', { name: 'Export conversations' });
    await dialog.getByRole('button', { name: 'Select all' }).click();
    await dialog.getByRole('radio', { name: /^JSON/ }).check();
    await dialog.getByRole('radio', { name: /Embedded/ }).check();
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      dialog.getByRole('button', { name: /^Export 2 conversations$/ }).click(),
    ]);
    const file = JSON.parse((await saved(download)).bytes.toString()) as {
      conversations: unknown[];
      attachments: unknown;
    };
    return { conversations: file.conversations, attachments: file.attachments };
  };
  const ledger = async (p: Page) => {
    await section(p, 'Costs').click();
    await p.getByRole('button', { name: 'Export the usage ledger' }).click();
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('menuitem', { name: 'Ledger of this range as JSON' }).click(),
    ]);
    const total = await p.locator('.cost-tile-value').first().innerText();
    return { records: JSON.parse((await saved(download)).bytes.toString()) as unknown, total };
  };
  const before = { ...(await everything(page)), ...(await ledger(page)) };

  await section(page, 'Settings').click();
  await page.getByRole('tab', { name: 'Backup and restore' }).click();
  const [backupDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Back up now' }).click(),
  ]);
  const backup = await saved(backupDownload);
  expect(backup.name).toMatch(/^modeldesk-backup-\d{4}-\d{2}-\d{2}\.zip$/);
  const archive = await ZipArchive.open(backup.path);
  expect(archive.names()).toEqual(
    expect.arrayContaining([
      'manifest.json',
      'modeldesk.db',
      'config.json',
      `attachments/${createHash('sha256').update(IMAGE).digest('hex')}`,
    ]),
  );
  archive.close();

  // Wipe: a new app on an empty data folder.
  await app.stop();
  const fresh = await startApp();

  await page.goto(fresh.url);
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Conversations' }).getByRole('listitem')).toHaveCount(0);
  await section(page, 'Settings').click();
  await page.getByRole('tab', { name: 'Backup and restore' }).click();
  await page.getByLabel('Backup file to restore').setInputFiles(backup.path);
  const review = page.getByRole('status', { name: 'Backup to restore' });
  await expect(review).toContainText('2 conversations, 4 messages, 1 image, 2 ledger records');
  await expect(review).toContainText('Every checksum matches.');
  await expect(review.getByRole('radio', { name: /Restore everything/ })).toBeChecked();
  await snapshot(page, 'restore-review');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(400); // let the colour transitions finish before the picture
  await snapshot(page, 'restore-review-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await review.getByRole('button', { name: 'Restore' }).click();
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: /^Restored 2 conversations, 1 image, 2 ledger records and the configuration\./ }),
  ).toBeVisible();
  await snapshot(page, 'restored');

  const after = { ...(await everything(page)), ...(await ledger(page)) };
  expect(after.conversations).toEqual(before.conversations);
  expect(after.attachments).toEqual(before.attachments);
  expect(after.records).toEqual(before.records);
  expect(after.total).toBe(before.total);
});
