/**
 * How the vault protects keys right now, and what it tells the user about it (VaultStatus in Settings, and a
 * notice when protection is weak). Linux is checked for `basic_text` (and `unknown`): Chromium then encrypts
 * with a fixed, published key, so Modeldesk does not store keys that way unless the user says so.
 */
import type { VaultStatus } from '@contract/bridge';

export type KeychainState = 'strong' | 'weak' | 'weak-accepted' | 'unavailable';
export type Protection =
  | { kind: 'keychain'; state: KeychainState; backend: string | undefined }
  | { kind: 'passphrase'; key: Buffer | null; hasPassphrase: boolean; envRejected: boolean }
  | { kind: 'memory'; upgradable: boolean };

/** A keychain that is only as strong as a fixed key: never used for keys unless the user accepts it. */
export const WEAK_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

const BACKEND_NAMES: Record<string, string> = {
  gnome_libsecret: 'GNOME Keyring (libsecret)',
  kwallet: 'KWallet',
  kwallet5: 'KWallet 5',
  kwallet6: 'KWallet 6',
};

const HOW_TO_FIX_LINUX =
  'install and unlock GNOME Keyring or KWallet, or start Modeldesk with --password-store=gnome-libsecret';

function keychainName(backend: string | undefined, platform: NodeJS.Platform): string {
  if (backend && BACKEND_NAMES[backend]) return BACKEND_NAMES[backend];
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'Windows (DPAPI)';
  return "your system's keychain";
}

function keychainStatus(
  p: Extract<Protection, { kind: 'keychain' }>,
  platform: NodeJS.Platform,
): VaultStatus {
  const base = {
    backend: 'safe-storage' as const,
    locked: false,
    ...(p.backend ? { linuxBackend: p.backend } : {}),
  };
  switch (p.state) {
    case 'strong':
      return { ...base, weak: false, message: `Keys are encrypted by ${keychainName(p.backend, platform)}.` };
    case 'weak':
      return {
        ...base,
        weak: true,
        message:
          p.backend === 'basic_text'
            ? 'Your system keyring is not in use (Electron reports the basic_text backend), so saved keys would be ' +
              'protected only by a fixed key anyone can look up. Modeldesk keeps the keys you enter in memory for ' +
              `this session only. To save them safely, ${HOW_TO_FIX_LINUX}; or set a vault passphrase; or accept ` +
              'weak storage.'
            : 'Electron cannot tell which keyring protects saved keys (backend unknown), so Modeldesk keeps the keys ' +
              `you enter in memory for this session only. To save them safely, ${HOW_TO_FIX_LINUX}; or set a vault ` +
              'passphrase; or accept weak storage.',
      };
    case 'weak-accepted':
      return {
        ...base,
        weak: true,
        message:
          `Keys are saved with the ${p.backend ?? 'unknown'} backend, as you chose: anyone who can read your files ` +
          `can read them. For real protection, ${HOW_TO_FIX_LINUX}, or set a vault passphrase.`,
      };
    case 'unavailable':
      return {
        ...base,
        weak: true,
        message:
          "Your system's encryption is not available (no keyring is running, or it is locked), so keys you enter " +
          'are kept in memory for this session only. ' +
          (platform === 'linux'
            ? `To save them, ${HOW_TO_FIX_LINUX} and restart, `
            : 'Unlock your keychain and restart, ') +
          'or set a vault passphrase.',
      };
  }
}

export function vaultStatus(p: Protection, platform: NodeJS.Platform): VaultStatus {
  if (p.kind === 'keychain') return keychainStatus(p, platform);
  if (p.kind === 'memory') {
    return {
      backend: 'memory',
      weak: false,
      locked: false,
      message:
        'Keys are kept in memory only and forgotten when Modeldesk exits; nothing is written to disk.' +
        (p.upgradable ? ' Set a vault passphrase to save them encrypted.' : ''),
    };
  }
  if (p.key) {
    return {
      backend: 'passphrase-file',
      weak: false,
      locked: false,
      message: 'Keys are saved encrypted (AES-256-GCM) with a key derived from your vault passphrase.',
    };
  }
  return {
    backend: 'passphrase-file',
    weak: false,
    locked: true,
    message: p.hasPassphrase
      ? (p.envRejected ? 'MODELDESK_VAULT_PASSPHRASE does not unlock your saved keys. ' : '') +
        'Your saved keys are encrypted with your vault passphrase: enter it to unlock them. Keys you add meanwhile are kept in memory until then.'
      : 'Choose a vault passphrase (at least 8 characters) to save keys encrypted. Until then, keys you enter are kept in memory only.',
  };
}
