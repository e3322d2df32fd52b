/**
 * A conversation that outgrows a small context window (a custom model of 1,500 tokens), under each context strategy
 * a profile can choose: the oldest turns are left out and the chat shows which; or they are summarized by a cheaper
 * model and the summary, shown in their place, can be corrected; or Send is refused, saying by how much.
 * The model and the profiles are made in Settings, as a user would.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, snapshot, test } from './fixtures';

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name });

/** About `words` tokens of text, tagged so the requests can be searched for it. */
const longMessage = (tag: string, words = 450) =>
  `${tag} ${Array.from({ length: words }, () => 'word').join(' ')}`;

/** A custom model with a small context window (and a 200-token answer limit). */
async function addTinyModel(page: Page, contextWindow = 1500): Promise<void> {
  await section(page, 'Settings').click();
  await page.getByRole('tab', { name: 'Models' }).click();
  await page.getByRole('button', { name: 'Add custom model' }).click();
  const form = page.getByRole('dialog', { name: 'Add a custom model' });
  await form.getByLabel('Provider', { exact: true }).selectOption('openai');
  await form.getByLabel('Model name at the provider').fill('tiny-1');
  await form.getByLabel('Display name').fill('Tiny');
  await form.getByLabel('Context window (tokens)').fill(String(contextWindow));
  await form.getByLabel('Longest answer (tokens)').fill('200');
  await form.getByLabel('Input price ($ per million tokens)').fill('0.1');
  await form.getByLabel('Output price ($ per million tokens)').fill('0.2');
  await form.getByRole('button', { name: 'Save model' }).click();
  await expect(form).toHaveCount(0);
}

async function pickModel(page: Page, picker: string, search: string, option: RegExp): Promise<void> {
  await page.getByRole('combobox', { name: picker }).click();
  await page.getByRole('searchbox', { name: 'Search models' }).fill(search);
  await page.getByRole('option', { name: option }).click();
}

