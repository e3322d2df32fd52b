/** Chatting in a spec: the answers on the page, and sending a message until its answer has come. */
import type { Page } from '@playwright/test';
import { expect } from '../fixtures';

export const answers = (page: Page) => page.getByRole('article', { name: /^Answer/ });

/** Types and sends a message, then waits for the answer with this text and for Send to be back. */
export async function sendAndWait(page: Page, text: string, answerText: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  await expect(answers(page).last().getByText(answerText)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
}
