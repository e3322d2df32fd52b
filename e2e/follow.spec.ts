/**
 * Following a streaming answer (MessageList and growth-reserve.ts): the newest text stays at the bottom of the view
 * while the answer grows, the list sees the answer's row grow a screen at a time (not at every line), the room kept
 * below the text is never in view while following, scrolling up stops following until "Jump to latest", and when the
 * answer ends its row is its content's height again.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { answers, sendAndWait } from './support/chat';

function paragraphs(tag: string, count: number): string {
  return Array.from(
    { length: count },
    (_, i) =>
      `Paragraph ${i + 1} of ${tag} says enough words to wrap across more than one line of the conversation, ` +
      'so that the answer grows line by line while it streams into the window.',
  ).join('\n\n');
}

/** Where the last answer's text ends, against the bottom of the message list's view, and the answer row's heights. */
async function geometry(page: Page) {
  return page.evaluate(() => {
    const scroller = document.querySelector<HTMLElement>('.message-scroller')!;
    const row = [...document.querySelectorAll<HTMLElement>('.message-row')].at(-1)!;
    const article = row.querySelector<HTMLElement>('.message-assistant')!;
    const markdown = article.querySelector<HTMLElement>('.markdown')!;
    const view = scroller.getBoundingClientRect();
    return {
      scrollTop: scroller.scrollTop,
      /** Text end below the view's bottom (positive: out of view), px. */
      textBelowView: markdown.getBoundingClientRect().bottom - view.bottom,
      rowHeight: row.offsetHeight,
      contentHeight: article.offsetHeight,
    };
  });
}

test('a streaming answer is followed at its newest line, and the list measures its row a screen at a time', async ({
  page,
  emulator,
}) => {
  // History taller than the window, so the list scrolls.
  emulator.script({ match: { promptIncludes: 'history' }, reply: { text: paragraphs('the history', 12) } });
  await sendAndWait(page, 'Some history first', 'Paragraph 12 of the history');
  emulator.script({
    match: { promptIncludes: 'slowly' },
    reply: {
      text: `${paragraphs('the answer', 30)}\n\nThe last line of the answer.`,
      chunkSize: 4,
      chunksPerSecond: 60,
    },
  });
  // Every height the answer's row had, frame by frame, while it streamed.
  await page.evaluate(() => {
    const heights: number[] = [];
    (window as unknown as { rowHeights: number[] }).rowHeights = heights;
    const sample = () => {
      const row = [...document.querySelectorAll<HTMLElement>('.message-row')].at(-1);
      if (row?.querySelector('.message-assistant[aria-busy="true"]')) heights.push(row.offsetHeight);
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Write slowly');
  await box.press('Enter');
  const answer = answers(page).last();
  await expect(answer.getByText('Paragraph 6 of the answer')).toBeVisible();

  // Followed: the newest text is at the bottom of the view, the room below it out of sight.
  for (let i = 0; i < 3; i++) {
    const shown = await geometry(page);
    expect(shown.textBelowView).toBeLessThanOrEqual(1);
    expect(shown.textBelowView).toBeGreaterThan(-40);
    // The room kept below the text (the row is taller than its content and padding).
    expect(shown.rowHeight - shown.contentHeight).toBeGreaterThan(150);
    await page.waitForTimeout(300);
  }

  // The reader scrolls up: the view stays where they put it while the answer grows, until "Jump to latest".
  await page.getByRole('region', { name: 'Messages' }).hover();
  await page.mouse.wheel(0, -400);
  const jump = page.getByRole('button', { name: 'Jump to latest' });
  await expect(jump).toBeVisible();
  const left = await geometry(page);
  await expect(answer.getByText('Paragraph 14 of the answer')).toBeAttached();
  const later = await geometry(page);
  expect(later.scrollTop).toBe(left.scrollTop);
  expect(later.textBelowView).toBeGreaterThan(left.textBelowView);
  await jump.click();
  await expect(jump).toHaveCount(0);
  await expect.poll(async () => (await geometry(page)).textBelowView).toBeLessThanOrEqual(1);
  await expect(answer.getByText('Paragraph 18 of the answer')).toBeVisible();
  expect((await geometry(page)).textBelowView).toBeGreaterThan(-40);

  await expect(answer.getByText('The last line of the answer.')).toBeVisible({ timeout: 30_000 });
  await expect(answer).toHaveAttribute('aria-busy', 'false');
  // The room is gone: the row is its content and its padding, and the answer's end and footer are in view.
  const ended = await geometry(page);
  expect(ended.rowHeight - ended.contentHeight).toBeLessThan(40);
  await expect(answer.getByRole('button', { name: 'Copy', exact: true })).toBeInViewport();
  // The answer grew by dozens of lines; its row changed height a few times (a screen at a time).
  const heights = await page.evaluate(() => (window as unknown as { rowHeights: number[] }).rowHeights);
  const changes = heights.filter((h, i) => i > 0 && h !== heights[i - 1]).length;
  const grewBy = Math.max(...heights) - Math.min(...heights);
  expect(grewBy).toBeGreaterThan(1500);
  expect(changes).toBeLessThan(grewBy / 300);
});
