import { expect, test } from './fixtures';

test('scratch', async ({ page }) => {
  const composer = page.getByRole('textbox', { name: 'Message' });
  await page.screenshot({ path: '/tmp/shots/empty.png' });
  await composer.fill('Show me a table and some code');
  await composer.press('Enter');
  await expect(page.locator('.message-assistant')).toBeVisible();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '/tmp/shots/answer.png' });
  await page.getByRole('combobox', { name: 'Model' }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: '/tmp/shots/picker.png' });
  await page.keyboard.press('Escape');
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await page.screenshot({ path: '/tmp/shots/answer-dark.png' });
});
