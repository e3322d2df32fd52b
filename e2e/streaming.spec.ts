/**
 * A rich answer streamed through the real web host in small chunks (issue 16's rendering path: the growing block
 * drawn into the DOM outside React, each finished block rendered once): once stored, nothing of the streaming view is
 * left, its code block is highlighted with a working Copy button, its math is rendered by KaTeX and its table is a
 * table, each block exactly once.
 */
import { expect, snapshot, test } from './fixtures';

const CODE =
  'export function total(prices: number[]): number {\n  return prices.reduce((a, b) => a + b, 0);\n}';

function richAnswer(sections: number): string {
  const parts: string[] = [];
  for (let i = 1; i <= sections; i++) {
    parts.push(
      `## Part ${i}`,
      `Paragraph ${i} explains the **important** idea with \`inline code\` and enough words to wrap across ` +
        'more than one line of the conversation, so the answer grows line by line as it streams in.',
      `- point ${i}.1\n- point ${i}.2\n- point ${i}.3`,
    );
    if (i === 1) parts.push('```ts\n' + CODE + '\n```');
    if (i === 2) parts.push('| Model | Price |\n|---|---:|\n| small | 0.15 |\n| large | 3.00 |');
    if (i === 3) parts.push('The energy is $E = mc^2$, and\n\n$$\n\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}\n$$');
  }
  parts.push('The end of the rich answer.');
  return parts.join('\n\n');
}

test('a rich answer streamed in small chunks ends with its code, math and table rendered, each once', async ({
  page,
  emulator,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  emulator.script({
    match: { promptIncludes: 'rich' },
    reply: { text: richAnswer(8), chunkSize: 3, chunksPerSecond: 200 },
  });
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Write something rich');
  await box.press('Enter');
  const answer = page.getByRole('article', { name: /^Answer/ }).last();
  await expect(answer.getByText('Paragraph 1 explains')).toBeVisible();

  await expect(answer.getByText('The end of the rich answer.')).toBeVisible({ timeout: 60_000 });
  await expect(answer).toHaveAttribute('aria-busy', 'false');
  await expect(answer.locator('.md-live, .markdown.is-streaming')).toHaveCount(0);
  // Every block once: eight headings, eight lists, one table, one code block, one display formula.
  await expect(answer.locator('h2')).toHaveCount(8);
  await expect(answer.locator('.markdown ul')).toHaveCount(8);
  await expect(answer.locator('table tr')).toHaveCount(3);
  await expect(answer.locator('.katex-display')).toHaveCount(1);
  await expect(answer.locator('.katex').first()).toBeVisible();
  await expect(answer.locator('code.language-ts span').first()).toBeVisible();
  // Each block paints on its own (a streamed update repaints the block that grew), its focus rings kept whole.
  const painting = await answer
    .locator('.markdown > .md-block')
    .evaluateAll((blocks) =>
      blocks.map((b) => `${getComputedStyle(b).contain} ${getComputedStyle(b).overflowClipMargin}`),
    );
  expect(new Set(painting)).toEqual(new Set(['paint 4px']));
  const copy = answer.getByRole('button', { name: 'Copy code' });
  await expect(copy).toHaveCount(1);
  await copy.click();
  await expect(copy).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(CODE);
  await snapshot(page, 'streamed-rich-answer');
});
