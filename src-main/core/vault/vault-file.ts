/**
 * vault.json: which scheme protects the saved keys, the passphrase's KDF parameters and check value, whether
 * the user accepted a weak keychain backend, and one record per key with its ciphertext (never the key) and
 * its last four characters (what the UI shows). Written atomically, readable by its owner only.
 */
import { z } from 'zod';
import { FileFromNewerVersion, readJsonOrQuarantine, writeJsonAtomic } from '../storage/atomic-file';

export const VAULT_FORMAT = 1;

const StoredKeySchema = z.object({
  id: z.string().min(1),
  providerId: z.string().min(1),
  label: z.string().optional(),
  last4: z.string().max(4),
  addedAt: z.number(),
  /** `pf1:...` or `ss1:...` (vault-crypto.ts). */
  secret: z.string().regex(/^(pf1|ss1):[A-Za-z0-9+/=]+$/),
});
export type StoredKey = z.infer<typeof StoredKeySchema>;

const VaultFileSchema = z.object({
  format: z.literal(VAULT_FORMAT),
  scheme: z.enum(['safe-storage', 'passphrase']).nullable(),
  passphrase: z
    .object({
      kdf: z.literal('scrypt'),
      N: z.number().int(),
      r: z.number().int(),
      p: z.number().int(),
      salt: z.string().min(16),
      check: z.string().startsWith('pf1:'),
    })
    .optional(),
  /** The Linux keychain backend the user chose to accept although it is weak (`basic_text`). */
  acceptedWeakBackend: z.string().optional(),
  keys: z.array(StoredKeySchema),
});
export type VaultFile = z.infer<typeof VaultFileSchema>;

export const emptyVaultFile = (): VaultFile => ({ format: VAULT_FORMAT, scheme: null, keys: [] });

export type VaultFileRead =
  | { status: 'missing' }
  | { status: 'ok'; value: VaultFile }
  | { status: 'corrupt'; movedTo: string; reason: string };

export function readVaultFile(path: string, now: () => number): VaultFileRead {
  return readJsonOrQuarantine(
    path,
    (value) => {
      const format = (value as { format?: unknown } | null)?.format;
      if (typeof format === 'number' && format > VAULT_FORMAT) {
        throw new VaultFormatTooNew(format);
      }
      return VaultFileSchema.parse(value);
    },
    now,
  );
}

/** A vault written by a newer Modeldesk is left alone (never quarantined): this version cannot read it. */
export class VaultFormatTooNew extends FileFromNewerVersion {
  constructor(format: number) {
    super(
      `vault.json was written by a newer Modeldesk (format ${format}). Update Modeldesk, or start with another folder: --data-dir <path>.`,
    );
  }
}

export function writeVaultFile(path: string, file: VaultFile): void {
  writeJsonAtomic(path, file, { mode: 0o600 });
}
