/**
 * Batch vision in Chromium through the web host: 20 images dropped on the batch screen, one prompt, the progress
 * watched, the job paused (nothing more is asked while it is) and resumed, and the results exported as CSV, with
 * each image asked exactly once.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { pngBytes } from '../src-main/core/storage/testing/fixtures';
import { expect, test } from './fixtures';

const IMAGES = Array.from({ length: 20 }, (_, i) => {
  const bytes = pngBytes(6 + (i % 5), 4 + (i % 3), i * 11);
  return {
    name: `product-${String(i + 1).padStart(2, '0')}.png`,
    base64: bytes.toString('base64'),
    hash: createHash('sha256').update(bytes).digest('hex'),
    answer: `Product number ${i + 1}`,
  };
});

test('20 dropped images are asked one prompt, paused, resumed and exported as CSV', async ({
  page,
  emulator,
}) => {
  // Each image gets its own answer: the first two at once, the others slowly enough that the job is surely still
  // running when Pause is pressed, however busy the machine. Pause lets the calls in flight finish and keeps their
  // answers, so no image is ever asked (and paid for) twice.
  emulator.script(
    ...IMAGES.map((image, i) => ({
      match: { imageSha256: image.hash },
      reply: { text: image.answer, firstByteDelayMs: i < 2 ? 100 : 1200, usage: { input: 300, output: 6 } },
      times: Infinity,
    })),
  );

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Batch' }).click();
  await expect(page.getByRole('heading', { name: 'Batch vision' })).toBeVisible();

  // Drop the images as a file manager would (files in a DataTransfer).
  const zone = page.getByTestId('batch-drop');
  const transfer = await page.evaluateHandle((images) => {
    // Runs in the page (the e2e tsconfig has no DOM types).
    const { DataTransfer } = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: File): void } };
    };
    const data = new DataTransfer();
    for (const image of images) {
      const bytes = Uint8Array.from(atob(image.base64), (c) => c.charCodeAt(0));
      data.items.add(new File([bytes], image.name, { type: 'image/png' }));
    }
    return data;
  }, IMAGES);
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByText('20 ready')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('list', { name: 'Images in this batch' }).getByRole('img')).toHaveCount(20);

  await page.getByRole('textbox', { name: 'Prompt' }).fill('Which product is this?');
  await page.getByRole('spinbutton', { name: 'Images at once' }).fill('2');
  const estimate = page.getByTestId('batch-estimate');
  await expect(estimate).toContainText('Images20');
  await expect(estimate).toContainText('at most $');

  await page.getByRole('button', { name: 'Start batch of 20 images' }).click();
  const progress = page.getByTestId('batch-progress');
  await expect(progress).toContainText(/[1-9]\d* of 20 done/);
  await expect(page.getByRole('progressbar', { name: 'Batch progress' })).toHaveAttribute(
    'aria-valuemax',
    '20',
  );

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByText('Paused', { exact: true })).toBeVisible();
  const pausedAt = Number(/(\d+) of 20 done/.exec(await progress.innerText())?.[1]);
  expect(pausedAt).toBeLessThan(20);
  const asked = emulator.requests.length;
  await page.waitForTimeout(1000);
  expect(emulator.requests).toHaveLength(asked);
  await expect(progress).toContainText(`${pausedAt} of 20 done`);

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(progress).toContainText('20 of 20 done', { timeout: 30_000 });
  await expect(page.getByText('Completed', { exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Product number 20' })).toBeVisible();

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export results' }).click();
  await page.getByRole('menuitem', { name: 'Export as CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = Papa.parse<Record<string, string>>(await readFile((await download.path()) as string, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  expect(csv.errors).toEqual([]);
  expect(csv.data.map((row) => [row.file, row.status, row.answer])).toEqual(
    IMAGES.map((image) => [image.name, 'done', image.answer]),
  );
  expect(
    csv.data.every((row) => Number(row.input_tokens) === 300 && /^0\.\d{6}$/.test(row.cost_usd ?? '')),
  ).toBe(true);

  // Every image was asked exactly once, and answered: the pause cut no call off to be asked (and paid) again.
  await emulator.idle();
  for (const image of IMAGES) {
    const asked = emulator.requests.filter((r) => r.imageSha256.includes(image.hash));
    expect(
      asked.map((r) => [r.status, r.outcome]),
      image.name,
    ).toEqual([[200, 'completed']]);
  }
});
