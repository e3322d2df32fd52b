/**
 * The desktop settings store at unit level: electron-store (its `electron` import answered by the recording
 * stand-in, through vitest's alias) opens the file conf opens from the same options, each reads what the other
 * wrote, and electron-store's extra IPC listener is gone. The built shell does the same end to end
 * (built-shell.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  openSettingsWithConf,
  settingsFileOptions,
  settingsFilePath,
} from '../../core/storage/settings-file';
import { DEFAULT_STORED_SETTINGS } from '../../core/storage/settings-schema';
import { ELECTRON_STORE_CHANNEL } from './security';
import { createMainStandIn, installElectronStandIn, type MainStandIn } from './testing/electron-stand-in';

let dir: string;
let standIn: MainStandIn;
let uninstall: () => void;

// One stand-in for the file: electron-store takes electron's app and ipcMain once, when it is loaded.
beforeAll(() => {
  standIn = createMainStandIn({ userData: join(tmpdir(), 'modeldesk-settings-file-user-data') });
  uninstall = installElectronStandIn(standIn.module);
});
afterAll(() => uninstall());

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modeldesk-settings-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('electron-store and conf from one set of options', () => {
  it('open the same settings.json and read each other’s writes; no electron-store listener is left', async () => {
    const { openSettingsWithElectronStore } = await import('./settings-file');
    const options = settingsFileOptions(dir);
    // electron-store adds its sync IPC listener once, on the first store a process opens: this one.
    const added: Array<string | symbol> = [];
    const onNewListener = (channel: string | symbol) => added.push(channel);
    standIn.module.ipcMain.on('newListener', onNewListener);
    const desktop = openSettingsWithElectronStore(options);
    standIn.module.ipcMain.off('newListener', onNewListener);
    expect(added).toContain(ELECTRON_STORE_CHANNEL);
    expect(standIn.module.ipcMain.listenerCount(ELECTRON_STORE_CHANNEL)).toBe(0);

    const web = openSettingsWithConf(options);
    expect(desktop.path).toBe(settingsFilePath(options));
    expect(web.path).toBe(desktop.path);

    desktop.set('settings', { ...DEFAULT_STORED_SETTINGS.settings, theme: 'dark' });
    expect(openSettingsWithConf(options).store.settings.theme).toBe('dark');
    web.set('settings', { ...DEFAULT_STORED_SETTINGS.settings, theme: 'light' });
    expect(openSettingsWithElectronStore(options).store.settings.theme).toBe('light');
  });
});
