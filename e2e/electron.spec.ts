/**
 * The desktop app itself: Electron's binary launches the built shell, the window loads the renderer over app://
 * with context isolation (no require, no process), the preload's bridge is the only thing exposed, and a message
 * is answered through IPC. Needs Electron's binary, which cannot be downloaded on machines without a network
 * (ELECTRON_SKIP_BINARY_DOWNLOAD=1): there the test is skipped and says so.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from '@playwright/test';
import { emulatorEnvironment } from '../src-main/emulator/index';
import { expect, test } from './fixtures';

const root = join(import.meta.dirname, '..');

function electronBinary(): string | null {
  const dir = join(root, 'node_modules/electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const SKIPPED =
  "SKIPPED: Electron's binary is not installed on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, " +
  'no network to fetch it). Run `npx install-electron` where a network exists to run the desktop launch test.';

test.describe('desktop app (Electron)', () => {
  test.skip(binary === null, SKIPPED);

  test('launches hardened and answers through IPC', async ({ emulator }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'modeldesk-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(root, 'out/main/index.js'), '--data-dir', dataDir],
      env: { ...process.env, ...emulatorEnvironment(emulator) } as Record<string, string>,
    });
    try {
      const win = await app.firstWindow();
      expect(new URL(win.url()).protocol).toBe('app:');
      const exposed = await win.evaluate(() => {
        const w = globalThis as unknown as Record<string, unknown>;
        return {
          require: typeof w['require'],
          process: typeof w['process'],
          bridge: typeof w['modeldesk'],
          frozen: Object.isFrozen(w['modeldesk']),
        };
      });
      expect(exposed).toEqual({ require: 'undefined', process: 'undefined', bridge: 'object', frozen: true });
      emulator.script({ reply: { text: 'Hello from the desktop.' } });
      const composer = win.getByRole('textbox', { name: 'Message' });
      await composer.fill('Hello');
      await composer.press('Enter');
      await expect(win.getByText('Hello from the desktop.')).toBeVisible();
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
