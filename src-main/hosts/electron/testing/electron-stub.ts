/**
 * A stand-in for the `electron` module in unit tests (vitest aliases `electron` here).
 * Only the Electron shell imports electron; its tests drive this stub to check each decision the shell makes.
 * Tests replace behaviour through `electronStub` (for example safeStorage's availability or backend).
 */
type Listener = (...args: unknown[]) => void;

export const electronStub = {
  safeStorage: {
    available: true,
    backend: 'gnome_libsecret' as string,
  },
  handlers: new Map<string, Listener>(),
};

export const safeStorage = {
  isEncryptionAvailable: () => electronStub.safeStorage.available,
  getSelectedStorageBackend: () => electronStub.safeStorage.backend,
  encryptString: (plain: string) => {
    if (!electronStub.safeStorage.available) throw new Error('Encryption is not available.');
    // Reversible but not plain: enough for tests to tell ciphertext from the key.
    return Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a));
  },
  decryptString: (cipher: Buffer) => {
    if (!electronStub.safeStorage.available) throw new Error('Encryption is not available.');
    return Buffer.from(cipher.map((b) => b ^ 0x5a)).toString('utf8');
  },
};

export const ipcMain = {
  handle: (channel: string, fn: Listener) => {
    electronStub.handlers.set(channel, fn);
  },
  removeHandler: (channel: string) => {
    electronStub.handlers.delete(channel);
  },
};

export const app = {
  getPath: (_name: string) => '/tmp/modeldesk-electron-stub',
  getVersion: () => '0.0.0-test',
  isPackaged: false,
};

export default { safeStorage, ipcMain, app };
