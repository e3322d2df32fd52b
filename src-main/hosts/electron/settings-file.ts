/**
 * The desktop app's settings store: electron-store, opened from the same options as the web host's conf
 * (core/storage/settings-file.ts), so both read and write one settings.json.
 *
 * electron-store names the file `name` (it overwrites conf's `configName`), and in the main process it answers
 * `electron-store-get-data` over synchronous IPC (the app's data folder and version) for stores a renderer might
 * open. Modeldesk's renderer opens none and reaches main only through the bridge contract, so that listener is
 * removed as soon as the store is open: no channel outside the contract.
 */
import { ipcMain } from 'electron';
import ElectronStore from 'electron-store';
import type { OpenSettingsFile } from '../../core/storage/settings-file';
import type { StoredSettings } from '../../core/storage/settings-schema';
import { ELECTRON_STORE_CHANNEL } from './security';

export const openSettingsWithElectronStore: OpenSettingsFile = ({ configName, ...options }) => {
  const store = new ElectronStore<StoredSettings>({ ...options, name: configName });
  ipcMain.removeAllListeners(ELECTRON_STORE_CHANNEL);
  return store;
};
