/**
 * Models of today, in Chromium through the web host:
 * - Settings → Models checks a dataset served over HTTP by a local server (the shared genai-prices snapshot with a
 *   model added and a price changed), shows what would change, applies it; the picker then offers the new model
 *   with its price, and a call to it is costed at that price.
 * - A conversation from before its model retired shows the retirement notice, naming the successor, and switches
 *   to it in one action; the picker marks deprecated models with their date and leaves retired ones out.
 * The host judges retirements as on 2026-12-07 (MODELDESK_TODAY), so the spec does not change with the calendar.
 */
import type { Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeCost } from '@contract/money';
import {
  datasetWithChanges,
  hasSnapshots,
  startDatasetServer,
} from '../src-main/core/catalogue/refresh/testing/dataset-server';
import { expect, test } from './fixtures';
import { answers, sendAndWait } from './support/chat';
import { seedConversations } from './support/seed';
import { expectShows, inBothThemes } from './support/shown';

test.use({ hostEnv: { MODELDESK_TODAY: '2026-12-07' } });

async function openModelsSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Models' }).click();
}

test.describe(() => {
  test.skip(!hasSnapshots(), 'the shared snapshots (../shared/reference) are absent');

  test('check, review and apply updated models and prices; the new model is offered and costed at its price', async ({
    page,
    emulator,
  }) => {
    test.setTimeout(90_000);
    const server = await startDatasetServer();
    try {
      server.serve('/genai-prices/data.json', datasetWithChanges());
      await openModelsSettings(page);
      const card = page.getByRole('region', { name: 'Catalogue' });
      await expect(card).toContainText('genai-prices 0.1.8 (23 Sep 2026)');
      await expect(card).toContainText('as of 7 Dec 2026');

      // Off by default: nothing was fetched. The address is a setting; a check is one click.
      expect(server.requests).toEqual([]);
      await expect(card.getByRole('switch', { name: /Check once a day/ })).not.toBeChecked();
      const address = card.getByRole('textbox', { name: 'Dataset address' });
      await address.fill(server.url('/genai-prices/data.json'));
      await card.getByRole('button', { name: 'Save address' }).click();
      await expect(card.getByRole('button', { name: 'Save address' })).toBeDisabled();
      await card.getByRole('button', { name: 'Check for updated models and prices' }).click();

      const review = page.getByRole('dialog', { name: 'Review the changes' });
      await expect(review).toBeVisible();
      expect(server.requests).toEqual(['/genai-prices/data.json']);
      const added = review.getByRole('region', { name: 'New models' });
      await expect(added).toContainText('GPT-7 Test');
      await expect(added).toContainText('$3.00/M in · $12.00/M out');
      const prices = review.getByRole('region', { name: 'Price changes' });
      await expect(prices).toContainText('GPT-6 Luna');
      await expect(prices).toContainText('$0.08/M in');
      await inBothThemes(page, 'catalogue-review');
      // Nothing changed before applying.
      await review.getByRole('button', { name: 'Apply these changes' }).click();
      await expect(review).toHaveCount(0);
      await expect(page.getByText(/^Applied: 1 new model/)).toBeVisible();
      await expect(
        card.getByRole('button', { name: /^Go back to the catalogue of 7 Dec 2026/ }),
      ).toBeVisible();
      await expect(
        page.getByRole('table', { name: 'Models' }).getByRole('row', { name: /GPT-7 Test/ }),
      ).toContainText('$3');
      await card.scrollIntoViewIfNeeded();
      await inBothThemes(page, 'catalogue-applied');

      // The picker offers the new model with its price; a call to it is costed at that price.
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Chat' }).click();
      await page.getByRole('combobox', { name: 'Model' }).click();
      await page.getByRole('searchbox', { name: 'Search models' }).fill('gpt-7');
      const option = page.getByRole('option', { name: /^GPT-7 Test/ });
      await expect(option).toContainText('$3.00/M in · $12.00/M out');
      await option.click();
      const usage = { input: 12_345, cacheRead: 0, cacheWrite: 0, output: 678, reasoning: 0 };
      emulator.script({
        match: { model: 'gpt-7-test' },
        reply: { text: 'Answered by the new model.', usage },
      });
      await sendAndWait(page, 'Hello, new model', 'Answered by the new model.');
      const expected = computeCost(
        {
          input: { uncached: usage.input, cacheRead: 0, cacheWrite: 0 },
          output: { text: usage.output, reasoning: 0 },
          source: 'reported',
        },
        { inputPerM: 3, outputPerM: 12, cacheReadPerM: 0.3 },
      ).costMicros!;
      expect(expected).toBe(45_171);
      await expectShows(answers(page).last().locator('.answer-figures'), expected);
      expect(emulator.requests.filter((r) => r.stream).map((r) => r.model)).toEqual(['gpt-7-test']);
    } finally {
      await server.close();
    }
  });
});