async function addProfile(
  page: Page,
  name: string,
  mode: 'refuse' | 'drop-oldest' | 'summarize',
): Promise<void> {
  await page.getByRole('tab', { name: 'Profiles' }).click();
  await page.getByRole('button', { name: 'New profile' }).click();
  const form = page.getByRole('dialog', { name: 'New profile' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await pickModel(page, 'Profile model', 'tiny', /^Tiny /);
  await form.getByLabel('When a conversation outgrows the context window').selectOption(mode);
  if (mode === 'summarize') await pickModel(page, 'Summary model', 'GPT-6 Luna', /^GPT-6 Luna \d/);
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Profiles' })).toContainText(name);
}

async function startChatWith(page: Page, profile: string): Promise<void> {
  await section(page, 'Chat').click();
  await page.getByRole('combobox', { name: 'Profile' }).click();
  await page.getByRole('option', { name: new RegExp(`^${profile}`) }).click();
  await expect(page.getByRole('combobox', { name: 'Model' })).toContainText('Tiny');
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('article', { name: /^Answer/ }).last()).toHaveAttribute('aria-busy', 'false');
}

/** Scrolls the conversation to its first message (the list only holds the messages near the view). */
async function scrollToStart(page: Page): Promise<void> {
  await page.getByRole('region', { name: 'Messages' }).focus();
  await page.keyboard.press('Control+Home');
}

/** Scrolls the conversation up a screen at a time until `target` is in the page (the list is virtualized). */
async function scrollUpTo(page: Page, target: Locator): Promise<void> {
  const messages = page.getByRole('region', { name: 'Messages' });
  for (let i = 0; i < 30 && (await target.count()) === 0; i++) {
    await messages.hover();
    await page.mouse.wheel(0, -500);
    await page.waitForTimeout(50);
  }
  await target.scrollIntoViewIfNeeded();
}

/** The request bodies sent to the tiny model, in order. */
const tinyRequests = (emulator: { requests: readonly { model?: string; body: unknown }[] }) =>
  emulator.requests.filter((r) => r.model === 'tiny-1').map((r) => JSON.stringify(r.body));

test('dropping the oldest turns: the chat shows which messages were left out of the call', async ({
  page,
  emulator,
}) => {
  emulator.script({ match: { model: 'tiny-1' }, reply: { text: 'Noted.' }, times: Infinity });
  await addTinyModel(page);
  await addProfile(page, 'Tiny drop', 'drop-oldest');
  await startChatWith(page, 'Tiny drop');
  await send(page, longMessage('MARK-ONE'));
  await send(page, longMessage('MARK-TWO'));

  await page.getByRole('textbox', { name: 'Message' }).fill(longMessage('MARK-THREE'));
  await expect(
    page.getByText(/^To fit Tiny’s context window, the \d+ oldest messages? (is|are) left out/),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('article', { name: /^Answer/ }).last()).toHaveAttribute('aria-busy', 'false');

  const third = page.getByRole('article', { name: 'You' }).filter({ hasText: 'MARK-THREE' });
  await expect(third).toBeVisible();
  await expect(third.getByText('Left out of the next call')).toHaveCount(0);
  await scrollToStart(page);
  const first = page.getByRole('article', { name: 'You' }).filter({ hasText: 'MARK-ONE' });
  await expect(first.getByText('Left out of the next call to fit the context window')).toBeVisible();
  await snapshot(page, 'context-dropped');

  const sent = tinyRequests(emulator);
  expect(sent).toHaveLength(3);
  expect(sent[2]).toContain('MARK-THREE');
  expect(sent[2]).not.toContain('MARK-ONE');
});

test('summarizing the oldest turns: the summary stands in their place and can be corrected', async ({
  page,
  emulator,
}) => {
  emulator.script(
    { match: { model: 'tiny-1' }, reply: { text: 'Noted.' }, times: Infinity },
    {
      match: { model: 'gpt-6-luna' },
      reply: { text: 'SUMMARY: the user sent a long message tagged one.' },
      times: Infinity,
    },
  );
  // A summary needs room of its own (about a thousand tokens), so this model's window is a little larger.
  await addTinyModel(page, 3000);
  await addProfile(page, 'Tiny summary', 'summarize');
  await startChatWith(page, 'Tiny summary');
  await send(page, longMessage('MARK-ONE', 1200));
  await send(page, longMessage('MARK-TWO', 1200));
  await page.getByRole('textbox', { name: 'Message' }).fill(longMessage('MARK-THREE', 1200));
  await expect(page.getByText(/^To fit Tiny’s context window, .* replaced by a summary/)).toBeVisible();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('article', { name: /^Answer/ }).last()).toHaveAttribute('aria-busy', 'false');

  const summary = page.getByRole('article', { name: 'Summary of earlier messages' });
  await scrollUpTo(page, summary);
  await expect(summary).toContainText('SUMMARY: the user sent a long message tagged one.');
  await expect(summary).toContainText('written by GPT-6 Luna');
  await scrollToStart(page);
  const first = page.getByRole('article', { name: 'You' }).filter({ hasText: 'MARK-ONE' });
  await expect(first.getByText('Summarized: the summary below is sent in its place')).toBeVisible();
  const sent = tinyRequests(emulator);
  expect(sent.at(-1)).toContain('SUMMARY: the user sent a long message tagged one.');
  expect(sent.at(-1)).not.toContain('MARK-ONE');

  // The summary is corrected by hand; the next call carries the correction.
  await page.getByRole('button', { name: 'Jump to latest' }).click();
  await scrollUpTo(page, summary);
  await snapshot(page, 'context-summarized');
  await summary.getByRole('button', { name: 'Edit summary' }).click();
  await summary.getByRole('textbox', { name: 'Edit summary' }).fill('EDITED SUMMARY: one was about words.');
  await summary.getByRole('button', { name: 'Save summary' }).click();
  await expect(summary).toContainText('EDITED SUMMARY: one was about words.');
  await page.reload();
  await page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('button', { name: /^MARK-ONE/ })
    .click();
  await scrollUpTo(page, summary);
  await expect(summary).toContainText('EDITED SUMMARY: one was about words.');
  await send(page, 'A short follow-up, MARK-FOUR');
  const after = emulator.requests
    .filter((r) => JSON.stringify(r.body).includes('MARK-FOUR') || JSON.stringify(r.body).includes('EDITED'))
    .map((r) => JSON.stringify(r.body));
  expect(after.some((body) => body.includes('EDITED SUMMARY: one was about words.'))).toBe(true);
});

test('refusing: Send is disabled and says by how much the conversation is too long', async ({
  page,
  emulator,
}) => {
  emulator.script({ match: { model: 'tiny-1' }, reply: { text: 'Noted.' }, times: Infinity });
  await addTinyModel(page);
  await addProfile(page, 'Tiny strict', 'refuse');
  await startChatWith(page, 'Tiny strict');
  await send(page, longMessage('MARK-ONE'));
  await send(page, longMessage('MARK-TWO'));
  await page.getByRole('textbox', { name: 'Message' }).fill(longMessage('MARK-THREE'));
  const reason = page.locator('#composer-blocked');
  await expect(reason).toContainText(
    /This conversation is [\d,]+ input tokens: Tiny's context window of 1,500 tokens, less 200 kept for the answer, leaves room for 1,300, [\d,]+ too many\./,
  );
  await expect(page.getByRole('button', { name: 'Send' })).toBeDisabled();
  // The verdict's figures are those shown beside it: the input tokens, the window and the room for the answer.
  const said = /is ([\d,]+) input tokens/.exec((await reason.textContent()) ?? '')?.[1];
  const figures = page.locator('.composer-estimate');
  await expect(figures).toContainText(`≈ ${said} input tokens`);
  await expect(figures.getByRole('progressbar', { name: 'Context window used' })).toHaveAttribute(
    'aria-valuetext',
    /of the context window of 1,500 tokens \(200 kept for the answer\)/,
  );
  await snapshot(page, 'context-refused');
  expect(tinyRequests(emulator)).toHaveLength(2);
  // What was typed stays.
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue(longMessage('MARK-THREE'));
});
