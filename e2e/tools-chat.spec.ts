/**
 * Tools in chat, end to end in Chromium through the web host, in the Anthropic and the OpenAI wire formats: the
 * user adds the reference filesystem server in Settings, turns its tools on for a new chat, asks about a file in
 * its folder, sees the call with its arguments, allows it, and gets an answer that used the file; the answer's
 * cost details and the conversation's cost review list the model rounds (a ledger row each) and its cost is their
 * sum. Also: deny (the model is told), a server that crashes mid-call (the answer goes on and says so), a tool
 * result with markup (plain text in its card), and a chosen server that will not start (the composer says why).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, snapshot, test } from './fixtures';
import { expectShows, priced, type Scripted } from './support/prices';
import { addServer, BROKEN_SERVER, FILESYSTEM_SERVER, openTools, section } from './support/tool-servers';

const MODELS = [
  {
    protocol: 'anthropic',
    ref: 'anthropic:claude-sonnet-5',
    search: 'sonnet 5',
    option: /^Claude Sonnet 5 /,
  },
  { protocol: 'openai', ref: 'openai:gpt-6-sol', search: 'gpt-6 sol', option: /^GPT-6 Sol / },
] as const;

const ROUND_1: Scripted = { input: 1_200, cacheRead: 0, cacheWrite: 0, output: 40, reasoning: 0 };
const ROUND_2: Scripted = { input: 1_500, cacheRead: 0, cacheWrite: 0, output: 25, reasoning: 0 };

let folder: string;
test.beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'modeldesk-e2e-chat-files-'));
  writeFileSync(join(folder, 'notes.txt'), 'The launch code is PELICAN-42.\n');
});
test.afterAll(() => rmSync(folder, { recursive: true, force: true }));

const answers = (page: Page) => page.getByRole('article', { name: /^Answer/ });

/** A new chat with this model and every tool of one server turned on, from the composer's tools control. */
async function newChatWithTools(page: Page, model: (typeof MODELS)[number], server: string): Promise<void> {
  await section(page, 'Chat').click();
  await page.getByRole('combobox', { name: 'Model' }).click();
  await page.getByRole('searchbox', { name: 'Search models' }).fill(model.search);
  await page.getByRole('option', { name: model.option }).first().click();
  await page.getByRole('button', { name: /^Tools: off/ }).click();
  const panel = page.getByRole('dialog', { name: 'Tools for this conversation' });
  await panel.getByRole('checkbox', { name: `All tools of ${server}` }).check();
  await expect(
    page.getByRole('button', { name: /^Tools: \d+ on \(chosen for this conversation\)$/ }),
  ).toBeVisible();
  await panel.press('Escape');
}

/** Our broken test server added in Settings as "Kit", trusted (its calls run without asking), in a new chat. */
async function newChatWithKit(page: Page, model: (typeof MODELS)[number]): Promise<void> {
  await openTools(page);
  await addServer(page, { name: 'Kit', script: BROKEN_SERVER, args: [] });
  const card = page.getByRole('region', { name: 'Kit' });
  await card.getByRole('checkbox', { name: /^Trusted/ }).check();
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card.getByText('Running')).toBeVisible();
  await newChatWithTools(page, model, 'Kit');
}

