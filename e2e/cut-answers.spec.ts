/**
 * An answer that broke off mid-stream (issue 14), in the real window against the web host and the emulator: it
 * reads as interrupted before it was complete (not as a network failure), keeps the text that arrived, offers Try
 * again; what it cost is shown as estimated (≈) in the footer, the cost details and the conversation's cost review,
 * never as "0 in · 0 out · $0.00".
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const answers = (page: Page) => page.getByRole('article', { name: /^Answer/ });

test('a stream cut after the answer had begun reads as interrupted, keeps its text and shows its estimated cost', async ({
  page,
  emulator,
}) => {
  emulator.script(
    {
      match: { promptIncludes: 'cut short' },
      reply: { text: 'The first part arrived, and then the line went dead.', chunkSize: 8 },
      fault: { kind: 'cut-mid-stream', afterChunks: 3 },
    },
    { match: { promptIncludes: 'cut short' }, reply: { text: 'The whole answer, this time.' } },
  );
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Answer me, then get cut short');
  await box.press('Enter');
  const answer = answers(page).last();
  const failure = answer.getByRole('alert');
  await expect(failure).toContainText('interrupted before it was complete', { timeout: 15_000 });
  await expect(failure).not.toContainText(/Could not|Check your network/);
  await expect(answer.getByText('The first part arrived,')).toBeVisible();

  const figures = answer.locator('.answer-figures');
  await expect(figures).toContainText(/≈[\d,]+ in · ≈[\d,]+ out · ≈\$0\.\d+/);
  await expect(figures).not.toContainText(/\$0\.00(?!\d)/);
  await expect(figures).not.toContainText(/(^|\D)0 in · 0 out/);

  await answer.getByRole('button', { name: 'Cost details' }).click();
  const details = page.getByRole('dialog', { name: 'Cost details of this answer' });
  await expect(details.locator('.cost-details-figure', { hasText: 'Cost' }).first()).toContainText(
    /≈\$0\.\d+/,
  );
  await expect(
    details
      .getByRole('row', { name: /interrupted/ })
      .getByRole('cell')
      .last(),
  ).toHaveText(/^≈\$0\.\d+$/);
  await page.keyboard.press('Escape');
  await expect(details).toHaveCount(0);

  await page.getByRole('button', { name: /^Cost review: / }).click();
  const review = page.getByRole('dialog', { name: 'Cost review' });
  const total = review.locator('.cost-review-tile').first();
  await expect(total).toContainText(/≈\$0\.\d+/);
  await expect(total).toContainText('1 call estimated');
  await expect(review.locator('.cost-review-message-cost').first()).toHaveText(/^≈\$0\.\d+$/);
  await page.keyboard.press('Escape');
  await expect(review).toHaveCount(0);

  await failure.getByRole('button', { name: 'Try again' }).click();
  await expect(answers(page).last().getByText('The whole answer, this time.')).toBeVisible({
    timeout: 15_000,
  });
});
