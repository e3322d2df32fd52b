/**
 * Keys as a new user meets them: without a key, Send says the provider is not set up and leads to Settings; a key
 * entered there is used at once, and what was typed meanwhile is still in the message box. A key the provider
 * refuses is said in place, with the way to Settings.
 */
import type { Page } from '@playwright/test';
import { expect, snapshot, test } from './fixtures';

const KEY = 'sk-ant-new-user-key-7f3a';

const answers = (page: Page) => page.getByRole('article', { name: /^Answer/ });

test.describe('a new user without keys', () => {
  test.use({ providerKeys: false });

  test('sets a key in Settings and the message typed before is sent with it', async ({ page, emulator }) => {
    emulator.script({ match: { protocol: 'anthropic' }, reply: { text: 'Hello with your own key.' } });
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('My first question');
    const reason = page.locator('#composer-blocked');
    await expect(reason).toContainText('Anthropic is not set up yet');
    await expect(page.getByRole('button', { name: 'Send' })).toBeDisabled();
    await snapshot(page, 'no-key');

    await reason.getByRole('button', { name: 'Open Settings' }).click();
    const card = page.getByRole('region', { name: 'Anthropic', exact: true });
    const field = card.getByLabel('API key for Anthropic');
    await expect(field).toHaveAttribute('type', 'password');
    await field.fill(KEY);
    await card.getByRole('button', { name: 'Save key' }).click();
    await expect(card.getByLabel(`Key ending in ${KEY.slice(-4)}`, { exact: true })).toBeVisible();
    await expect(field).toHaveValue('');
    await snapshot(page, 'key-saved');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Chat' }).click();
    await expect(box).toHaveValue('My first question');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(answers(page).last().getByText('Hello with your own key.')).toBeVisible();
    const call = emulator.requests.find((r) => r.protocol === 'anthropic' && r.stream);
    // The emulator masks secrets to their last four characters: the call carried this key.
    const sentKey = call?.headers['x-api-key'] ?? call?.headers.authorization;
    expect(sentKey).toMatch(new RegExp(`\\*{4}${KEY.slice(-4)}$`));
    expect(await page.content()).not.toContain(KEY);
  });
});

test('a refused key is said in place, with the way to Settings', async ({ page, emulator }) => {
  emulator.script({
    match: { protocol: 'anthropic' },
    fault: { kind: 'status', status: 401, errorType: 'authentication_error', message: 'invalid x-api-key' },
    times: Infinity,
  });
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Is my key good?');
  await box.press('Enter');
  const failure = answers(page).last().getByRole('alert');
  await expect(failure).toContainText('rejected the API key');
  await expect(failure).toContainText('Settings');
  await snapshot(page, 'key-refused');
  await failure.getByRole('button', { name: 'Open Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Anthropic', exact: true })).toBeVisible();
  // Only one call: a refused key is not retried.
  expect(
    emulator.requests.filter((r) => r.protocol === 'anthropic' && r.path.endsWith('/messages')),
  ).toHaveLength(1);
});

test('extra headers and a rate limit set in Settings go with the calls', async ({ page, emulator }) => {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
  const card = page.getByRole('region', { name: 'Anthropic', exact: true });
  await card.getByText('Headers, rate limits and retries').click();
  await card.getByLabel('Extra headers').fill('X-Team research');
  await card.getByLabel('Requests per minute').fill('30');
  await card.getByRole('button', { name: 'Save headers and limits' }).click();
  await expect(card.getByText(/^Line 1 is not a header/)).toBeVisible();
  await card.getByLabel('Extra headers').fill('X-Team: research');
  await card.getByRole('button', { name: 'Save headers and limits' }).click();
  await expect(page.getByText('Anthropic: headers and limits saved.')).toBeVisible();

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Chat' }).click();
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('With my team header');
  await box.press('Enter');
  await expect(answers(page).last()).toHaveAttribute('aria-busy', 'false');
  const call = emulator.requests.find((r) => r.protocol === 'anthropic' && r.stream);
  expect(call?.headers['x-team']).toBe('research');

  await page.reload();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
  const again = page.getByRole('region', { name: 'Anthropic', exact: true });
  await again.getByText('Headers, rate limits and retries').click();
  await expect(again.getByLabel('Extra headers')).toHaveValue('X-Team: research');
  await expect(again.getByLabel('Requests per minute')).toHaveValue('30');
});