async function ask(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

for (const model of MODELS) {
  test.describe(`${model.protocol} wire format`, () => {
    test('asks about a file, allows the call, and the answer uses it; each round a ledger row, the cost their sum', async ({
      page,
      emulator,
    }) => {
      await openTools(page);
      await addServer(page, { name: 'Project files', script: FILESYSTEM_SERVER, args: [folder] });
      await newChatWithTools(page, model, 'Project files');
      emulator.script(
        {
          match: { protocol: model.protocol, toolResults: false, promptIncludes: 'launch code' },
          reply: {
            text: 'Let me read your notes.',
            toolCalls: [
              { name: 'project-files__read_text_file', arguments: { path: join(folder, 'notes.txt') } },
            ],
            usage: ROUND_1,
          },
        },
        {
          match: { protocol: model.protocol, toolResults: true, toolResultIncludes: 'PELICAN' },
          reply: { quoteToolResult: { before: '\n\nYour notes say: ', maxChars: 31 }, usage: ROUND_2 },
        },
      );
      await ask(page, 'What is the launch code in my notes?');
      const call = page.getByRole('region', {
        name: /^Tool call: Project files › read_text_file, Waiting for you/,
      });
      await expect(call).toContainText(join(folder, 'notes.txt'));
      await snapshot(page, `tool-approval-${model.protocol}`);
      await call.getByRole('button', { name: 'Allow once' }).click();
      const answer = answers(page).last();
      await expect(answer).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
      await expect(answer).toContainText('Your notes say: The launch code is PELICAN-42.');
      const done = answer.getByRole('region', {
        name: /^Tool call: Project files › read_text_file, Done, allowed once/,
      });
      await expect(done).toBeVisible();
      await done.getByText('Arguments and result').click();
      await expect(done.locator('.tool-call-result')).toHaveText('The launch code is PELICAN-42.\n');
      await snapshot(page, `tool-answer-${model.protocol}`);

      // Money: two rounds, two rows; the answer's cost is their sum.
      const first = priced(model.ref, ROUND_1);
      const second = priced(model.ref, ROUND_2);
      await expectShows(answer.locator('.answer-figures'), first + second);
      await answer.getByRole('button', { name: 'Cost details' }).click();
      const details = page.getByRole('dialog', { name: 'Cost details of this answer' });
      await expect(details.getByText(/^2 calls:/)).toBeVisible();
      await expectShows(
        details
          .getByRole('row', { name: /^First try / })
          .getByRole('cell')
          .last(),
        first,
      );
      await expectShows(
        details
          .getByRole('row', { name: /^After tools / })
          .getByRole('cell')
          .last(),
        second,
      );
      await expectShows(details.getByText(/^2 calls:/), first + second);
      await snapshot(page, `tool-cost-${model.protocol}`);
      await details.press('Escape');
      await page.getByRole('button', { name: /^Cost review: \$/ }).click();
      const review = page.getByRole('dialog', { name: 'Cost review' });
      await expect(review).toContainText('Rounds after tool calls');
      await expect(review).toContainText('2 rounds with tools');
      await review.press('Escape');
      const sent = emulator.requests.filter((r) => r.protocol === model.protocol && r.stream);
      expect(sent).toHaveLength(2);
      expect(JSON.stringify(sent[1]?.body)).toContain('PELICAN-42');
    });

    test('deny: the model is told, and nothing runs', async ({ page, emulator }) => {
      await openTools(page);
      await addServer(page, { name: 'Project files', script: FILESYSTEM_SERVER, args: [folder] });
      await newChatWithTools(page, model, 'Project files');
      emulator.script(
        {
          match: { protocol: model.protocol, toolResults: false },
          reply: {
            toolCalls: [
              { name: 'project-files__read_text_file', arguments: { path: join(folder, 'notes.txt') } },
            ],
          },
        },
        {
          match: { protocol: model.protocol, toolResults: true },
          reply: { quoteToolResult: { before: 'I was told: ' } },
        },
      );
      await ask(page, 'Read my notes');
      const call = page.getByRole('region', {
        name: /^Tool call: Project files › read_text_file, Waiting for you/,
      });
      await call.getByRole('button', { name: 'Deny' }).click();
      const answer = answers(page).last();
      await expect(answer).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
      await expect(answer).toContainText('I was told: The user denied this tool call.');
      await expect(answer.getByRole('region', { name: /, Denied$/ })).toContainText(
        'You denied it; the model was told.',
      );
    });

    test('a server that crashes mid-call: the answer goes on and says so', async ({ page, emulator }) => {
      await newChatWithKit(page, model);
      emulator.script(
        {
          match: { protocol: model.protocol, toolResults: false },
          reply: { toolCalls: [{ name: 'kit__crash', arguments: {} }] },
        },
        {
          match: { protocol: model.protocol, toolResults: true },
          reply: { quoteToolResult: { before: 'The tool failed: ', maxChars: 60 } },
        },
      );
      await ask(page, 'Crash it');
      const answer = answers(page).last();
      await expect(answer).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
      const failed = answer.getByRole('region', { name: /^Tool call: Kit › crash, Failed, trusted server/ });
      await expect(failed).toContainText('segmentation fault');
      await expect(answer).toContainText('The tool failed: The tool could not run:');
      await snapshot(page, `tool-crash-${model.protocol}`);
    });
  });
}

test('a tool result with markup stays plain text in its card, and nothing in it runs', async ({
  page,
  emulator,
}) => {
  const model = MODELS[0];
  await newChatWithKit(page, model);
  emulator.script(
    {
      match: { protocol: model.protocol, toolResults: false },
      reply: { toolCalls: [{ name: 'kit__html', arguments: {} }] },
    },
    { match: { protocol: model.protocol, toolResults: true }, reply: { text: 'It returned markup.' } },
  );
  await ask(page, 'Show me markup');
  const answer = answers(page).last();
  await expect(answer).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
  const call = answer.getByRole('region', { name: /^Tool call: Kit › html, Done/ });
  await call.getByText('Arguments and result').click();
  await expect(call).toContainText(
    '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>**bold**',
  );
  await expect(call.locator('img, script, strong')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(answer).toContainText('It returned markup.');
});

test('a chosen server that will not start: the composer says why, and the answer goes on without it', async ({
  page,
  emulator,
}) => {
  const model = MODELS[1];
  await openTools(page);
  await addServer(page, { name: 'Broken', script: BROKEN_SERVER, args: ['exit-at-start'] });
  await section(page, 'Chat').click();
  await page.getByRole('combobox', { name: 'Model' }).click();
  await page.getByRole('searchbox', { name: 'Search models' }).fill(model.search);
  await page.getByRole('option', { name: model.option }).first().click();
  await page.getByRole('button', { name: /^Tools: off/ }).click();
  const panel = page.getByRole('dialog', { name: 'Tools for this conversation' });
  await panel.getByRole('checkbox', { name: 'All tools of Broken' }).check();
  await panel.press('Escape');
  emulator.script({ match: { protocol: model.protocol }, reply: { text: 'Hello without tools.' } });
  await ask(page, 'Hello');
  const answer = answers(page).last();
  await expect(answer).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
  await expect(answer).toContainText('Hello without tools.');
  const control = page.getByRole('button', {
    name: /^Tools: off \(chosen for this conversation\); “Broken” did not start$/,
  });
  await expect(control).toBeVisible();
  await control.click();
  await expect(panel.getByRole('status')).toContainText(
    '“Broken” did not start: “Broken” exited before it was ready. It said: “broken-server: fatal: cannot open configuration file /nonexistent/config.toml”. Answers go without its tools until it starts',
  );
  await snapshot(page, 'tool-server-did-not-start');
});
