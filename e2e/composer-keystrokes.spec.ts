/**
 * The composer never loses a keystroke across a send (issue 14): on a new chat's first message, Enter creates the
 * conversation and sends; what is typed straight after Enter, while that happens, stays in the box.
 */
import { expect, test } from './fixtures';

test('text typed right after Enter on a new chat survives the send', async ({ page, emulator }) => {
  emulator.script({ match: { promptIncludes: 'first words' }, reply: { text: 'Answered.' } });
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('My first words');
  await box.press('Enter');
  // No wait: the next keys arrive while the conversation is created and the message sent.
  await page.keyboard.type('and what came next', { delay: 5 });
  await expect(
    page
      .getByRole('article', { name: /^Answer/ })
      .last()
      .getByText('Answered.'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await expect(box).toHaveValue('and what came next');
  const sent = emulator.requests.filter((r) => JSON.stringify(r.body).includes('first words'));
  expect(sent).toHaveLength(1);
  expect(JSON.stringify(sent[0]!.body)).not.toContain('what came next');
  // Still there after a moment: a late save of the sent (empty) draft does not come back over it.
  await page.waitForTimeout(1_200);
  await expect(box).toHaveValue('and what came next');
});
