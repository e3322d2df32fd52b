/**
 * The vault's keys in memory and their records in vault.json: adding, replacing, removing, rotation, the
 * passphrase (unlock or set), accepting a weak keychain, and sealing under the current scheme. `openVault`
 * (vault.ts) builds it for a host; nothing else should construct it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { KeyView, VaultStatus } from '@contract/bridge';
import { detectEnvKeys, lastFour, type EnvKeyOffer } from './env-keys';
import { StorageError } from '../storage/errors';
import type { NoticeList } from '../storage/notices';
import type { OpenVaultOptions, ResolvedKey, SafeStorageLike } from './vault-options';
import {
  DEFAULT_KDF,
  deriveKey,
  entryContext,
  isValidKdf,
  makeCheck,
  openWithKey,
  passesCheck,
  sealWithKey,
  type KdfParams,
} from './vault-crypto';
import { writeVaultFile, type StoredKey, type VaultFile } from './vault-file';
import { vaultStatus, type Protection } from './vault-status';

type Entry = {
  id: string;
  providerId: string;
  label?: string;
  last4: string;
  addedAt: number;
  source: KeyView['source'];
  /** null while the vault is locked. */
  secret: string | null;
  /** Its record in vault.json, once saved. */
  stored: StoredKey | null;
};

const MIN_PASSPHRASE = 8;

function checkKeyText(secret: string): string {
  const key = secret.trim();
  if (key === '')
    throw new StorageError('bad_request', 'The key is empty.', 'Paste the key from your provider.');
  if (/\s/.test(key) || [...key].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\u007f')) {
    throw new StorageError(
      'bad_request',
      'A key has no spaces or line breaks.',
      'Paste just the key, nothing around it.',
    );
  }
  if (key.length > 4096)
    throw new StorageError('bad_request', 'That is too long to be a key.', 'Paste just the key.');
  return key;
}

const notFound = () =>
  new StorageError('not_found', 'That key no longer exists.', 'Reload the provider settings.');

export class KeyVault {
  private protection: Protection;
  private file: VaultFile;
  private readonly entries: Entry[] = [];
  /**
   * Records kept in vault.json that cannot be used here: `unreadable` ones (the user is asked to enter them
   * again), and `foreign` ones sealed by a keychain this host lacks (left for the desktop app).
   */
  private kept: Array<StoredKey & { why: 'unreadable' | 'foreign' }> = [];
  private readonly cursors = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  private passphrase: string | null = null;
  private readonly path: string;
  private readonly safeStorage: SafeStorageLike | undefined;
  private readonly notices: NoticeList | undefined;
  private readonly now: () => number;
  private readonly platform: NodeJS.Platform;
  private readonly kdf: KdfParams;

  /** Use `openVault`. */
  constructor(init: { protection: Protection; file: VaultFile; options: OpenVaultOptions }) {
    this.protection = init.protection;
    this.file = init.file;
    this.path = init.options.file;
    this.safeStorage =
      init.options.backend.kind === 'safe-storage' ? init.options.backend.safeStorage : undefined;
    this.notices = init.options.notices;
    this.now = init.options.now ?? Date.now;
    this.platform = init.options.platform ?? process.platform;
    this.kdf = init.options.kdf ?? DEFAULT_KDF;
  }

