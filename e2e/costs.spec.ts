/**
 * Costs, end to end: answers whose usage the emulator scripts are priced exactly as the catalogue's prices give
 * (computed here with the same `computeCost`), and that figure is what each answer, its details, the
 * conversation's cost review, the dashboard (chart and table views), the exports and the sidebar's cost order
 * show. Screenshots of each in light and dark.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Download, Locator } from '@playwright/test';
import { expect, snapshot, test } from './fixtures';
import { answers, sendAndWait } from './support/chat';
import { priced, type Scripted } from './support/prices';
import { expectShows, inBothThemes } from './support/shown';

const SONNET = 'anthropic:claude-sonnet-5';
const GPT = 'openai:gpt-6-sol';

const FIRST: Scripted = { input: 1_234, cacheRead: 5_000, cacheWrite: 800, output: 456, reasoning: 0 };
const SECOND: Scripted = { input: 20_000, cacheRead: 0, cacheWrite: 0, output: 3_210, reasoning: 0 };
const FALLBACK: Scripted = { input: 3_000, cacheRead: 1_024, cacheWrite: 0, output: 700, reasoning: 0 };

/** Exact decimal dollars of micro-dollars, as the exports write them. */
function exactDollars(micros: number): string {
  return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

async function savedText(download: Download): Promise<string> {
  const path = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(path);
  return readFileSync(path, 'utf8');
}

test('what a conversation cost is its usage at the catalogue prices, everywhere it is shown', async ({
  page,
  emulator,
}) => {
  test.setTimeout(120_000);
  emulator.script(
    {
      match: { promptIncludes: 'rate limits' },
      reply: { text: 'Rate limits cap requests per minute.', usage: FIRST },
    },
    {
      match: { promptIncludes: 'backoff' },
      reply: { text: 'Backoff waits longer after each failure.', usage: SECOND },
    },
    {
      match: { protocol: 'anthropic', promptIncludes: 'outage' },
      fault: { kind: 'overloaded' },
      times: Infinity,
    },
    {
      match: { protocol: 'openai', promptIncludes: 'outage' },
      reply: { text: 'GPT-6 Sol answered instead.', usage: FALLBACK },
    },
  );
  const first = priced(SONNET, FIRST);
  const second = priced(SONNET, SECOND);
  const fallback = priced(GPT, FALLBACK);
  const total = first + second + fallback;
  // Not a round figure anywhere: a mistake of one token type would show.
  expect(new Set([first, second, fallback]).size).toBe(3);

  await sendAndWait(page, 'Explain rate limits', 'Rate limits cap requests per minute.');
  await sendAndWait(page, 'And backoff?', 'Backoff waits longer after each failure.');
  await sendAndWait(page, 'Answer despite the outage', 'GPT-6 Sol answered instead.');

  // Each answer's footer.
  const footers = answers(page).locator('.answer-figures');
  await expectShows(footers.nth(0), first);
  await expectShows(footers.nth(1), second);
  await expectShows(footers.nth(2), fallback);

  // The answer's cost details: tokens by type, its cost, and each call the fallback took with its own cost.
  await answers(page).nth(0).getByRole('button', { name: 'Cost details' }).click();
  const details = page.getByRole('dialog', { name: 'Cost details of this answer' });
  await expect(details.getByText('One call:')).toBeVisible();
  await expectShows(details.locator('.cost-details-figure', { hasText: 'Cost' }), first);
  await expect(details).toContainText('Uncached1,234');
  await expect(details).toContainText('Cache read5,000');
  await expect(details).toContainText('Cache write800');
  await expect(details).toContainText('Text456');
  await details.press('Escape');
  await expect(details).toHaveCount(0);

  await answers(page).nth(2).getByRole('button', { name: 'Cost details' }).click();
  await expectShows(
    details
      .getByRole('row', { name: /^Fallback GPT-6 Sol answered/ })
      .getByRole('cell')
      .last(),
    fallback,
  );
  const failed = details.getByRole('row', { name: /Claude Sonnet 5 failed: overloaded/ });
  expect(await failed.count()).toBeGreaterThan(0);
  for (const row of await failed.all()) await expect(row).toContainText('$0.00');
  await inBothThemes(page, 'message-cost-details');
  await details.press('Escape');

  // The header, and the cost review.
  const review = page.getByRole('button', { name: /^Cost review: \$/ });
  await expectShows(review, total);
  await review.click();
  const dialog = page.getByRole('dialog', { name: 'Cost review' });
  await expect(dialog.locator('.cost-review-tile').first()).toContainText('Total cost');
  await expectShows(dialog.locator('.cost-review-tile').first(), total);
  const byModel = dialog.getByRole('table', { name: 'Cost by model' });
  const costCell = (table: Locator, name: RegExp) =>
    table.getByRole('row', { name }).getByRole('cell').nth(1);
  await expectShows(costCell(byModel, /^Claude Sonnet 5/), first + second);
  await expectShows(costCell(byModel, /^GPT-6 Sol/), fallback);
  const dearest = dialog.locator('.cost-review-message');
  await expect(dearest).toHaveCount(3);
  await expectShows(dearest.first().locator('.cost-review-message-cost'), Math.max(first, second, fallback));
  await inBothThemes(page, 'cost-review');

  // A most expensive message is a link to it.
  await dearest.filter({ hasText: 'Rate limits cap' }).click();
  await expect(dialog).toHaveCount(0);
  const revealed = page.locator('.message-row.is-revealed');
  await expect(revealed).toContainText('Rate limits cap requests per minute.');
  await expect(revealed).toBeInViewport();

  // The dashboard: the same total, in its tiles, its charts' table views, and the exports.
  await page.getByRole('button', { name: 'Costs', exact: true }).click();
  await expect(page.locator('.cost-tile').first()).toContainText('Spend');
  await expectShows(page.locator('.cost-tile-value').first(), total);
  await expect(page.getByRole('figure', { name: 'Spend per day' })).toBeVisible();
  await expect(
    page.getByRole('figure', { name: 'Spend per day' }).locator('.recharts-bar-rectangle'),
  ).not.toHaveCount(0);
  await inBothThemes(page, 'dashboard-charts');

  const spend = page.getByRole('region', { name: 'Spend per day' });
  await spend.getByRole('button', { name: 'Table' }).click();
  await expect(spend.getByRole('button', { name: 'Table' })).toHaveAttribute('aria-pressed', 'true');
  const days = spend.getByRole('table', { name: 'Spend per day' });
  await expect(days).toBeVisible();
  const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
  await expectShows(costCell(days, new RegExp(`^${today}`)), total);

  const models = page.getByRole('region', { name: 'Spend by model' });
  await models.getByRole('button', { name: 'Table' }).click();
  const modelTable = models.getByRole('table', { name: 'Spend by model' });
  await expectShows(costCell(modelTable, /^Claude Sonnet 5/), first + second);
  await expectShows(costCell(modelTable, /^GPT-6 Sol/), fallback);
  await models.scrollIntoViewIfNeeded();
  await inBothThemes(page, 'dashboard-tables');

  // Any table, as CSV built in the page: exact dollars.
  const [tableFile] = await Promise.all([
    page.waitForEvent('download'),
    models.getByRole('button', { name: 'Export Spend by model as CSV' }).click(),
  ]);
  const tableRows = Papa.parse<Record<string, string>>((await savedText(tableFile)).trim(), {
    header: true,
  }).data;
  expect(tableRows.find((r) => r.Model === 'Claude Sonnet 5')?.['Known cost (USD)']).toBe(
    exactDollars(first + second),
  );
  expect(tableRows.find((r) => r.Model === 'GPT-6 Sol')?.['Known cost (USD)']).toBe(exactDollars(fallback));

  // The ledger itself (main's export): every call, failed ones included, adds up to the same total.
  await page.getByRole('button', { name: 'Export the usage ledger' }).click();
  const [ledgerFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Ledger of this range as CSV' }).click(),
  ]);
  const ledger = Papa.parse<Record<string, string>>((await savedText(ledgerFile)).trim(), {
    header: true,
  }).data;
  const chat = ledger.filter((r) => r.purpose === 'chat');
  expect(chat.some((r) => r.outcome === 'error' && r.model === 'claude-sonnet-5')).toBe(true);
  expect(chat.every((r) => r.cost_micros !== 'unknown')).toBe(true);
  expect(chat.reduce((t, r) => t + Number(r.cost_micros), 0)).toBe(total);
});

