/**
 * Vision as a user meets it: an image dropped on the chat reaches the provider in its own format (Anthropic's base64
 * image block, OpenAI's image_url data URL), a model that cannot see is refused with the images attached (and a
 * model that can is offered), and Auto picks a vision model when an image is attached.
 */
import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { pngBytes } from '../src-main/core/storage/testing/fixtures';
import { dropImage, expect, snapshot, test } from './fixtures';

const IMAGE = pngBytes(64, 48, (_x, y) => (y < 24 ? [40, 90, 220] : [240, 170, 30]));
const IMAGE_SHA = createHash('sha256').update(IMAGE).digest('hex');

async function chooseModel(page: Page, search: string, option: RegExp): Promise<void> {
  await page.getByRole('combobox', { name: 'Model' }).click();
  await page.getByRole('searchbox', { name: 'Search models' }).fill(search);
  await page.getByRole('option', { name: option }).click();
}

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name });

const lastAnswer = (page: Page) => page.getByRole('article', { name: /^Answer/ }).last();

test('a dropped image reaches Anthropic as a base64 image block and OpenAI as an image_url data URL', async ({
  page,
  emulator,
}) => {
  emulator.script(
    {
      match: { imageSha256: IMAGE_SHA, protocol: 'anthropic' },
      reply: { text: 'Blue above, orange below.' },
    },
    { match: { imageSha256: IMAGE_SHA, protocol: 'openai' }, reply: { text: 'Two bands: blue and orange.' } },
  );
  await dropImage(page, 'bands.png', IMAGE);
  await snapshot(page, 'image-attached');
  await send(page, 'What colours are in this image?');
  await expect(lastAnswer(page).getByText('Blue above, orange below.')).toBeVisible();
  // The image is shown with the question it was sent with.
  await expect(
    page.getByRole('article', { name: 'You' }).getByRole('img', { name: 'bands.png' }),
  ).toBeVisible();

  const anthropic = emulator.requests.find((r) => r.protocol === 'anthropic' && r.imageSha256.length > 0);
  expect(anthropic?.imageSha256).toEqual([IMAGE_SHA]);
  const anthropicBody = anthropic!.body as { messages: Array<{ role: string; content: unknown }> };
  const anthropicUser = anthropicBody.messages.at(-1)!;
  expect(anthropicUser.role).toBe('user');
  expect(anthropicUser.content).toEqual(
    expect.arrayContaining([
      {
        type: 'image',
        source: { type: 'base64', media_type: 'image/png', data: IMAGE.toString('base64') },
      },
      expect.objectContaining({ type: 'text', text: 'What colours are in this image?' }),
    ]),
  );

  // The same conversation, asked again of GPT-6 Sol: the stored image goes as a data URL.
  await chooseModel(page, 'gpt-6-sol', /^GPT-6 Sol \d/);
  await send(page, 'And now, GPT?');
  await expect(lastAnswer(page).getByText('Two bands: blue and orange.')).toBeVisible();
  const openai = emulator.requests.find((r) => r.protocol === 'openai' && r.imageSha256.length > 0);
  expect(openai?.model).toBe('gpt-6-sol');
  const openaiBody = openai!.body as { messages: Array<{ role: string; content: unknown }> };
  const withImage = openaiBody.messages.find(
    (m) => Array.isArray(m.content) && JSON.stringify(m.content).includes('image_url'),
  );
  expect(withImage?.content).toEqual(
    expect.arrayContaining([
      {
        type: 'image_url',
        image_url: expect.objectContaining({ url: `data:image/png;base64,${IMAGE.toString('base64')}` }),
      },
    ]),
  );
});

