/**
 * A 1,000-message conversation opens at its latest message, with only the messages in view in the page, and scrolls
 * back to its beginning. The history is written before the host starts with the app's own storage layer
 * (ConversationStore, what the host reads it with): a thousand sends through the UI would test the emulator's pace,
 * not the opening of a long conversation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Usage } from '@contract/usage';
import { expect, snapshot, test } from './fixtures';
import { hasOwnLayer } from './support/layers';
import { seedConversations } from './support/seed';

const MESSAGES = 1000;
const USAGE: Usage = {
  input: { uncached: 900, cacheRead: 0, cacheWrite: 0 },
  output: { text: 180, reasoning: 0 },
  source: 'reported',
};

function answerText(turn: number): string {
  const code = turn % 5 === 0 ? `\n\n\`\`\`ts\nexport const turn${turn} = ${turn};\n\`\`\`` : '';
  return `Answer number ${turn}: a paragraph with **bold** words and a list.\n\n- first point\n- second point${code}`;
}

function seed(dataDir: string): void {
  seedConversations(dataDir, (store, db) => {
    store.create({ title: 'A short one' });
    const long = store.create({ title: 'The very long conversation' });
    db.transaction(() => {
      for (let turn = 1; turn <= MESSAGES / 2; turn++) {
        store.addUserMessage({ conversationId: long.id, text: `Question number ${turn}` });
        const answer = store.createAssistantMessage({
          conversationId: long.id,
          model: 'anthropic:claude-sonnet-5',
        });
        store.appendStreamed(answer.id, answerText(turn));
        store.finishAssistantMessage(answer.id, {
          status: 'complete',
          usage: USAGE,
          costMicros: 5400,
          finishReason: 'stop',
          totalMs: 1200,
        });
      }
    });
  });
}

test('a 1,000-message conversation opens at the bottom and scrolls back to the start', async ({
  startApp,
  context,
}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modeldesk-e2e-long-'));
  seed(dataDir);
  const app = await startApp({ dataDir });
  try {
    const page = await context.newPage();
    await page.goto(app.url);
    await page
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('button', { name: /^The very long conversation/ })
      .click();

    const list = page.getByRole('region', { name: 'Chat' });
    await expect(list.getByText(`Answer number ${MESSAGES / 2}:`)).toBeVisible();
    await expect(list.getByText(`Question number ${MESSAGES / 2}`, { exact: true })).toBeVisible();
    // Virtualized: a few dozen messages in the page, not a thousand.
    const inPage = await page.locator('.message-row').count();
    expect(inPage).toBeGreaterThan(2);
    expect(inPage).toBeLessThan(80);
    await expect(page.getByRole('button', { name: 'Jump to latest' })).toHaveCount(0);
    // The list scrolls on the compositor: following a streaming answer moves a layer, it does not repaint the page.
    expect(await hasOwnLayer(page, '.message-scroller')).toBe(true);
    await snapshot(page, 'long-conversation');

    // Back to the beginning with the keyboard; then "Jump to latest" returns to the end.
    await page.getByRole('region', { name: 'Messages' }).focus();
    await page.keyboard.press('Control+Home');
    await expect(list.getByText('Question number 1', { exact: true })).toBeVisible({ timeout: 15_000 });
    await expect(list.getByText(`Answer number ${MESSAGES / 2}:`)).toHaveCount(0);
    await page.getByRole('button', { name: 'Jump to latest' }).click();
    await expect(list.getByText(`Answer number ${MESSAGES / 2}:`)).toBeVisible();
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
