/**
 * The key vault: API keys per provider (several each), protected by one of three backends, and never written
 * to disk in plain text, never returned to the renderer (it sees `KeyView`: last four characters), never
 * logged (the redactor learns every value from `secretValues()`).
 *
 * Backends (`VaultBackendOption`):
 * - `safe-storage`: Electron's safeStorage, injected (the core never imports electron). Availability is checked
 *   first and, on Linux, the backend: under `basic_text`/`unknown` keys are kept in memory for the session
 *   until the user sets a passphrase or accepts weak storage.
 * - `passphrase-file`: AES-256-GCM under a scrypt key from the user's passphrase (`unlock`, or
 *   `MODELDESK_VAULT_PASSPHRASE`); locked until then.
 * - `memory`: keys from the environment or typed this session, nothing on disk.
 * - `auto` (web host): the passphrase file when a passphrase is set or given, else memory that a passphrase
 *   can upgrade.
 * Keys found in the environment are always usable (`source: 'environment'`) and can be imported.
 */
import { KeyVault } from './key-vault';
import { StorageError } from '../storage/errors';
import { emptyVaultFile, readVaultFile } from './vault-file';
import type { OpenVaultOptions, SafeStorageLike } from './vault-options';
import { WEAK_LINUX_BACKENDS, type Protection } from './vault-status';

export type { KeyVault } from './key-vault';
export type { OpenVaultOptions, ResolvedKey, SafeStorageLike, VaultBackendOption } from './vault-options';

export const ENV_PASSPHRASE = 'MODELDESK_VAULT_PASSPHRASE';

async function keychainProtection(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
  acceptedWeakBackend: string | undefined,
): Promise<Protection> {
  let available: boolean;
  try {
    available = await safeStorage.isEncryptionAvailable();
  } catch {
    available = false;
  }
  let backend: string | undefined;
  if (platform === 'linux') {
    try {
      backend = await safeStorage.getSelectedStorageBackend?.();
    } catch {
      backend = undefined;
    }
    backend ??= 'unknown';
  }
  if (!available) return { kind: 'keychain', state: 'unavailable', backend };
  if (platform === 'linux' && backend !== undefined && WEAK_LINUX_BACKENDS.has(backend)) {
    return { kind: 'keychain', state: acceptedWeakBackend === backend ? 'weak-accepted' : 'weak', backend };
  }
  return { kind: 'keychain', state: 'strong', backend };
}

/** Opens the vault for this host: reads vault.json (unless memory-only), checks the backend, loads the keys. */
export async function openVault(options: OpenVaultOptions): Promise<KeyVault> {
  const now = options.now ?? Date.now;
  const env = options.env ?? {};
  const backend = options.backend;
  let file = emptyVaultFile();
  if (backend.kind !== 'memory') {
    const read = readVaultFile(options.file, now);
    if (read.status === 'ok') file = read.value;
    if (read.status === 'corrupt') {
      options.notices?.add({
        id: 'vault-recovered',
        level: 'error',
        message:
          `Modeldesk could not read its saved keys (vault.json: ${read.reason}) and moved the file to ${read.movedTo}. ` +
          'Please enter your keys again in Settings → Providers.',
      });
    }
  }
  const envPassphrase =
    (backend.kind === 'passphrase-file' ? backend.passphrase : undefined) ??
    (env[ENV_PASSPHRASE] || undefined);
  const hasPassphrase = file.passphrase !== undefined;
  const locked: Protection = { kind: 'passphrase', key: null, hasPassphrase, envRejected: false };
  let protection: Protection;
  if (backend.kind === 'memory') protection = { kind: 'memory', upgradable: false };
  else if (backend.kind === 'passphrase-file' || file.scheme === 'passphrase') protection = locked;
  else if (backend.kind === 'auto')
    protection = envPassphrase ? locked : { kind: 'memory', upgradable: true };
  else
    protection = await keychainProtection(
      backend.safeStorage,
      options.platform ?? process.platform,
      file.acceptedWeakBackend,
    );

  const vault = new KeyVault({ protection, file, options });
  vault.addEnvironmentKeys(env);
  await vault.loadRecords();
  if (protection.kind === 'passphrase' && envPassphrase) {
    try {
      await vault.unlock(envPassphrase);
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      protection.envRejected = hasPassphrase;
      options.notices?.add({ id: 'vault-locked', level: 'warning', message: vault.status().message });
    }
  }
  vault.warnIfWeak();
  return vault;
}
