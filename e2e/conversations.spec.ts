/**
 * The conversation list and drafts: a draft survives switching conversations and a reload; conversations are
 * renamed, found by what they say, deleted and brought back with Undo; the keyboard reaches it all.
 */
import type { Page } from '@playwright/test';
import { expect, snapshot, test } from './fixtures';

const list = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });
const row = (page: Page, title: RegExp) => list(page).getByRole('button', { name: title });

async function converse(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  await expect(page.getByRole('article', { name: /^Answer/ }).last()).toHaveAttribute('aria-busy', 'false');
}

test('drafts, rename, search, delete with Undo, and the keyboard shortcuts', async ({ page }) => {
  await converse(page, 'Plan the garden\nWe want tomatoes and basil along the fence.');
  await page.keyboard.press('Control+Shift+O');
  await expect(page.getByRole('heading', { name: 'New chat', level: 1 })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await converse(page, 'Fix the bicycle');

  // A draft stays with its conversation when switching, in the list too, and after a reload.
  await row(page, /^Plan the garden/).click();
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('A half-written thought');
  await row(page, /^Fix the bicycle/).click();
  await expect(box).toHaveValue('');
  await expect(row(page, /^Plan the garden/)).toContainText('Draft: A half-written thought');
  await row(page, /^Plan the garden/).click();
  await expect(box).toHaveValue('A half-written thought');
  await page.waitForTimeout(1000); // the draft is saved to the conversation once typing pauses
  await page.reload();
  await row(page, /^Plan the garden/).click();
  await expect(box).toHaveValue('A half-written thought');

  // Rename from the list.
  await list(page).getByRole('button', { name: 'Rename “Fix the bicycle”' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename conversation' });
  await rename.getByLabel('Title').fill('Bicycle repairs');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(row(page, /^Bicycle repairs/)).toBeVisible();

  // Search by content (Ctrl+K goes to the search box); the matched word is marked.
  await page.keyboard.press('Control+K');
  const search = page.getByRole('searchbox', { name: 'Search conversations' });
  await expect(search).toBeFocused();
  await page.keyboard.type('basil');
  await expect(row(page, /^Bicycle repairs/)).toHaveCount(0);
  await expect(row(page, /^Plan the garden/).locator('mark')).toHaveText('basil');
  await snapshot(page, 'search');
  await search.press('Escape');
  await expect(row(page, /^Bicycle repairs/)).toBeVisible();

  // Delete, then Undo.
  await list(page).getByRole('button', { name: 'Delete “Plan the garden”' }).click();
  await expect(row(page, /^Plan the garden/)).toHaveCount(0);
  const toast = page.getByRole('status').filter({ hasText: 'Deleted “Plan the garden”' });
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(row(page, /^Plan the garden/)).toBeVisible();
  await row(page, /^Plan the garden/).click();
  await expect(page.getByRole('article', { name: 'You' })).toContainText('tomatoes and basil');
});

test('after the connection drops mid-answer, the chat recovers: what arrived is kept and Send comes back', async ({
  page,
  emulator,
  app,
}) => {
  const sockets: Array<{ close: () => Promise<void> }> = [];
  await page.routeWebSocket(/\/bridge/, (ws) => {
    const server = ws.connectToServer();
    sockets.push({ close: async () => Promise.all([ws.close(), server.close()]).then(() => undefined) });
  });
  await page.goto(app.url);
  emulator.script({
    match: { promptIncludes: 'long reply' },
    reply: { text: Array.from({ length: 80 }, (_, i) => `Part ${i + 1}.`).join('\n\n'), chunksPerSecond: 10 },
  });
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('A long reply, please');
  await box.press('Enter');
  const answer = page.getByRole('article', { name: /^Answer/ }).last();
  await expect(answer.getByText('Part 2.', { exact: true })).toBeVisible();
  await box.fill('Typed while it drops');

  await sockets[0]!.close();
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible({ timeout: 15_000 });
  await expect(answer).toHaveAttribute('aria-busy', 'false');
  await expect(answer.getByText('Part 1.', { exact: true })).toBeVisible();
  await expect(answer.getByText(/^(stopped|interrupted)$/)).toBeVisible();
  await expect(box).toHaveValue('Typed while it drops');
  expect(sockets.length).toBeGreaterThan(1);

  // And the chat goes on over the new connection.
  emulator.script({ match: { promptIncludes: 'drops' }, reply: { text: 'Back again.' } });
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(
    page
      .getByRole('article', { name: /^Answer/ })
      .last()
      .getByText('Back again.'),
  ).toBeVisible();
});
