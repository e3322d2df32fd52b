/**
 * What `import … from 'electron'` gives code that vitest loads (vitest.config.ts aliases electron here, so no
 * test ever runs Electron's own package, which would try to download its binary): the recording stand-in a test
 * installed in this process (`installElectronStandIn`), or a fresh one.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMainStandIn, createPreloadStandIn, installedElectronModule } from './electron-stand-in';

type StandInModule = ReturnType<typeof createMainStandIn>['module'] &
  ReturnType<typeof createPreloadStandIn>['module'];

const standIn = (installedElectronModule() ?? {
  ...createMainStandIn({ userData: join(tmpdir(), 'modeldesk-electron-stand-in') }).module,
  ...createPreloadStandIn().module,
}) as StandInModule;

export const {
  app,
  BrowserWindow,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  nativeTheme,
  protocol,
  safeStorage,
  session,
  shell,
} = standIn;
export default standIn;