  status(): VaultStatus {
    return vaultStatus(this.protection, this.platform);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Keys as the renderer may see them: saved keys by age, then the environment's. */
  list(providerId: string): KeyView[] {
    return this.entriesOf(providerId).map((e) => {
      const view: KeyView = { id: e.id, last4: e.last4, addedAt: e.addedAt, source: e.source };
      if (e.label !== undefined) view.label = e.label;
      return view;
    });
  }

  hasKey(providerId: string): boolean {
    return this.entriesOf(providerId).some((e) => e.secret !== null);
  }

  /** The provider's current key (the one rotation last moved to, else its first). */
  keyFor(providerId: string): ResolvedKey | null {
    const usable = this.usable(providerId);
    const current = usable.find((e) => e.id === this.cursors.get(providerId)) ?? usable[0];
    return current ? resolved(current) : null;
  }

  /**
   * Rotation (on 401 or 429, when the provider's settings ask for it): the next key after `failedKeyId`, skipping
   * those in `tried`, which becomes the provider's current key; null when there is no other key to try.
   */
  rotateAfter(providerId: string, failedKeyId: string, tried: Iterable<string> = []): ResolvedKey | null {
    const usable = this.usable(providerId);
    const skip = new Set([failedKeyId, ...tried]);
    const start = usable.findIndex((e) => e.id === failedKeyId);
    for (let step = 1; step <= usable.length; step++) {
      const candidate = usable[(start + step + usable.length) % usable.length];
      if (candidate && !skip.has(candidate.id)) {
        this.cursors.set(providerId, candidate.id);
        return resolved(candidate);
      }
    }
    return null;
  }

  async addKey(providerId: string, secret: string, label?: string): Promise<KeyView> {
    const key = checkKeyText(secret);
    const same = this.entriesOf(providerId).find((e) => e.source === 'vault' && e.secret === key);
    if (same) return this.viewOf(same);
    const entry: Entry = {
      id: randomUUID(),
      providerId,
      last4: lastFour(key),
      addedAt: this.now(),
      source: 'vault',
      secret: key,
      stored: null,
    };
    if (label?.trim()) entry.label = label.trim();
    entry.stored = await this.sealIfSaving(entry);
    this.entries.push(entry);
    this.dropKept((k) => k.why === 'unreadable' && k.providerId === providerId);
    this.save();
    this.changed();
    return this.viewOf(entry);
  }

  async replaceKey(providerId: string, keyId: string, secret: string): Promise<KeyView> {
    const entry = this.entries.find(
      (e) => e.id === keyId && e.providerId === providerId && e.source === 'vault',
    );
    if (!entry) throw notFound();
    const key = checkKeyText(secret);
    const next: Entry = { ...entry, secret: key, last4: lastFour(key), stored: null };
    next.stored = await this.sealIfSaving(next);
    Object.assign(entry, next);
    this.save();
    this.changed();
    return this.viewOf(entry);
  }

  removeKey(providerId: string, keyId: string): void {
    const index = this.entries.findIndex((e) => e.id === keyId && e.providerId === providerId);
    const entry = this.entries[index];
    if (entry?.source === 'environment') {
      throw new StorageError(
        'bad_request',
        'This key comes from an environment variable, so Modeldesk cannot remove it.',
        'Unset the variable and restart Modeldesk.',
      );
    }
    if (entry) this.entries.splice(index, 1);
    else if (!this.dropKept((k) => k.id === keyId && k.providerId === providerId)) throw notFound();
    if (this.cursors.get(providerId) === keyId) this.cursors.delete(providerId);
    this.save();
    this.changed();
  }

  /** Forgets every saved key of a provider (when the provider is removed). */
  removeProvider(providerId: string): void {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i];
      if (e?.providerId === providerId && e.source === 'vault') this.entries.splice(i, 1);
    }
    this.dropKept((k) => k.providerId === providerId);
    this.cursors.delete(providerId);
    this.save();
    this.changed();
  }

  /** Environment keys not saved in the vault yet: provider, variable and last four only. */
  envKeysToOffer(): EnvKeyOffer[] {
    return this.entries
      .filter((e) => e.source === 'environment' && !this.savedCopyOf(e))
      .map((e) => ({ provider: e.providerId, envVar: e.label ?? '', last4: e.last4 }));
  }

  /** Saves the environment's keys of these providers into the vault. */
  async importEnvKeys(providerIds: readonly string[]): Promise<KeyView[]> {
    const views: KeyView[] = [];
    for (const e of this.entries.filter(
      (x) => x.source === 'environment' && providerIds.includes(x.providerId),
    )) {
      if (e.secret !== null) views.push(await this.addKey(e.providerId, e.secret, `from ${e.label}`));
    }
    return views;
  }

  /** Every secret the vault knows (keys and passphrase), for the log redactor. */
  secretValues(): string[] {
    const values = this.entries.flatMap((e) => (e.secret === null ? [] : [e.secret]));
    if (this.passphrase) values.push(this.passphrase);
    return values;
  }

  /**
   * Unlocks saved keys with the passphrase, or sets one when there is none yet (from memory, a weak keychain,
   * or a new passphrase file): every key is then saved encrypted under it.
   */
  async unlock(passphrase: string): Promise<VaultStatus> {
    const p = this.protection;
    if (p.kind === 'memory' && !p.upgradable) {
      throw new StorageError(
        'bad_request',
        'This session keeps keys in memory only, as it was started.',
        'Restart Modeldesk without the memory-only vault to save keys.',
      );
    }
    if (p.kind === 'keychain' && p.state === 'strong') {
      throw new StorageError(
        'bad_request',
        'Your keys are already protected by the system keychain; no passphrase is needed.',
      );
    }
    const header = this.file.passphrase;
    if (header) {
      const params = { N: header.N, r: header.r, p: header.p };
      if (!isValidKdf(params))
        throw new StorageError('bad_request', 'The vault file has invalid key-derivation settings.');
      const key = await deriveKey(passphrase, Buffer.from(header.salt, 'base64'), params);
      if (!passesCheck(key, header.check)) {
        throw new StorageError(
          'authentication',
          'That passphrase does not unlock your saved keys.',
          'Type it again. If it is lost, remove vault.json from the data folder and enter your keys again.',
        );
      }
      this.protection = { kind: 'passphrase', key, hasPassphrase: true, envRejected: false };
    } else {
      if (passphrase.length < MIN_PASSPHRASE) {
        throw new StorageError(
          'bad_request',
          `A vault passphrase needs at least ${MIN_PASSPHRASE} characters.`,
          'Choose a longer one; a few unrelated words work well.',
        );
      }
      const salt = randomBytes(16);
      const key = await deriveKey(passphrase, salt, this.kdf);
      this.file = {
        ...this.file,
        passphrase: { kdf: 'scrypt', ...this.kdf, salt: salt.toString('base64'), check: makeCheck(key) },
      };
      this.protection = { kind: 'passphrase', key, hasPassphrase: true, envRejected: false };
    }
    this.passphrase = passphrase;
    this.openPassphraseRecords();
    await this.sealAll();
    this.save();
    this.notices?.dismiss('vault-weak');
    this.changed();
    return this.status();
  }

  /** The user accepts a weak Linux keychain backend (`basic_text`): keys are then saved with it. */
  async acceptWeakStorage(): Promise<VaultStatus> {
    const p = this.protection;
    if (p.kind !== 'keychain' || p.state !== 'weak') {
      throw new StorageError('bad_request', 'There is no weak storage to accept here.');
    }
    this.protection = { ...p, state: 'weak-accepted' };
    this.file = { ...this.file, acceptedWeakBackend: p.backend ?? 'unknown' };
    await this.sealAll();
    this.save();
    this.notices?.dismiss('vault-weak');
    this.changed();
    return this.status();
  }

  // Set-up (openVault)

  addEnvironmentKeys(env: Readonly<Record<string, string | undefined>>): void {
    for (const k of detectEnvKeys(env)) {
      this.entries.push({
        id: `env-${k.envVar.toLowerCase().replace(/_/g, '-')}`,
        providerId: k.provider,
        label: k.envVar,
        last4: k.last4,
        addedAt: 0,
        source: 'environment',
        secret: k.secret,
        stored: null,
      });
    }
  }

  /** Takes the records of vault.json: opens what this host can, keeps the rest untouched. */
  async loadRecords(): Promise<void> {
    let foreign = 0;
    for (const record of this.file.keys) {
      if (record.secret.startsWith('ss1:')) {
        if (!this.safeStorage || !(await this.keychainUsable())) {
          this.kept.push({ ...record, why: 'foreign' });
          foreign++;
          continue;
        }
        try {
          const secret = await this.safeStorage.decryptString(Buffer.from(record.secret.slice(4), 'base64'));
          this.entries.push(entryOf(record, secret));
        } catch {
          this.unreadable(record);
        }
      } else {
        this.entries.push(entryOf(record, null));
      }
    }
    if (foreign > 0) {
      this.notices?.add({
        id: 'vault-foreign',
        level: 'info',
        message:
          `${foreign} saved ${foreign === 1 ? 'key is' : 'keys are'} encrypted by the desktop app's system keychain, ` +
          `which this host cannot use. ${foreign === 1 ? 'It stays' : 'They stay'} saved for the desktop app; ` +
          'enter keys here to use them now.',
      });
    }
    this.openPassphraseRecords();
  }

  warnIfWeak(): void {
    const status = this.status();
    if (status.weak && this.protection.kind === 'keychain' && this.protection.state !== 'weak-accepted') {
      this.notices?.add({ id: 'vault-weak', level: 'warning', message: status.message });
    }
  }

  // Internals

  private async keychainUsable(): Promise<boolean> {
    try {
      return Boolean(this.safeStorage && (await this.safeStorage.isEncryptionAvailable()));
    } catch {
      return false;
    }
  }

  /** With the passphrase known, opens the records sealed with it (a record that fails is reported, not lost). */
  private openPassphraseRecords(): void {
    const p = this.protection;
    if (p.kind !== 'passphrase' || !p.key) return;
    for (const e of [...this.entries]) {
      if (e.secret !== null || !e.stored?.secret.startsWith('pf1:')) continue;
      try {
        e.secret = openWithKey(p.key, e.stored.secret, entryContext(e.providerId, e.id));
      } catch {
        this.entries.splice(this.entries.indexOf(e), 1);
        this.unreadable(e.stored);
      }
    }
  }

  private unreadable(record: StoredKey): void {
    this.kept.push({ ...record, why: 'unreadable' });
    this.notices?.add({
      id: `vault-unreadable-${record.id}`,
      level: 'warning',
      message:
        `Modeldesk could not decrypt the "${record.providerId}" key ending in ${record.last4} (the keychain or ` +
        'vault file may have changed). Please enter that key again in Settings → Providers; your other keys are kept.',
    });
  }

  /** 'ss1' or 'pf1' when keys can be saved now; null when they stay in memory. */
  private savingScheme(): 'ss1' | 'pf1' | null {
    const p = this.protection;
    if (p.kind === 'passphrase') return p.key ? 'pf1' : null;
    if (p.kind === 'keychain') return p.state === 'strong' || p.state === 'weak-accepted' ? 'ss1' : null;
    return null;
  }

  private async sealIfSaving(entry: Entry): Promise<StoredKey | null> {
    const scheme = this.savingScheme();
    if (scheme === null || entry.secret === null) return null;
    let sealed: string;
    if (scheme === 'pf1') {
      const p = this.protection as Extract<Protection, { kind: 'passphrase' }>;
      sealed = sealWithKey(p.key as Buffer, entry.secret, entryContext(entry.providerId, entry.id));
    } else {
      try {
        const cipher = await (this.safeStorage as SafeStorageLike).encryptString(entry.secret);
        sealed = `ss1:${Buffer.from(cipher).toString('base64')}`;
      } catch {
        throw new StorageError(
          'server',
          'The system keychain refused to encrypt the key, so it was not saved.',
          'Unlock your keychain and try again, or set a vault passphrase.',
        );
      }
    }
    const record: StoredKey = {
      id: entry.id,
      providerId: entry.providerId,
      last4: entry.last4,
      addedAt: entry.addedAt,
      secret: sealed,
    };
    if (entry.label !== undefined) record.label = entry.label;
    return record;
  }

  /** Seals every readable saved key under the current scheme (after unlocking, or a change of scheme). */
  private async sealAll(): Promise<void> {
    const scheme = this.savingScheme();
    if (scheme === null) return;
    for (const e of this.entries) {
      if (e.source !== 'vault' || e.secret === null || e.stored?.secret.startsWith(`${scheme}:`)) continue;
      e.stored = await this.sealIfSaving(e);
    }
    // Keys sealed by the keychain, now opened and re-sealed, leave the kept list.
    const resealed = new Set(this.entries.map((e) => e.id));
    this.kept = this.kept.filter((k) => !resealed.has(k.id));
  }

  private save(): void {
    const scheme = this.savingScheme();
    if (scheme === null) return;
    const keys = [
      ...this.entries.flatMap((e) => (e.source === 'vault' && e.stored ? [e.stored] : [])),
      ...this.kept.map(({ why: _why, ...record }) => record),
    ];
    this.file = { ...this.file, scheme: scheme === 'pf1' ? 'passphrase' : 'safe-storage', keys };
    writeVaultFile(this.path, this.file);
  }

  private dropKept(match: (k: StoredKey & { why: 'unreadable' | 'foreign' }) => boolean): boolean {
    const dropped = this.kept.filter(match);
    this.kept = this.kept.filter((k) => !match(k));
    for (const k of dropped) this.notices?.dismiss(`vault-unreadable-${k.id}`);
    return dropped.length > 0;
  }

  private entriesOf(providerId: string): Entry[] {
    const saved = this.entries.filter((e) => e.providerId === providerId && e.source === 'vault');
    const env = this.entries.filter(
      (e) => e.providerId === providerId && e.source === 'environment' && !this.savedCopyOf(e),
    );
    return [...saved.sort((a, b) => a.addedAt - b.addedAt), ...env];
  }

  private usable(providerId: string): Entry[] {
    return this.entriesOf(providerId).filter((e) => e.secret !== null);
  }

  private savedCopyOf(env: Entry): Entry | undefined {
    return this.entries.find(
      (e) => e.source === 'vault' && e.providerId === env.providerId && e.secret === env.secret,
    );
  }

  private viewOf(entry: Entry): KeyView {
    const view = this.list(entry.providerId).find((v) => v.id === entry.id);
    if (!view) throw notFound();
    return view;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function entryOf(record: StoredKey, secret: string | null): Entry {
  const entry: Entry = {
    id: record.id,
    providerId: record.providerId,
    last4: record.last4,
    addedAt: record.addedAt,
    source: 'vault',
    secret,
    stored: record,
  };
  if (record.label !== undefined) entry.label = record.label;
  return entry;
}

function resolved(entry: Entry): ResolvedKey {
  return { keyId: entry.id, secret: entry.secret as string, last4: entry.last4, source: entry.source };
}