test('budgets show as bars with the warning level marked', async ({ page, emulator }) => {
  const usage: Scripted = { input: 40_000, cacheRead: 0, cacheWrite: 0, output: 2_000, reasoning: 0 };
  emulator.script({ match: { promptIncludes: 'budget' }, reply: { text: 'Spent some budget.', usage } });
  await sendAndWait(page, 'Spend some budget', 'Spent some budget.');
  const spent = priced(SONNET, usage);

  await page.getByRole('button', { name: 'Costs', exact: true }).click();
  await page.getByRole('button', { name: 'Edit budgets' }).click();
  const form = page.getByRole('dialog', { name: 'Budgets' });
  await form.getByLabel('Monthly budget (US dollars)').fill('ten');
  await form.getByRole('button', { name: 'Save budgets' }).click();
  await expect(form.getByText('Type an amount in dollars, such as 20 or 12.50.')).toBeVisible();
  // A budget just above what was spent, warning at half of it: past the warning level.
  const limit = Math.ceil((spent * 1.5) / 10_000) * 10_000;
  await form.getByLabel('Monthly budget (US dollars)').fill((limit / 1_000_000).toFixed(2));
  await form.getByLabel('Budget per conversation (US dollars)').fill('5');
  await form.getByLabel('Warn at (% of a budget)').fill('50');
  await form.getByRole('button', { name: 'Save budgets' }).click();
  await expect(form).toHaveCount(0);

  const month = page.getByRole('progressbar', { name: 'This month' });
  await expect(month).toHaveAttribute('aria-valuenow', String(spent));
  await expect(month).toHaveAttribute('aria-valuemax', String(limit));
  await expect(month).toHaveAttribute('aria-valuetext', /past the warning level\. Warns at 50 %\./);
  await expect(month.locator('.progress-mark')).toHaveAttribute('style', /left: 50%/);
  const budgets = page.getByRole('region', { name: 'Budgets' });
  await expect(budgets).toContainText('Per conversation: $5.00');
  await expect(budgets).toContainText('No conversation has reached 50 % of its budget.');
  await budgets.scrollIntoViewIfNeeded();
  await inBothThemes(page, 'budgets');
});

