/**
 * Killing the app in the middle of an answer loses nothing that was shown: the answer reopens with its text,
 * marked interrupted, and the call it cost is in the ledger.
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { expect, test } from './fixtures';

test('an answer cut off by a crash reopens with every token shown, marked interrupted, and is in the ledger', async ({
  page,
  app,
  emulator,
  startApp,
}) => {
  emulator.script({
    match: { promptIncludes: 'count slowly' },
    reply: { chunks: Array.from({ length: 400 }, (_, i) => `n${i} `), chunksPerSecond: 40 },
  });
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill('Please count slowly');
  await composer.press('Enter');
  await expect(page.getByText(/n20 n21/)).toBeVisible();
  const shown = await page
    .getByText(/n0 n1 n2/)
    .last()
    .innerText();
  await app.kill();

  const again = await startApp({ dataDir: app.dataDir });
  await page.goto(again.url);
  await page
    .getByRole('link', { name: /Please count slowly/ })
    .or(page.getByText('Please count slowly').first())
    .first()
    .click();
  await expect(page.getByText('interrupted')).toBeVisible();
  const kept = await page
    .getByText(/n0 n1 n2/)
    .last()
    .innerText();
  expect(kept.startsWith(shown.trim().slice(0, 80))).toBe(true);
  expect(kept.length).toBeGreaterThanOrEqual(shown.trim().length);
  await again.stop();

  const db = new DatabaseSync(join(app.dataDir, 'modeldesk.db'), { readOnly: true });
  const rows = db.prepare('SELECT outcome, output_text FROM ledger_records').all() as Array<{
    outcome: string;
    output_text: number;
  }>;
  db.close();
  expect(rows).toHaveLength(1);
  expect(rows[0]?.outcome).toBe('interrupted');
  expect(rows[0]?.output_text).toBeGreaterThan(20);
});