/** A conversation from before Claude Sonnet 4.5 retired, written with the app's own storage layer. */
function seedRetired(dataDir: string): void {
  seedConversations(dataDir, (store) => {
    const conversation = store.create({
      title: 'Planning with Sonnet 4.5',
      model: 'anthropic:claude-sonnet-4-5',
    });
    store.addUserMessage({ conversationId: conversation.id, text: 'Plan my week' });
    const answer = store.createAssistantMessage({
      conversationId: conversation.id,
      model: 'anthropic:claude-sonnet-4-5',
    });
    store.appendStreamed(answer.id, 'Monday: write. Tuesday: review.');
    store.finishAssistantMessage(answer.id, { status: 'complete', finishReason: 'stop', totalMs: 900 });
  });
}

test('a conversation whose model retired shows the notice and switches to the successor in one action', async ({
  startApp,
  context,
  emulator,
}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modeldesk-e2e-retired-'));
  seedRetired(dataDir);
  const app = await startApp({ dataDir });
  const page = await context.newPage();
  await page.goto(app.url);
  await page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('button', { name: /^Planning with Sonnet 4\.5/ })
    .click();

  const notice = page.getByRole('alert').filter({ hasText: 'This model has retired' });
  await expect(notice).toContainText(
    'Claude Sonnet 4.5 was retired on 30 Nov 2026 and no longer answers. Its successor is Claude Sonnet 5.',
  );
  // Main refuses it before anything goes out, with the same words: Send is disabled and says why.
  await page.getByRole('textbox', { name: 'Message' }).fill('Plan my weekend');
  await expect(page.locator('#composer-blocked')).toContainText(
    'Claude Sonnet 4.5 was retired on 30 Nov 2026 and no longer answers. Its successor is Claude Sonnet 5.',
  );
  await expect(page.getByRole('button', { name: 'Send' })).toBeDisabled();
  await expect(page.getByRole('combobox', { name: 'Model' })).toContainText('Claude Sonnet 4.5');
  await inBothThemes(page, 'retired-notice');

  // The picker: the retired model is shown only as the current choice; deprecated ones carry their date.
  await page.getByRole('combobox', { name: 'Model' }).click();
  await page.getByRole('searchbox', { name: 'Search models' }).fill('gpt-5');
  await expect(page.getByRole('option', { name: /^GPT-5 400K/ })).toContainText('retires 11 Dec 2026');
  await page.getByRole('searchbox', { name: 'Search models' }).fill('sonnet');
  await expect(page.getByRole('option', { name: /^Claude Sonnet 4 200K/ })).toHaveCount(0);
  await expect(page.getByRole('option', { name: /^Claude Sonnet 4\.5/ })).toContainText('retired');
  await page.keyboard.press('Escape');

  // One action.
  await notice.getByRole('button', { name: 'Switch to Claude Sonnet 5' }).click();
  await expect(notice).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Model' })).toContainText('Claude Sonnet 5');
  emulator.script({ reply: { text: 'Sonnet 5 here.' } });
  await expect(page.locator('#composer-blocked')).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(answers(page).last().getByText('Sonnet 5 here.')).toBeVisible({ timeout: 30_000 });
  await expect(answers(page).last().locator('.message-author')).toHaveText('Claude Sonnet 5');
  expect(emulator.requests.filter((r) => r.stream).map((r) => r.model)).toEqual(['claude-sonnet-5']);
});
