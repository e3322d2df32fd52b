import { expect, snapshot, test } from './fixtures';

test('a new user sends a message and the answer streams in', async ({ page, emulator }) => {
  emulator.script({
    match: { promptIncludes: 'capital of France' },
    reply: { text: 'The capital of France is **Paris**.', chunksPerSecond: 40, chunkSize: 4 },
  });
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill('What is the capital of France?');
  await composer.press('Enter');
  await expect(page.getByText('The capital of France is')).toBeVisible();
  await expect(page.locator('strong', { hasText: 'Paris' })).toBeVisible();
  // The default profile answers with Claude Sonnet 5, through the Anthropic SDK's streaming Messages API.
  const sent = emulator.requests.filter((r) => r.protocol === 'anthropic' && r.stream);
  expect(sent).toHaveLength(1);
  expect(sent[0]?.model).toBe('claude-sonnet-5');
  await snapshot(page, 'first-answer');
});
