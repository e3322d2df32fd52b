/**
 * The vault's ciphertext formats. Every stored secret starts with a scheme and version tag, so a format can
 * change without guessing, and an unknown tag is refused rather than misread:
 *
 *   pf1:<base64 of iv(12) | tag(16) | ciphertext>   AES-256-GCM under a key derived from the user's passphrase
 *                                                   (scrypt), bound to its entry by associated data
 *   ss1:<base64 of Electron safeStorage output>     the OS keychain (Keychain, DPAPI, libsecret, KWallet)
 *
 * A passphrase is checked against a `check` value encrypted with it: a wrong one fails there, clearly, before
 * any key is touched.
 */
import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  scrypt as scryptCallback,
  timingSafeEqual,
} from 'node:crypto';

export type KdfParams = { N: number; r: number; p: number };
/** OWASP's scrypt recommendation (2^17, 8, 1): about 128 MB and a fraction of a second per unlock. */
export const DEFAULT_KDF: KdfParams = { N: 2 ** 17, r: 8, p: 1 };

const CHECK_PLAINTEXT = 'modeldesk-vault-check';
const CHECK_CONTEXT = 'check';

export function isValidKdf(params: KdfParams): boolean {
  const { N, r, p } = params;
  const powerOfTwo = Number.isInteger(Math.log2(N));
  // Bounds keep a tampered file from making an unlock take all the memory or time there is.
  return powerOfTwo && N >= 2 ** 10 && N <= 2 ** 20 && r >= 1 && r <= 32 && p >= 1 && p <= 16;
}

export function deriveKey(passphrase: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(
      passphrase.normalize('NFC'),
      salt,
      32,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 64 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

const aad = (context: string) => Buffer.from(`modeldesk-vault/pf1/${context}`, 'utf8');

export function sealWithKey(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `pf1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** Opens a `pf1:` value; throws when the key, the context or the bytes are not the ones it was sealed with. */
export function openWithKey(key: Buffer, sealed: string, context: string): string {
  if (!sealed.startsWith('pf1:')) throw new Error('Not a passphrase-sealed value.');
  const raw = Buffer.from(sealed.slice(4), 'base64');
  if (raw.length < 28) throw new Error('The sealed value is truncated.');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(aad(context));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

export function makeCheck(key: Buffer): string {
  return sealWithKey(key, CHECK_PLAINTEXT, CHECK_CONTEXT);
}

export function passesCheck(key: Buffer, check: string): boolean {
  try {
    const opened = Buffer.from(openWithKey(key, check, CHECK_CONTEXT));
    const expected = Buffer.from(CHECK_PLAINTEXT);
    return opened.length === expected.length && timingSafeEqual(opened, expected);
  } catch {
    return false;
  }
}

export const entryContext = (providerId: string, keyId: string) => `key/${providerId}/${keyId}`;
