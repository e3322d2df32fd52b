/**
 * The built shell on a Linux desktop whose keyring is not in use: Electron's safeStorage reports the `basic_text`
 * backend (a hard-coded key: encryption in name only). The shell must say so (app.info and a notice), keep keys in
 * memory only, and write them (through safeStorage) only after the user accepts weak storage. Its own file: the
 * built shell is started once per process (see built-shell.test.ts for the rest of the shell).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo } from '@contract/bridge';
import { buildShell, runBuiltShell, type BuiltShell, type RunningShell } from './testing/built-shell';
import { standInEncrypt } from './testing/electron-stand-in';

const KEY = 'sk-weak-keyring-test-key-0123456789wxyz';
const linux = process.platform === 'linux';

let built: BuiltShell;
let home: string;
let shell: RunningShell;

beforeAll(async () => {
  if (!linux) return;
  built = await buildShell(['main']);
  home = mkdtempSync(join(tmpdir(), 'modeldesk-shell-weak-'));
  shell = await runBuiltShell(built, {
    standIn: { userData: join(home, 'data'), storageBackend: 'basic_text' },
    env: {},
  });
}, 60_000);

afterAll(async () => {
  await shell?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
  built?.remove();
});

describe.skipIf(!linux)(
  'the built shell with Linux’s basic_text keyring (SKIPPED off Linux: Linux only)',
  () => {
    it('warns that keys would be weakly protected, in app.info and as a notice', async () => {
      const info = await shell.value<AppInfo>('app.info');
      expect(info.dataDir).toBe(join(home, 'data'));
      expect(info.vault).toMatchObject({ backend: 'safe-storage', linuxBackend: 'basic_text', weak: true });
      expect(info.vault.message).toMatch(/basic_text/);
      expect(info.notices).toContainEqual(
        expect.objectContaining({ id: 'vault-weak', level: 'warning', message: info.vault.message }),
      );
    });

    it('keeps a key in memory only until weak storage is accepted, then stores safeStorage’s cipher text', async () => {
      const vaultFile = join(home, 'data', 'vault.json');
      const encryptions = () =>
        shell.standIn.calls.filter((c) => c.api === 'safeStorage.encryptStringAsync').length;
      await shell.value('providers.addKey', { providerId: 'anthropic', key: KEY });
      expect(encryptions()).toBe(0);
      expect(existsSync(vaultFile) ? readFileSync(vaultFile, 'utf8') : '').not.toContain('ss1:');

      const status = await shell.value<AppInfo['vault']>('vault.acceptWeak');
      expect(status.weak).toBe(true);
      expect(encryptions()).toBe(1);
      const vault = JSON.parse(readFileSync(vaultFile, 'utf8')) as {
        acceptedWeakBackend?: string;
        keys: Array<{ secret: string }>;
      };
      expect(vault.acceptedWeakBackend).toBe('basic_text');
      expect(vault.keys.map((k) => k.secret)).toEqual([`ss1:${standInEncrypt(KEY).toString('base64')}`]);
      const info = await shell.value<AppInfo>('app.info');
      expect(info.notices.map((n) => n.id)).not.toContain('vault-weak');
    });
  },
);
