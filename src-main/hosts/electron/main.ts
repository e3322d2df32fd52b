/**
 * The Electron shell: the only module tree that imports electron. It creates the core (plain Node), hands it
 * Electron's safeStorage for the key vault and electron-store for settings, serves the renderer over app://, wires
 * IPC, and opens the window.
 */
import { basename, join } from 'node:path';
import {
  BrowserWindow,
  app,
  dialog,
  ipcMain,
  nativeTheme,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import { createAppCore } from '../../core/app-core';
import { resolveDataDir } from '../../core/storage/data-dir';
import { createAppProtocolHandler } from './app-protocol';
import { clientIdOf, wireEvents, wireIpc } from './ipc';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, checkExternalUrl } from './security';
import { openSettingsWithElectronStore } from './settings-file';
import { createMainWindow, guardWebContents, hardenSession } from './window';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.enableSandbox();

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const devOrigin = devServerUrl ? new URL(devServerUrl).origin : undefined;

async function openExternal(url: string): Promise<{ opened: boolean; reason?: string }> {
  const checked = checkExternalUrl(url);
  if (!checked.ok) return { opened: false, reason: checked.reason };
  const parent = BrowserWindow.getFocusedWindow();
  const options = {
    type: 'question' as const,
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Open this link in your browser?',
    detail: checked.url,
  };
  const { response } = parent
    ? await dialog.showMessageBox(parent, options)
    : await dialog.showMessageBox(options);
  if (response !== 0) return { opened: false, reason: 'Cancelled.' };
  await shell.openExternal(checked.url);
  return { opened: true };
}

/** Transfers: files are chosen and saved in main's own dialogs; the page only ever sees their ids. */
const fileDialogs = {
  async chooseFile(purpose: 'import' | 'restore') {
    const parent = BrowserWindow.getFocusedWindow();
    const options = {
      title: purpose === 'restore' ? 'Restore a Modeldesk backup' : 'Import conversations',
      properties: ['openFile' as const],
      filters:
        purpose === 'restore'
          ? [{ name: 'Modeldesk backup', extensions: ['zip'] }]
          : [{ name: 'Exports (ChatGPT, Chatbox, Modeldesk)', extensions: ['zip', 'json'] }],
    };
    const result = parent
      ? await dialog.showOpenDialog(parent, options)
      : await dialog.showOpenDialog(options);
    const path = result.canceled ? undefined : result.filePaths[0];
    return path ? { path, name: basename(path) } : null;
  },
  async chooseSavePath(suggestedName: string) {
    const parent = BrowserWindow.getFocusedWindow();
    const options = { defaultPath: join(app.getPath('downloads'), suggestedName) };
    const result = parent
      ? await dialog.showSaveDialog(parent, options)
      : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  },
};

async function start() {
  const dataDir = resolveDataDir({
    argv: process.argv,
    env: process.env,
    defaultDir: app.getPath('userData'),
  });
  app.setPath('userData', dataDir);
  hardenSession(session.defaultSession, devOrigin);

  const core = await createAppCore({
    host: 'electron',
    dataDir,
    env: process.env,
    version: app.getVersion(),
    platform: process.platform,
    vault: {
      kind: 'safe-storage',
      safeStorage: {
        isEncryptionAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
        getSelectedStorageBackend: () =>
          process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
        encryptString: (plain: string) => safeStorage.encryptStringAsync(plain),
        decryptString: async (cipher: Buffer) => (await safeStorage.decryptStringAsync(cipher)).result,
      },
    },
    openSettingsFile: openSettingsWithElectronStore,
    openExternal,
    fileDialogs,
  });

  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({ rendererDir: join(import.meta.dirname, '../renderer'), core }),
  );
  wireIpc(ipcMain, core, { devOrigin });
  wireEvents(core, () => BrowserWindow.getAllWindows().map((w) => w.webContents));

  const open = () => {
    const win = createMainWindow({
      BrowserWindow,
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      devTools: !app.isPackaged,
      entryUrl: devServerUrl,
      openExternal,
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#16171a' : '#ffffff',
    });
    const clientId = clientIdOf(win.webContents.id);
    core.clientConnected(clientId);
    win.on('closed', () => core.clientDisconnected(clientId));
  };
  open();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    disposed = true;
    void core.dispose().finally(() => app.quit());
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.whenReady().then(start, (error: unknown) => {
    dialog.showErrorBox('Modeldesk could not start', error instanceof Error ? error.message : String(error));
    app.quit();
  });
}