test('the conversation list sorts by cost and keeps only those above a cost', async ({ page, emulator }) => {
  const cheap: Scripted = { input: 100, cacheRead: 0, cacheWrite: 0, output: 50, reasoning: 0 };
  const dear: Scripted = { input: 90_000, cacheRead: 0, cacheWrite: 0, output: 8_000, reasoning: 0 };
  emulator.script(
    { match: { promptIncludes: 'dear' }, reply: { text: 'A long, dear answer.', usage: dear } },
    { match: { promptIncludes: 'cheap' }, reply: { text: 'A cheap answer.', usage: cheap } },
  );
  await sendAndWait(page, 'Something dear', 'A long, dear answer.');
  await page.getByRole('button', { name: 'New chat' }).click();
  await sendAndWait(page, 'Something cheap', 'A cheap answer.');

  const titles = page.getByRole('navigation', { name: 'Conversations' }).locator('.conversation-title');
  await expect(titles).toHaveText(['Something cheap', 'Something dear']);

  await page.getByRole('button', { name: 'Sort and filter conversations' }).click();
  const control = page.getByRole('dialog', { name: 'Sort and filter conversations' });
  await control.getByLabel('Highest cost').check();
  await control.getByRole('button', { name: 'Apply' }).click();
  await expect(titles).toHaveText(['Something dear', 'Something cheap']);
  await expect(
    page.getByRole('button', { name: 'Sort and filter conversations (dearest first)' }),
  ).toBeVisible();

  const between = (priced(SONNET, cheap) + priced(SONNET, dear)) / 2;
  await page.getByRole('button', { name: /^Sort and filter conversations/ }).click();
  await control.getByLabel('Only those costing at least (US dollars)').fill((between / 1_000_000).toFixed(4));
  await control.getByRole('button', { name: 'Apply' }).click();
  await expect(titles).toHaveText(['Something dear']);
  await snapshot(page, 'conversations-by-cost');

  await page.getByRole('button', { name: /^Sort and filter conversations/ }).click();
  await control.getByRole('button', { name: 'Reset' }).click();
  await expect(titles).toHaveText(['Something cheap', 'Something dear']);
});
