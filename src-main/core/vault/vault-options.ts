/**
 * What opening the vault takes (the backend the host chose, the file, the environment) and what a resolved key
 * is: the shapes `openVault` (vault.ts) and `KeyVault` (key-vault.ts) share.
 */
import type { KeyView } from '@contract/bridge';
import type { NoticeList } from '../storage/notices';
import type { KdfParams } from './vault-crypto';

/** Electron's safeStorage as the shell hands it over (sync or async methods both work). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean | Promise<boolean>;
  /** Linux only: `basic_text`, `gnome_libsecret`, `kwallet`... */
  getSelectedStorageBackend?(): string | undefined | Promise<string | undefined>;
  encryptString(plain: string): Uint8Array | Promise<Uint8Array>;
  decryptString(cipher: Buffer): string | Promise<string>;
}

export type VaultBackendOption =
  | { kind: 'safe-storage'; safeStorage: SafeStorageLike }
  | { kind: 'passphrase-file'; passphrase?: string }
  | { kind: 'memory' }
  | { kind: 'auto' };

export type OpenVaultOptions = {
  backend: VaultBackendOption;
  /** vault.json (`dataPaths(dataDir).vault`). */
  file: string;
  env?: Readonly<Record<string, string | undefined>>;
  notices?: NoticeList;
  now?: () => number;
  platform?: NodeJS.Platform;
  /** scrypt parameters for a new passphrase (tests use cheaper ones). */
  kdf?: KdfParams;
};

/** A key ready for a request. */
export type ResolvedKey = { keyId: string; secret: string; last4: string; source: KeyView['source'] };
