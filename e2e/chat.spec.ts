/**
 * The chat as a new user meets it, against the real web host and the provider emulator: an answer streams in and can
 * be stopped; answers can be regenerated (also with another model); a rate limit shows its countdown with "Retry
 * now" and "Cancel" and then the answer; a provider outage falls back to the next model, and the answer says so.
 */
import type { Page } from '@playwright/test';
import { expect, snapshot, test } from './fixtures';

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

const answers = (page: Page) => page.getByRole('article', { name: /^Answer/ });

const numbered = (n: number) =>
  Array.from({ length: n }, (_, i) => `Line ${i + 1} of a long answer.`).join('\n\n');

test('an answer streams in token by token, with Stop while it comes', async ({ page, emulator }) => {
  emulator.script({
    match: { promptIncludes: 'long story' },
    // About 8 s of streaming: the checks made while it streams have time on a busy machine.
    reply: { text: numbered(30), chunkSize: 12, chunksPerSecond: 8 },
  });
  await send(page, 'Tell me a long story');
  const answer = answers(page).last();
  // While it streams: partial text, the answer marked busy, Stop in place of Send, and what was typed is cleared.
  await expect(answer.getByText('Line 2 of a long answer.')).toBeVisible();
  await expect(answer).toHaveAttribute('aria-busy', 'true');
  await expect(answer.getByText('Line 30 of a long answer.')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('');
  await snapshot(page, 'streaming');
  // Then the whole answer, its model, tokens and cost, and Send again.
  await expect(answer.getByText('Line 30 of a long answer.')).toBeVisible({ timeout: 30_000 });
  await expect(answer).toHaveAttribute('aria-busy', 'false');
  await expect(answer.getByText('Claude Sonnet 5', { exact: true })).toBeVisible();
  await expect(answer.locator('.answer-figures')).toContainText(/\d+ in · \d+ out · \$\d/);
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  const streamed = emulator.requests.filter((r) => r.protocol === 'anthropic' && r.stream);
  expect(streamed).toHaveLength(1);
  expect(streamed[0]!.chunkTimes.length).toBeGreaterThan(10);
});

test('Stop ends the answer where it is, keeps what arrived and marks it stopped', async ({
  page,
  emulator,
}) => {
  emulator.script({
    match: { promptIncludes: 'endless' },
    reply: { text: numbered(200), chunkSize: 10, chunksPerSecond: 10 },
  });
  await send(page, 'Write something endless');
  const answer = answers(page).last();
  await expect(answer.getByText('Line 1 of a long answer.')).toBeVisible();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(answer.getByText('stopped', { exact: true })).toBeVisible();
  await expect(answer.getByText('Line 1 of a long answer.')).toBeVisible();
  await expect(answer.getByText('Line 200 of a long answer.')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await emulator.idle();
  const request = emulator.requests.find((r) => r.protocol === 'anthropic' && r.stream);
  expect(request?.outcome).toBe('client-disconnected');
  await snapshot(page, 'stopped');
});

test('Escape in the message box stops the answer too', async ({ page, emulator }) => {
  emulator.script({
    match: { promptIncludes: 'slowly' },
    reply: { text: numbered(100), chunksPerSecond: 8 },
  });
  await send(page, 'Answer slowly');
  const answer = answers(page).last();
  await expect(answer.getByText('Line 1 of a long answer.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Message' }).press('Escape');
  await expect(answer.getByText('stopped', { exact: true })).toBeVisible();
});

test('Regenerate asks again (past the cache) and replaces the answer; another model can be chosen', async ({
  page,
  emulator,
}) => {
  emulator.script(
    { match: { promptIncludes: 'haiku' }, reply: { text: 'First answer about autumn.' } },
    { match: { promptIncludes: 'haiku' }, reply: { text: 'Second answer about winter.' } },
    { match: { promptIncludes: 'haiku', protocol: 'openai' }, reply: { text: 'An answer from GPT-6 Sol.' } },
  );
  await send(page, 'Write a haiku');
  await expect(answers(page).last().getByText('First answer about autumn.')).toBeVisible();

  await answers(page).last().getByRole('button', { name: 'Regenerate' }).click();
  await expect(answers(page).last().getByText('Second answer about winter.')).toBeVisible();
  await expect(page.getByText('First answer about autumn.')).toHaveCount(0);
  await expect(answers(page)).toHaveCount(1);

  await answers(page).last().getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: 'Regenerate with another model…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Regenerate with another model' });
  await dialog.getByRole('combobox', { name: 'Model' }).click();
  await page.getByRole('searchbox', { name: 'Search models' }).fill('gpt-6-sol');
  await page.getByRole('option', { name: /^GPT-6 Sol \d/ }).click();
  await dialog.getByRole('button', { name: 'Regenerate' }).click();
  const last = answers(page).last();
  await expect(last.getByText('An answer from GPT-6 Sol.')).toBeVisible();
  await expect(last.getByText('GPT-6 Sol', { exact: true })).toBeVisible();
  await expect(answers(page)).toHaveCount(1);

  const asked = emulator.requests.filter((r) => r.body !== null && JSON.stringify(r.body).includes('haiku'));
  expect(asked.map((r) => `${r.protocol}:${r.model}`)).toEqual([
    'anthropic:claude-sonnet-5',
    'anthropic:claude-sonnet-5',
    'openai:gpt-6-sol',
  ]);
  // The user's question is asked once in each request, not duplicated by the regenerations.
  const lastBody = JSON.stringify(asked[2]!.body);
  expect(lastBody.split('Write a haiku').length - 1).toBe(1);
});

