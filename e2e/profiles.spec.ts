/**
 * Profiles in the chat: switching a conversation's profile changes the model its next answer comes from, and each
 * answer keeps the profile that produced it.
 */
import type { Page } from '@playwright/test';
import { expect, snapshot, test } from './fixtures';

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

const answers = (page: Page) => page.getByRole('article', { name: /^Answer/ });

test('switching the profile changes the model used, and each answer records its profile', async ({
  page,
  emulator,
}) => {
  await send(page, 'First question');
  const first = answers(page).nth(0);
  await expect(first).toHaveAttribute('aria-busy', 'false');
  await expect(first.locator('.message-author')).toHaveText('Claude Sonnet 5');
  await expect(first.locator('.message-profile')).toHaveText('Profile: Default');

  // Fast uses GPT-6 Luna; the picker says so before it is chosen.
  await page.getByRole('combobox', { name: 'Profile' }).click();
  const fast = page.getByRole('option', { name: /^Fast/ });
  await expect(fast).toContainText('Quick answers from small, fast models.');
  await fast.click();
  await expect(page.getByRole('combobox', { name: 'Profile' })).toContainText('Fast');
  await expect(page.getByRole('combobox', { name: 'Model' })).toContainText('GPT-6 Luna');

  await send(page, 'Second question');
  const second = answers(page).nth(1);
  await expect(second).toHaveAttribute('aria-busy', 'false');
  await expect(second.locator('.message-author')).toHaveText('GPT-6 Luna');
  await expect(second.locator('.message-profile')).toHaveText('Profile: Fast');
  // The earlier answer still says which profile produced it.
  await expect(first.locator('.message-profile')).toHaveText('Profile: Default');
  await snapshot(page, 'profile-switch');

  const chat = emulator.requests.filter((r) => r.stream);
  expect(chat.map((r) => `${r.protocol}:${r.model}`)).toEqual([
    'anthropic:claude-sonnet-5',
    'openai:gpt-6-luna',
  ]);

  // The conversation remembers its profile after a reload.
  await page.reload();
  await page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('button', { name: /^First question/ })
    .click();
  await expect(page.getByRole('combobox', { name: 'Profile' })).toContainText('Fast');
  await expect(answers(page)).toHaveCount(2);
});
