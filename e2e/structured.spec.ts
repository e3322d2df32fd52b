/**
 * Structured answers in the chat: with "Answer as JSON" set, the answer is checked against the schema and shown as
 * a table beside its raw JSON; an answer that does not match is sent back once with the problems and the fixed one
 * is shown; one that still does not match is reported plainly.
 */
import type { Page } from '@playwright/test';
import { expect, snapshot, test } from './fixtures';

const SCHEMA = {
  title: 'Planets',
  type: 'array',
  items: {
    type: 'object',
    properties: { name: { type: 'string' }, moons: { type: 'integer' } },
    required: ['name', 'moons'],
    additionalProperties: false,
  },
};

async function setSchema(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Answer as JSON' }).click();
  const dialog = page.getByRole('dialog', { name: 'Answer as JSON' });
  await dialog.getByLabel('JSON schema').fill('{ "type": ');
  await dialog.getByRole('button', { name: 'Use this schema' }).click();
  await expect(dialog.getByText(/^This is not JSON/)).toBeVisible();
  await dialog.getByLabel('JSON schema').fill(JSON.stringify(SCHEMA, null, 2));
  await dialog.getByRole('button', { name: 'Use this schema' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('Answers as JSON:')).toContainText('Planets');
}

async function ask(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

test('a structured answer is shown as a table beside its raw JSON, after one repair', async ({
  page,
  emulator,
}) => {
  emulator.script(
    { match: { promptIncludes: 'planets' }, reply: { text: '[{"name": "Mars", "moons": "two"}]' } },
    {
      match: { bodyIncludes: 'moons' },
      reply: { text: '[{"name": "Mars", "moons": 2}, {"name": "Jupiter", "moons": 95}]' },
    },
  );
  await setSchema(page);
  await ask(page, 'List two planets and their moons');
  const answer = page.getByRole('article', { name: /^Answer/ }).last();
  const structured = answer.getByRole('region', { name: 'Structured answer' });
  await expect(structured).toBeVisible();
  const table = structured.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText(['name', 'moons']);
  await expect(table.getByRole('row', { name: 'Jupiter 95' })).toBeVisible();
  await expect(structured.getByLabel('Raw JSON')).toContainText('"moons": 95');
  await snapshot(page, 'structured-answer');

  const calls = emulator.requests.filter((r) => r.stream || JSON.stringify(r.body).includes('moons'));
  expect(calls.length).toBe(2);
  expect(JSON.stringify(calls[0]!.body)).toContain('"moons"');
  // The repair asks again with what was wrong.
  expect(JSON.stringify(calls[1]!.body)).toContain('[{\\"name\\": \\"Mars\\", \\"moons\\": \\"two\\"}]');
});

test('an answer that still does not match after the repair is reported plainly', async ({
  page,
  emulator,
}) => {
  emulator.script({
    match: { bodyIncludes: 'moons' },
    reply: { text: 'Mars has two moons.' },
    times: Infinity,
  });
  await setSchema(page);
  await ask(page, 'List the planets');
  const failure = page
    .getByRole('article', { name: /^Answer/ })
    .last()
    .getByRole('alert');
  await expect(failure).toContainText('The answer did not match the requested format');
  await expect(failure.getByRole('button', { name: 'Try again' })).toBeVisible();
});
