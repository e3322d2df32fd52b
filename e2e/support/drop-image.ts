import type { Page } from '@playwright/test';
import { expect } from '../fixtures';

/** Drops files on the chat the way a file manager does: dragenter, dragover, drop with a DataTransfer. */
export async function dropImage(page: Page, name: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ base64, fileName }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], fileName, { type: 'image/png' }));
      return transfer;
    },
    { base64: bytes.toString('base64'), fileName: name },
  );
  const pane = page.getByRole('region', { name: 'Chat' });
  await pane.dispatchEvent('dragenter', { dataTransfer });
  await pane.dispatchEvent('dragover', { dataTransfer });
  await expect(page.getByText('Drop images to attach them')).toBeVisible();
  await pane.dispatchEvent('drop', { dataTransfer });
  const thumbnails = page.getByRole('list', { name: 'Attached images' });
  await expect(thumbnails.getByRole('img', { name })).toBeVisible();
  await expect(page.getByRole('status', { name: `Preparing ${name}` })).toHaveCount(0);
}
