/**
 * The built Electron shell (out/main/index.js), executed in Node with a recording stand-in for the `electron`
 * module (testing/electron-stand-in.ts), proving what only running the bundle shows: every import resolves; the
 * app:// scheme is registered before ready; the window gets the hardened webPreferences, and the preload and
 * renderer folder it is given are where the build puts them; each contract call has exactly one ipcMain handler
 * and nothing else listens; a call reaches the real core and answers (app.info, settings.get, a chat against the
 * provider emulator whose stream reaches the window's webContents); a call from another frame or origin is
 * refused; keys reach disk only through safeStorage; settings go through electron-store into the same file the web
 * host's conf reads and writes; quitting disposes the core.
 *
 * The tests below share one start of the app and run in order, as one session of the app would.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, channelOf, type ChatStreamBatch } from '@contract/bridge';
import { emulatorEnvironment, startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/types';
import { SettingsStore } from '../../core/storage/settings';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  ELECTRON_STORE_CHANNEL,
  secureWebPreferences,
} from './security';
import { buildShell, runBuiltShell, type BuiltShell, type RunningShell } from './testing/built-shell';
import { standInEncrypt } from './testing/electron-stand-in';

const KEY = 'sk-built-shell-test-key-0123456789abcdef';

let built: BuiltShell;
let emulator: Emulator;
let home: string;
let dataDir: string;
let shell: RunningShell;

beforeAll(async () => {
  built = await buildShell();
  emulator = await startEmulator();
  home = mkdtempSync(join(tmpdir(), 'modeldesk-shell-run-'));
  dataDir = join(home, 'data');
  // The web host (conf) set up this data folder first: the shell must open what it wrote.
  new SettingsStore({ dir: dataDir }).updateSettings({ theme: 'dark' });
  shell = await runBuiltShell(built, {
    standIn: { userData: join(home, 'default-user-data'), storageBackend: 'gnome_libsecret' },
    env: { ...emulatorEnvironment(emulator), MODELDESK_DATA_DIR: dataDir },
  });
}, 60_000);

afterAll(async () => {
  await shell?.stop();
  await emulator?.close();
  if (home) rmSync(home, { recursive: true, force: true });
  built?.remove();
});

describe('the built shell, run with a stand-in for electron', () => {
  it('loads: every import of the bundle resolves, each package to a dependency the packaged app ships', () => {
    expect(shell.loadError).toBeUndefined();
    const packages = packagesImportedBy(built.main);
    expect(packages).toContain('electron');
    expect(packages).toContain('electron-store');
    // electron-builder packs `dependencies` only: a package found here through a devDependency would be missing.
    const shipped = Object.keys(
      JSON.parse(readFileSync(join(built.dir, 'package.json'), 'utf8')).dependencies,
    );
    expect(packages.filter((name) => name !== 'electron' && !shipped.includes(name))).toEqual([]);
  });

  it('registers the app scheme, privileged, and the sandbox before the app is ready; serves it after', () => {
    const registered = shell.standIn.calls.find((c) => c.api === 'protocol.registerSchemesAsPrivileged');
    expect(registered).toEqual({
      api: 'protocol.registerSchemesAsPrivileged',
      args: [[{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]],
      afterReady: false,
    });
    expect(shell.standIn.calls.find((c) => c.api === 'app.enableSandbox')?.afterReady).toBe(false);
    expect(shell.standIn.calls.find((c) => c.api === 'protocol.handle')).toMatchObject({
      args: [APP_SCHEME],
      afterReady: true,
    });
  });

  it('opens one window with the hardened webPreferences, its preload and the app:// entry', () => {
    const win = shell.window();
    const preferences = win.options.webPreferences!;
    expect(preferences).toEqual(secureWebPreferences(built.preload, { devTools: true }));
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    // The preload path the bundle computes is the file the preload build wrote.
    expect(preferences.preload).toBe(built.preload);
    expect(existsSync(built.preload)).toBe(true);
    expect(win.loaded).toEqual([APP_ENTRY_URL]);
    expect(win.webContents.windowOpenHandler?.({ url: 'https://example.com/' } as never)).toEqual({
      action: 'deny',
    });
  });

  it('serves the renderer from the folder the renderer build writes, with the CSP, and nothing outside it', async () => {
    const handler = shell.standIn.protocolHandlers.get(APP_SCHEME)!;
    // The renderer is not built here (it does not run in Node): its target's folder gets a page of our own.
    expect(built.rendererDir).toBe(join(built.out, 'renderer'));
    mkdirSync(built.rendererDir, { recursive: true });
    writeFileSync(join(built.rendererDir, 'index.html'), '<!doctype html><title>Modeldesk</title>');
    const page = await handler(new Request(`${APP_ORIGIN}/index.html`));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Modeldesk</title>');
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self';/);
    const escape = await handler(new Request(`${APP_ORIGIN}/..%2F..%2Fpackage.json`));
    expect([403, 404]).toContain(escape.status);
  });

  it('hardens the session: permissions denied, requests off app:// cancelled', () => {
    const { permissionRequest, permissionCheck, beforeRequest } = shell.standIn.sessionHandlers;
    const decided: boolean[] = [];
    permissionRequest!(null as never, 'media', (granted) => decided.push(granted), null as never);
    expect(decided).toEqual([false]);
    expect(permissionCheck!(null, 'notifications', '', null as never)).toBe(false);
    const cancelled: boolean[] = [];
    beforeRequest!({ url: 'https://tracker.example/x' } as never, (r) => cancelled.push(r.cancel === true));
    beforeRequest!({ url: `${APP_ORIGIN}/index.html` } as never, (r) => cancelled.push(r.cancel === true));
    expect(cancelled).toEqual([true, false]);
  });

  it('has exactly one ipcMain handler per contract call, and no other listener', () => {
    const handled = shell.standIn.calls.filter((c) => c.api === 'ipcMain.handle').map((c) => c.args[0]);
    expect(handled).toHaveLength(CALL_NAMES.length);
    expect([...shell.standIn.invokeHandlers.keys()].sort()).toEqual(CALL_NAMES.map(channelOf).sort());
    // electron-store's own sync channel for renderer-side stores is removed: nothing outside the contract.
    expect(shell.standIn.module.ipcMain.listenerCount(ELECTRON_STORE_CHANNEL)).toBe(0);
    expect(shell.standIn.module.ipcMain.eventNames()).toEqual([]);
  });

  it('answers app.info and settings.get from the real core, with the settings conf wrote before', async () => {
    const info = await shell.value<{
      host: string;
      dataDir: string;
      version: string;
      vault: Record<string, unknown>;
    }>('app.info');
    expect(info).toMatchObject({ host: 'electron', dataDir, version: '0.1.0-stand-in' });
    expect(info.vault).toMatchObject({
      backend: 'safe-storage',
      weak: false,
      linuxBackend: 'gnome_libsecret',
    });
    expect(shell.standIn.calls.find((c) => c.api === 'app.setPath')?.args).toEqual(['userData', dataDir]);
    const settings = await shell.value<{ theme: string }>('settings.get');
    expect(settings.theme).toBe('dark');
  });

  it('streams a chat answered by the emulator to the window’s webContents', async () => {
    emulator.script({ reply: { chunks: ['Hello ', 'from the ', 'built shell.'] } });
    const conversation = await shell.value<{ id: string }>('conversations.create');
    const sent = await shell.value<{ streamId: string; assistantMessageId: string }>('chat.send', {
      conversationId: conversation.id,
      text: 'Say hello',
    });
    const webContents = shell.window().webContents;
    const batches = () =>
      webContents.sent
        .filter((s) => s.channel === channelOf('chat.stream'))
        .map((s) => s.payload as ChatStreamBatch)
        .filter((b) => b.streamId === sent.streamId);
    let acked = -1;
    await vi.waitFor(
      async () => {
        for (const batch of batches()) {
          if (batch.seq > acked) {
            acked = batch.seq;
            await shell.call('chat.ack', { streamId: sent.streamId, seq: batch.seq });
          }
        }
        expect(
          batches()
            .flatMap((b) => b.events)
            .some((e) => e.type === 'done'),
        ).toBe(true);
      },
      { timeout: 15_000, interval: 20 },
    );
    const text = batches()
      .flatMap((b) => b.events)
      .map((e) => (e.type === 'text' ? e.text : ''))
      .join('');
    expect(text).toBe('Hello from the built shell.');
    expect(emulator.requests.length).toBeGreaterThan(0);
    const stored = await shell.value<{ messages: Array<{ id: string; text: string; status: string }> }>(
      'conversations.get',
      { id: conversation.id },
    );
    expect(stored.messages.find((m) => m.id === sent.assistantMessageId)).toMatchObject({
      text: 'Hello from the built shell.',
      status: 'complete',
    });
  });

  it('refuses calls from another origin, a subframe or no frame, before they reach the core', async () => {
    const refused = [
      { url: 'https://evil.example/', parent: null },
      { url: APP_ENTRY_URL, parent: {} },
      { url: 'file:///etc/passwd', parent: null },
      null,
    ];
    for (const frame of refused) {
      const answer = await shell.call('settings.update', { patch: { theme: 'light' } }, frame);
      expect(answer).toMatchObject({ ok: false, error: { kind: 'permission' } });
    }
    expect((await shell.value<{ theme: string }>('settings.get')).theme).toBe('dark');
  });

  it('writes a key to disk only as safeStorage’s cipher text', async () => {
    const encryptions = () =>
      shell.standIn.calls.filter((c) => c.api === 'safeStorage.encryptStringAsync').length;
    const before = encryptions();
    const view = await shell.value<{ last4: string; source: string }>('providers.addKey', {
      providerId: 'openai',
      key: KEY,
    });
    expect(view).toMatchObject({ last4: 'cdef', source: 'vault' });
    expect(encryptions()).toBe(before + 1);
    const vault = readFileSync(join(dataDir, 'vault.json'), 'utf8');
    expect(vault).toContain(`ss1:${standInEncrypt(KEY).toString('base64')}`);
    // Nowhere under the data folder in plain text (settings, database, WAL, logs, vault).
    for (const file of filesUnder(dataDir)) {
      expect(readFileSync(file).includes(KEY), file).toBe(false);
    }
  });

  it('keeps settings in electron-store’s settings.json, which the web host’s conf reads, and the other way round', async () => {
    await shell.value('settings.update', { patch: { theme: 'light' } });
    const file = join(dataDir, 'settings.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(
      readdirSync(dataDir)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(['settings.json', 'vault.json']);
    expect(new SettingsStore({ dir: dataDir }).getSettings().theme).toBe('light');
  });

  it('disposes the core when the app quits, then quits', async () => {
    const wal = join(dataDir, 'modeldesk.db-wal');
    expect(existsSync(wal)).toBe(true);
    shell.standIn.module.app.quit();
    await shell.standIn.whenQuit();
    // The first before-quit was held until the core was disposed, then the shell quit again.
    expect(shell.standIn.calls.filter((c) => c.api === 'app.quit')).toHaveLength(2);
    // SQLite removes the WAL when its last connection closes: the database was closed.
    expect(existsSync(wal)).toBe(false);
    // The database is closed: a call that reads it now fails.
    const after = await shell.call('conversations.list', {});
    expect(after.ok).toBe(false);
  });
});

/** The packages a bundle file and the chunks it imports (statically or dynamically) import, by name. */
function packagesImportedBy(entry: string, seen = new Set<string>()): string[] {
  if (seen.has(entry)) return [];
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  const specifiers = [
    ...code.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;"]*?"([^"]+)"|\bimport\("([^"]+)"\)/g),
  ].map((m) => m[1] ?? m[2] ?? '');
  const names = new Set<string>();
  for (const specifier of specifiers) {
    if (specifier.startsWith('.')) {
      for (const name of packagesImportedBy(join(dirname(entry), specifier), seen)) names.add(name);
    } else if (!specifier.startsWith('node:')) {
      names.add(
        specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/'),
      );
    }
  }
  return [...names].sort();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
