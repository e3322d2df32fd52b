/**
 * The window shows main's verdict, in Chromium through the web host: for profiles whose primary and fallback can
 * see images or not, at providers that are set up or not, an image dropped in the composer opens Send exactly when
 * main takes the message (and a model answers it), and when Send stays closed, the composer says what main says
 * when asked to send it anyway, word for word. A text-only primary with a vision fallback is served.
 */
import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import type { BridgeResult, CallOutput } from '@contract/bridge';
import { errorText } from '@contract/error-words';
import type { ProfileInput } from '@contract/profiles';
import { pngBytes } from '../src-main/core/storage/testing/fixtures';
import { BridgeClient } from './bench/support/bridge-client';
import { dropImage, expect, snapshot, test } from './fixtures';

const IMAGE = pngBytes(32, 24, 7);
const IMAGE_SHA = createHash('sha256').update(IMAGE).digest('hex');

/** The emulator's environment sets up OpenAI and Ollama; OpenRouter is not set up. Names start apart (search). */
const VISION = 'openai:gpt-4.1-mini';
const TEXT = 'ollama:llama3.1';
const VISION_NOT_SET_UP = 'openrouter:openai/gpt-4o-mini';

const CASES: Array<{ id: string; name: string; model: string; fallback: string[]; served: boolean }> = [
  { id: 'sees', name: 'Seeing', model: VISION, fallback: [], served: true },
  { id: 'blind', name: 'Blind', model: TEXT, fallback: [], served: false },
  { id: 'blind-then-sees', name: 'Rescued', model: TEXT, fallback: [VISION], served: true },
  {
    id: 'blind-then-away',
    name: 'Stranded',
    model: TEXT,
    fallback: [VISION_NOT_SET_UP],
    served: false,
  },
  { id: 'away', name: 'Away', model: VISION_NOT_SET_UP, fallback: [], served: false },
  {
    id: 'away-then-sees',
    name: 'Backed',
    model: VISION_NOT_SET_UP,
    fallback: [VISION],
    served: true,
  },
];

async function chooseProfile(page: Page, name: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Profile' }).click();
  await page.getByRole('option', { name: new RegExp(`^${name}\\b`) }).click();
  await expect(page.getByRole('combobox', { name: 'Profile' })).toContainText(name);
}

test('Send is open exactly when main takes the message, and a closed Send says what main says', async ({
  page,
  app,
  emulator,
}) => {
  test.setTimeout(180_000);
  emulator.script({ reply: { text: 'I see a chart.' }, times: Infinity });
  const client = await BridgeClient.connect(app.url);
  try {
    for (const c of CASES) {
      const profile: ProfileInput = {
        id: c.id,
        name: c.name,
        kind: 'model',
        model: c.model,
        fallback: c.fallback,
      };
      await client.call('profiles.upsert', { profile });
    }
    const { hash } = await client.call<{ hash: string }>('attachments.add', {
      name: 'chart.png',
      mediaType: 'image/png',
      dataBase64: IMAGE.toString('base64'),
    });
    expect(hash).toBe(IMAGE_SHA);
    await page.reload();

    for (const c of CASES) {
      await page.getByRole('button', { name: 'New chat' }).first().click();
      await chooseProfile(page, c.name);
      await dropImage(page, 'chart.png', IMAGE);
      await page.getByRole('textbox', { name: 'Message' }).fill(`What is on this chart? (${c.id})`);
      // The verdict for this very message: no longer checking.
      await expect(page.locator('.composer-checking')).toHaveCount(0);
      await expect(page.locator('.composer-estimate')).toContainText('input tokens');
      const sendButton = page.getByRole('button', { name: 'Send' });

      if (c.served) {
        await expect(sendButton, c.name).toBeEnabled();
        await sendButton.click();
        await expect(page.getByRole('article', { name: /^Answer/ }).last()).toContainText('I see a chart.');
        continue;
      }
      await expect(sendButton, c.name).toBeDisabled();
      const shown = ((await page.locator('#composer-blocked > span').first().textContent()) ?? '').trim();
      await snapshot(page, `verdict-${c.id}`);
      // Main, asked to send it anyway (a conversation with the same profile and message), refuses in those words.
      const conversation = await client.call<{ id: string }>('conversations.create', { profileId: c.id });
      const sent = await client.attempt<CallOutput<'chat.send'>>('chat.send', {
        conversationId: conversation.id,
        text: `What is on this chart? (${c.id})`,
        attachments: [hash],
      });
      expect(sent.ok, c.name).toBe(false);
      expect(errorText((sent as Extract<BridgeResult<unknown>, { ok: false }>).error), c.name).toBe(shown);
      // The new chat's draft stays for the next one: empty it.
      await page.getByRole('button', { name: 'Remove chart.png' }).click();
      await page.getByRole('textbox', { name: 'Message' }).fill('');
    }
  } finally {
    client.close();
  }
});
