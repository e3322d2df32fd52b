/**
 * A stand-in for Electron's safeStorage (the vault receives it as an injected interface; Electron itself is not
 * available here). It really encrypts (AES-256-GCM under a key of its own, as Chromium's os_crypt does with the keyring's), so
 * ciphertext never shows the key; `keyring` changes that key to play a keyring that was reset.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SafeStorageLike } from '../vault-options';

export type FakeSafeStorage = SafeStorageLike & {
  available: boolean;
  backend: string | undefined;
  keyring: string;
  calls: { encrypt: number; decrypt: number };
};

export function fakeSafeStorage(
  init: { available?: boolean; backend?: string; keyring?: string } = {},
): FakeSafeStorage {
  const fake: FakeSafeStorage = {
    available: init.available ?? true,
    backend: init.backend,
    keyring: init.keyring ?? 'login keyring',
    calls: { encrypt: 0, decrypt: 0 },
    isEncryptionAvailable: async () => fake.available,
    getSelectedStorageBackend: () => fake.backend,
    encryptString: async (plain) => {
      if (!fake.available) throw new Error('Encryption is not available.');
      fake.calls.encrypt++;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', createHash('sha256').update(fake.keyring).digest(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), body]);
    },
    decryptString: async (data) => {
      if (!fake.available) throw new Error('Encryption is not available.');
      fake.calls.decrypt++;
      const key = createHash('sha256').update(fake.keyring).digest();
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(3, 15));
      decipher.setAuthTag(data.subarray(15, 31));
      return Buffer.concat([decipher.update(data.subarray(31)), decipher.final()]).toString('utf8');
    },
  };
  return fake;
}
