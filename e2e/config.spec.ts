/**
 * Portable configuration: export the settings file, edit it as a person would (a new profile, a custom model, a
 * theme), and import it back; an edit with mistakes is refused with every problem and where it is, changing nothing.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, snapshot, test } from './fixtures';

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name });

type ConfigFile = {
  kind: string;
  version: number;
  settings: { theme: string } & Record<string, unknown>;
  customModels: unknown[];
  profiles: Array<Record<string, unknown>>;
} & Record<string, unknown>;

async function exportConfig(page: Page): Promise<{ name: string; text: string }> {
  await section(page, 'Settings').click();
  await page.getByRole('tab', { name: 'Import and export' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export configuration' }).click();
  const download = await downloading;
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
}

async function importConfig(page: Page, name: string, text: string): Promise<void> {
  await page
    .getByLabel('Configuration file to import')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('export, edit and import back the configuration', async ({ page }) => {
  const exported = await exportConfig(page);
  expect(exported.name).toMatch(/^modeldesk-config-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(exported.text) as ConfigFile;
  expect(file.kind).toBe('modeldesk-config');
  // Keys never leave the vault: the environment's placeholder keys are nowhere in the file.
  for (const key of ['sk-emulator-openai', 'sk-ant-emulator', 'emulator-azure-key', 'emulator-gemini-key']) {
    expect(exported.text).not.toContain(key);
  }

  file.settings.theme = 'dark';
  file.customModels = [
    ...file.customModels,
    {
      id: 'openai:house-model',
      provider: 'openai',
      model: 'house-model',
      displayName: 'House Model',
      contextWindow: 64000,
      maxOutputTokens: 4096,
      capabilities: { vision: false, tools: true, structuredOutput: true, reasoning: false, streaming: true },
      prices: { inputPerM: 0.5, outputPerM: 1.5 },
      qualityTier: 3,
    },
  ];
  file.profiles = [
    ...file.profiles,
    {
      id: 'from-the-file',
      name: 'From the file',
      description: 'Written by hand in the exported JSON.',
      kind: 'model',
      model: 'openai:house-model',
      fallback: ['openai:gpt-6-luna'],
      systemPrompt: 'Answer in one sentence.',
      context: { mode: 'drop-oldest' },
    },
  ];
  await importConfig(page, 'edited.json', JSON.stringify(file, null, 2));
  const review = page.getByRole('status').filter({ hasText: 'edited.json is valid.' });
  await expect(review).toBeVisible();
  await snapshot(page, 'config-review');
  await review.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByText(/^Imported: /)).toBeVisible();

  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('tab', { name: 'Profiles' }).click();
  await expect(page.getByRole('list', { name: 'Profiles' })).toContainText('From the file');
  await expect(page.getByRole('list', { name: 'Profiles' })).toContainText('House Model → GPT-6 Luna');
  await page.getByRole('tab', { name: 'Models' }).click();
  await expect(page.getByRole('row', { name: /House Model/ })).toBeVisible();

  // The imported profile is there to chat with, and survives a restart of the page.
  await page.reload();
  await section(page, 'Chat').click();
  await page.getByRole('combobox', { name: 'Profile' }).click();
  await page.getByRole('option', { name: /^From the file/ }).click();
  await expect(page.getByRole('combobox', { name: 'Model' })).toContainText('House Model');

  // And it exports again as it was imported.
  const again = JSON.parse((await exportConfig(page)).text) as ConfigFile;
  expect(again.profiles.find((p) => p.id === 'from-the-file')).toMatchObject({
    name: 'From the file',
    model: 'openai:house-model',
    systemPrompt: 'Answer in one sentence.',
  });
  expect(again.settings.theme).toBe('dark');
});

test('an import with mistakes lists every problem with its place and changes nothing', async ({ page }) => {
  const file = JSON.parse((await exportConfig(page)).text) as ConfigFile;
  file.settings.theme = 'purple';
  file.profiles = [
    ...file.profiles,
    { id: 'Bad Id', name: 'Broken', kind: 'model', model: 'openai:gpt-6-sol' },
    { id: 'no-model', name: 'No model', kind: 'model' },
  ];
  await importConfig(page, 'broken.json', JSON.stringify(file));
  const refusal = page.getByRole('alert').filter({ hasText: 'broken.json was not imported' });
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText('Nothing was changed.');
  const problems = refusal.getByRole('list', { name: 'Problems' });
  await expect(problems.getByRole('listitem')).toHaveCount(3);
  await expect(problems).toContainText('settings.theme must be one of');
  await expect(problems).toContainText(/profiles\[\d+\]\.id A profile id uses lowercase letters/);
  await expect(problems).toContainText(/profiles\[\d+\]\.model is missing/);
  await snapshot(page, 'config-problems');

  await expect(page.locator('html')).not.toHaveAttribute('data-theme', 'purple');
  await page.getByRole('tab', { name: 'Profiles' }).click();
  await expect(page.getByRole('list', { name: 'Profiles' })).not.toContainText('Broken');
  await expect(page.getByRole('list', { name: 'Profiles' })).not.toContainText('No model');
});

test('an import naming a model that exists nowhere is refused, saying where', async ({ page }) => {
  const file = JSON.parse((await exportConfig(page)).text) as ConfigFile;
  file.profiles = [
    ...file.profiles,
    { id: 'dangling', name: 'Dangling', kind: 'model', model: 'nowhere:no-such-model' },
  ];
  await importConfig(page, 'dangling.json', JSON.stringify(file));
  const refusal = page.getByRole('alert').filter({ hasText: 'dangling.json was not imported' });
  await expect(refusal).toBeVisible();
  await expect(refusal.getByRole('list', { name: 'Problems' })).toContainText(/profiles\[\d+\]\.model/);
});
