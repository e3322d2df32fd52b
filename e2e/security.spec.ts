/**
 * A key entered in Settings is used for calls and then found nowhere it must not be: not in any file under the
 * data directory (the vault holds it encrypted under the user's passphrase), not in the logs, and not in any
 * frame the bridge sent to the page.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

const KEY = 'sk-proj-TESTKEY-d41d8cd98f00b204e9800998ecf8427e';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test.use({ providerKeys: false });

test('a key set in Settings never reaches the page, the disk in plain text, or the log', async ({
  page,
  app,
  emulator,
  startApp,
}) => {
  await app.stop();
  const secured = await startApp({ env: { MODELDESK_VAULT_PASSPHRASE: 'correct horse battery staple' } });
  const received: string[] = [];
  page.on('websocket', (socket) =>
    socket.on('framereceived', (frame) => received.push(String(frame.payload))),
  );
  await page.goto(secured.url);

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const openai = page.getByRole('region', { name: 'OpenAI', exact: true });
  await openai.getByLabel('API key for OpenAI').fill(KEY);
  await openai.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByLabel(`Key ending in ${KEY.slice(-4)}`, { exact: true })).toBeVisible();

  emulator.script({ match: { protocol: 'openai' }, reply: { text: 'Answered with your key.' } });
  // The Default profile's Claude has no key here, so its fallback, GPT-6 Sol, answers with the key just set.
  await page.getByRole('button', { name: 'Chat', exact: true }).click();
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill('Use my key');
  await composer.press('Enter');
  await expect(page.getByText('Answered with your key.')).toBeVisible();
  const used = emulator.requests.find((r) => r.protocol === 'openai' && r.stream);
  expect(used, 'the call went out with the key').toBeTruthy();

  await secured.stop();
  const files = filesUnder(secured.dataDir);
  expect(files.some((f) => f.endsWith('vault.json'))).toBe(true);
  expect(files.some((f) => f.includes('logs'))).toBe(true);
  for (const file of files) {
    expect(readFileSync(file).includes(KEY), `${file} holds the key in plain text`).toBe(false);
  }
  expect(secured.output()).not.toContain(KEY);
  expect(received.length).toBeGreaterThan(5);
  expect(received.filter((frame) => frame.includes(KEY))).toEqual([]);
});
