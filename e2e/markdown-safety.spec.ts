/**
 * Model output is untrusted: Markdown carrying script, event handlers, javascript: links and raw HTML renders inert.
 * Nothing runs, no link can run code, and the raw HTML is not turned into elements.
 */
import { expect, snapshot, test } from './fixtures';

const PAYLOAD = [
  'Here is a **formatted** answer with a [safe link](https://example.com/docs).',
  '',
  '<script>window.__pwned = "script"</script>',
  '<img src="x" onerror="window.__pwned = \'img onerror\'">',
  '<svg onload="window.__pwned = \'svg onload\'"><circle r="5"/></svg>',
  '<iframe src="javascript:window.top.__pwned = \'iframe\'"></iframe>',
  '<a href="javascript:window.__pwned = \'raw link\'">raw html link</a>',
  '<b onclick="window.__pwned = \'click\'">bold by raw html</b>',
  '<style>body { display: none }</style>',
  '',
  "[markdown javascript link](javascript:window.__pwned='md link')",
  '',
  '[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '',
  "![tracking image](javascript:window.__pwned='md image')",
  '',
  '| a | b |',
  '|---|---|',
  '| <img src=x onerror="window.__pwned=\'table\'"> | cell |',
  '',
  '```html',
  '<script>window.__pwned = "code block"</script>',
  '```',
].join('\n');

test('Markdown with an XSS payload from the model renders inert', async ({ page, emulator }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  emulator.script({ match: { promptIncludes: 'payload' }, reply: { text: PAYLOAD, chunkSize: 7 } });
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Show me the payload');
  await box.press('Enter');
  const answer = page.getByRole('article', { name: /^Answer/ }).last();
  await expect(answer).toHaveAttribute('aria-busy', 'false');
  const body = answer.locator('.markdown');
  await expect(body.locator('strong', { hasText: 'formatted' })).toBeVisible();

  // No element the payload tried to make exists, inline handlers included.
  for (const selector of [
    'script',
    'iframe',
    'svg',
    'style',
    'img',
    'b',
    '[onerror]',
    '[onload]',
    '[onclick]',
  ]) {
    await expect(body.locator(selector), selector).toHaveCount(0);
  }
  // Links: only the https one is a link; javascript: and data: are not.
  const hrefs = await body
    .locator('a[href]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(hrefs).toEqual(['https://example.com/docs']);
  // The code block shows the script as text.
  await expect(body.locator('pre code')).toContainText('<script>window.__pwned = "code block"</script>');

  // Clicking what was meant to be links runs nothing.
  await body.getByText('markdown javascript link').click();
  await body
    .getByText('raw html link')
    .click({ force: true })
    .catch(() => undefined);
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as Window & { __pwned?: string }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  await expect(page.locator('body')).toBeVisible();
  await snapshot(page, 'xss-inert');
});