test('a rate limit shows the countdown with Retry now and Cancel, then the answer', async ({
  page,
  emulator,
}) => {
  emulator.script(
    // Long enough for a busy machine to show the first countdown before it runs out.
    { match: { promptIncludes: 'busy hour' }, fault: { kind: 'rate-limit', retryAfterSeconds: 5 } },
    { match: { promptIncludes: 'busy hour' }, fault: { kind: 'rate-limit', retryAfterSeconds: 20 } },
    { match: { promptIncludes: 'busy hour' }, reply: { text: 'Finally, the answer.' } },
  );
  await send(page, 'Ask during the busy hour');
  const answer = answers(page).last();
  const waiting = answer.locator('.answer-retry');
  await expect(waiting).toContainText('Rate limited by Anthropic');
  // The countdown names the attempt it will make.
  await expect(waiting).toContainText(/retrying in [1-5] s \(attempt 2 of \d\)/);
  await expect(waiting.getByRole('button', { name: 'Retry now' })).toBeVisible();
  await expect(waiting.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await snapshot(page, 'rate-limited');
  // The first wait runs out by itself; the second (20 s) is skipped with "Retry now".
  await expect(waiting).toContainText(/retrying in (20|1\d) s \(attempt 3 of \d\)/, { timeout: 15_000 });
  await waiting.getByRole('button', { name: 'Retry now' }).click();
  await expect(answer.getByText('Finally, the answer.')).toBeVisible({ timeout: 5_000 });
  await expect(waiting).toHaveCount(0);
  const tries = emulator.requests.filter((r) => JSON.stringify(r.body).includes('busy hour'));
  expect(tries.map((r) => r.status)).toEqual([429, 429, 200]);
});

test('Cancel during a rate-limit wait stops the answer', async ({ page, emulator }) => {
  emulator.script({
    match: { promptIncludes: 'never mind' },
    fault: { kind: 'rate-limit', retryAfterSeconds: 30 },
  });
  await send(page, 'Ask, then never mind');
  const answer = answers(page).last();
  await answer.locator('.answer-retry').getByRole('button', { name: 'Cancel' }).click();
  await expect(answer.getByText('stopped', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  expect(emulator.requests.filter((r) => JSON.stringify(r.body).includes('never mind'))).toHaveLength(1);
});

test('an outage falls back to the next model of the profile, and the answer says which and why', async ({
  page,
  emulator,
}) => {
  emulator.script(
    { match: { protocol: 'anthropic' }, fault: { kind: 'overloaded' }, times: Infinity },
    { match: { protocol: 'openai', promptIncludes: 'outage' }, reply: { text: 'GPT-6 Sol stepped in.' } },
  );
  await send(page, 'Answer despite the outage');
  const answer = answers(page).last();
  await expect(answer.getByText('GPT-6 Sol stepped in.')).toBeVisible({ timeout: 30_000 });
  await expect(answer.getByText('GPT-6 Sol', { exact: true })).toBeVisible();
  await expect(answer.locator('.answer-fallback')).toContainText(
    /Fallback: Claude Sonnet 5 failed \(.+\), so GPT-6 Sol answered/,
  );
  await snapshot(page, 'fallback');
  const chat = emulator.requests.filter((r) => JSON.stringify(r.body).includes('outage'));
  expect(chat.at(-1)?.protocol).toBe('openai');
  expect(chat.filter((r) => r.protocol === 'anthropic').every((r) => r.status === 529)).toBe(true);
});

test('when every model of the chain is down, the error says so in place and offers another provider', async ({
  page,
  emulator,
}) => {
  emulator.script(
    { match: { protocol: 'anthropic' }, fault: { kind: 'overloaded' }, times: Infinity },
    { match: { protocol: 'openai' }, fault: { kind: 'overloaded' }, times: Infinity },
    { match: { protocol: 'gemini' }, fault: { kind: 'overloaded' }, times: Infinity },
  );
  await page.getByRole('combobox', { name: 'Model' }).click();
  await page.getByRole('searchbox', { name: 'Search models' }).fill('haiku 4.5');
  await page.getByRole('option', { name: /^Claude Haiku 4\.5 200K/ }).click();
  await send(page, 'Is anyone there?');
  const failure = answers(page).last().getByRole('alert');
  await expect(failure).toContainText('is overloaded', { timeout: 30_000 });
  const offer = failure.getByRole('button', { name: /^Use .+ instead$/ });
  await expect(offer).toBeVisible();
  await expect(failure.getByRole('button', { name: 'Try again' })).toBeVisible();
  await snapshot(page, 'outage');
  emulator.reset();
  const offered = (await offer.textContent())!.replace(/^Use | instead$/g, '');
  await offer.click();
  await expect(answers(page).last().getByText(offered, { exact: true })).toBeVisible();
  await expect(answers(page).last().getByRole('alert')).toHaveCount(0);
});