test('a model without vision is refused with an image attached, and a model that can see is offered', async ({
  page,
  emulator,
}) => {
  await chooseModel(page, 'llama 3.1 8b', /^Llama 3\.1 8B \(local\)/);
  await dropImage(page, 'chart.png', IMAGE);
  await page.getByRole('textbox', { name: 'Message' }).fill('Describe this chart');
  const sendButton = page.getByRole('button', { name: 'Send' });
  await expect(sendButton).toBeDisabled();
  const reason = page.locator('#composer-blocked');
  await expect(reason).toContainText('Llama 3.1 8B (local) cannot see images');
  await expect(sendButton).toHaveAttribute('aria-describedby', 'composer-blocked');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await snapshot(page, 'no-vision-refused');
  expect(
    emulator.requests.filter((r) => r.path.includes('chat') || r.path.includes('messages')),
  ).toHaveLength(0);

  // One of the offered models can see: choosing it enables Send, and the image goes to it.
  const offer = reason.getByRole('button', { name: /^Use / }).first();
  const offered = (await offer.textContent())!.replace(/^Use /, '');
  await offer.click();
  await expect(page.getByRole('combobox', { name: 'Model' })).toContainText(offered);
  await expect(sendButton).toBeEnabled();
  await sendButton.click();
  await expect(lastAnswer(page).getByText(offered, { exact: true })).toBeVisible();
  expect(emulator.requests.find((r) => r.imageSha256.includes(IMAGE_SHA))).toBeTruthy();
});

test('Auto picks the cheapest model for text, and a model that can see once an image is attached', async ({
  page,
  emulator,
}) => {
  // A custom model cheaper than any other, of high quality, that cannot see: Auto's choice for text alone.
  await section(page, 'Settings').click();
  await page.getByRole('tab', { name: 'Models' }).click();
  await page.getByRole('button', { name: 'Add custom model' }).click();
  const form = page.getByRole('dialog', { name: 'Add a custom model' });
  await form.getByLabel('Provider', { exact: true }).selectOption('openai');
  await form.getByLabel('Model name at the provider').fill('bargain-text-1');
  await form.getByLabel('Display name').fill('Bargain Text');
  await form.getByLabel('Quality').selectOption('5');
  await form.getByLabel('Input price ($ per million tokens)').fill('0.01');
  await form.getByLabel('Output price ($ per million tokens)').fill('0.02');
  await form.getByRole('button', { name: 'Save model' }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByRole('row', { name: /Bargain Text/ })).toBeVisible();

  await section(page, 'Chat').click();
  await page.getByRole('combobox', { name: 'Profile' }).click();
  await page.getByRole('option', { name: /^Auto/ }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill('Just text, please');
  await expect(page.getByText(/^Auto will use Bargain Text: /)).toBeVisible();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(lastAnswer(page).getByText(/^Auto chose Bargain Text: /)).toBeVisible();
  expect(emulator.requests.filter((r) => r.stream).at(-1)?.model).toBe('bargain-text-1');

  await dropImage(page, 'photo.png', IMAGE);
  await page.getByRole('textbox', { name: 'Message' }).fill('What is in this photo?');
  const note = page.getByText(/^Auto will use /);
  await expect(note).not.toContainText('Bargain Text');
  await snapshot(page, 'auto-vision');
  await page.getByRole('button', { name: 'Send' }).click();
  const answer = lastAnswer(page);
  await expect(answer.getByText(/^Auto chose /)).toContainText(/vision|image/i);
  const withImage = emulator.requests.find((r) => r.imageSha256.includes(IMAGE_SHA));
  expect(withImage?.model).toBeTruthy();
  expect(withImage?.model).not.toBe('bargain-text-1');
  // The model Auto chose can see, by the catalogue the app itself shows.
  const chosen = (await answer.locator('.message-author').textContent())!;
  await section(page, 'Settings').click();
  await page.getByRole('tab', { name: 'Models' }).click();
  const row = page.getByRole('row', {
    // Its own row, not a router's copy of the same model ("GPT-6 Luna (OpenRouter)").
    name: new RegExp(`^${chosen.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (?!\\()`),
  });
  await expect(row.getByRole('img', { name: 'Vision' })).toBeVisible();
});
