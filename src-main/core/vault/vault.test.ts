import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorageError } from '../storage/errors';
import { NoticeList } from '../storage/notices';
import { fakeSafeStorage, type FakeSafeStorage } from './testing/fake-safe-storage';
import { makeTempDir } from '../storage/testing/fixtures';
import { openVault, type OpenVaultOptions, type VaultBackendOption } from './vault';

const KEY_A = 'sk-proj-TESTKEYaaaaaaaaaaaaaaaaaaaa1111';
const KEY_B = 'sk-proj-TESTKEYbbbbbbbbbbbbbbbbbbbb2222';
const KEY_C = 'sk-ant-api03-TESTKEYcccccccccccccccc3333';
const FAST_KDF = { N: 2 ** 10, r: 8, p: 1 };

describe('KeyVault', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let notices: NoticeList;
  const vaultFile = () => join(temp.dir, 'vault.json');
  const open = (backend: VaultBackendOption, extra: Partial<OpenVaultOptions> = {}) =>
    openVault({ backend, file: vaultFile(), notices, kdf: FAST_KDF, platform: 'linux', env: {}, ...extra });
  const onDisk = () => (existsSync(vaultFile()) ? readFileSync(vaultFile(), 'utf8') : '');
  const failure = async (promise: Promise<unknown> | (() => unknown)) => {
    try {
      await (typeof promise === 'function' ? promise() : promise);
    } catch (error) {
      return (error as StorageError).toInfo();
    }
    throw new Error('expected a failure');
  };

  beforeEach(() => {
    temp = makeTempDir();
    notices = new NoticeList();
  });
  afterEach(() => temp.remove());

  describe('safe-storage', () => {
    let safeStorage: FakeSafeStorage;
    beforeEach(() => (safeStorage = fakeSafeStorage({ backend: 'gnome_libsecret' })));

    it('saves keys encrypted by the keychain and reads them back', async () => {
      const vault = await open({ kind: 'safe-storage', safeStorage });
      expect(vault.status()).toEqual({
        backend: 'safe-storage',
        linuxBackend: 'gnome_libsecret',
        weak: false,
        locked: false,
        message: 'Keys are encrypted by GNOME Keyring (libsecret).',
      });
      const view = await vault.addKey('openai', `  ${KEY_A}\n`, 'Work');
      expect(view).toEqual({
        id: view.id,
        label: 'Work',
        last4: '1111',
        addedAt: view.addedAt,
        source: 'vault',
      });
      expect(onDisk()).not.toContain(KEY_A);
      expect(JSON.parse(onDisk())).toMatchObject({
        format: 1,
        scheme: 'safe-storage',
        keys: [{ last4: '1111' }],
      });
      expect(JSON.parse(onDisk()).keys[0].secret).toMatch(/^ss1:/);

      const again = await open({ kind: 'safe-storage', safeStorage });
      expect(again.keyFor('openai')).toEqual({
        keyId: view.id,
        secret: KEY_A,
        last4: '1111',
        source: 'vault',
      });
      expect(notices.list()).toEqual([]);
    });

    it('names the keychain on macOS and Windows, where there is no Linux backend to check', async () => {
      const mac = await open({ kind: 'safe-storage', safeStorage }, { platform: 'darwin' });
      expect(mac.status()).toMatchObject({
        weak: false,
        message: 'Keys are encrypted by the macOS Keychain.',
      });
      expect(mac.status().linuxBackend).toBeUndefined();
    });

    it.each(['basic_text', 'unknown', undefined])(
      'on Linux with the %s backend, keeps keys in memory and says what to do',
      async (backend) => {
        safeStorage.backend = backend;
        const vault = await open({ kind: 'safe-storage', safeStorage });
        const status = vault.status();
        expect(status).toMatchObject({
          backend: 'safe-storage',
          linuxBackend: backend ?? 'unknown',
          weak: true,
          locked: false,
        });
        expect(status.message).toContain('in memory for this session only');
        expect(status.message).toContain('install and unlock GNOME Keyring or KWallet');
        expect(status.message).toContain('--password-store=gnome-libsecret');
        expect(status.message).toContain('set a vault passphrase');
        expect(notices.list().map((n) => n.id)).toEqual(['vault-weak']);

        await vault.addKey('openai', KEY_A);
        expect(vault.keyFor('openai')?.secret).toBe(KEY_A);
        expect(safeStorage.calls.encrypt).toBe(0);
        expect(existsSync(vaultFile())).toBe(false);
        expect((await open({ kind: 'safe-storage', safeStorage })).keyFor('openai')).toBeNull();
      },
    );

    it('saves with basic_text only once the user accepts weak storage, and remembers the choice', async () => {
      safeStorage.backend = 'basic_text';
      const vault = await open({ kind: 'safe-storage', safeStorage });
      await vault.addKey('openai', KEY_A);
      const status = await vault.acceptWeakStorage();
      expect(status).toMatchObject({ weak: true, linuxBackend: 'basic_text' });
      expect(status.message).toMatch(
        /^Keys are saved with the basic_text backend, as you chose: anyone who can read your files/,
      );
      expect(notices.has('vault-weak')).toBe(false);
      expect(JSON.parse(onDisk())).toMatchObject({
        acceptedWeakBackend: 'basic_text',
        scheme: 'safe-storage',
      });
      expect(onDisk()).not.toContain(KEY_A);

      const again = await open({ kind: 'safe-storage', safeStorage });
      expect(again.keyFor('openai')?.secret).toBe(KEY_A);
      expect(again.status().message).toMatch(/as you chose/);
      expect(notices.has('vault-weak')).toBe(false);
      await expect(again.acceptWeakStorage()).rejects.toThrow(/no weak storage to accept/);
    });

    it('switches to a passphrase when the user sets one under a weak backend', async () => {
      safeStorage.backend = 'basic_text';
      const vault = await open({ kind: 'safe-storage', safeStorage });
      await vault.addKey('openai', KEY_A);
      expect((await vault.unlock('correct horse battery')).backend).toBe('passphrase-file');
      expect(JSON.parse(onDisk())).toMatchObject({ scheme: 'passphrase', keys: [{ last4: '1111' }] });
      expect(JSON.parse(onDisk()).keys[0].secret).toMatch(/^pf1:/);

      const again = await open({ kind: 'safe-storage', safeStorage });
      expect(again.status()).toMatchObject({ backend: 'passphrase-file', locked: true });
      expect(again.keyFor('openai')).toBeNull();
      expect(again.list('openai').map((k) => k.last4)).toEqual(['1111']);
      await again.unlock('correct horse battery');
      expect(again.keyFor('openai')?.secret).toBe(KEY_A);
    });

    it('keeps keys in memory when encryption is unavailable, and refuses a passphrase when the keychain is strong', async () => {
      safeStorage.available = false;
      const vault = await open({ kind: 'safe-storage', safeStorage });
      expect(vault.status()).toMatchObject({ weak: true });
      expect(vault.status().message).toMatch(
        /encryption is not available .* kept in memory for this session only/,
      );
      await vault.addKey('openai', KEY_A);
      expect(existsSync(vaultFile())).toBe(false);

      safeStorage.available = true;
      const strong = await open({ kind: 'safe-storage', safeStorage });
      expect((await failure(strong.unlock('a passphrase'))).message).toMatch(
        /already protected by the system keychain/,
      );
    });

    it('asks for a key again when it cannot be decrypted, keeping the others', async () => {
      const vault = await open({ kind: 'safe-storage', safeStorage });
      const lost = await vault.addKey('openai', KEY_A);
      await vault.addKey('anthropic', KEY_C);
      // Tamper with one record: the keychain can no longer open it.
      const file = JSON.parse(onDisk());
      file.keys[0].secret = `ss1:${Buffer.from('garbage-garbage-garbage-garbage-garbage').toString('base64')}`;
      writeFileSync(vaultFile(), JSON.stringify(file));

      const again = await open({ kind: 'safe-storage', safeStorage });
      expect(again.keyFor('anthropic')?.secret).toBe(KEY_C);
      expect(again.keyFor('openai')).toBeNull();
      expect(notices.list()).toEqual([
        expect.objectContaining({
          id: `vault-unreadable-${lost.id}`,
          level: 'warning',
          message:
            'Modeldesk could not decrypt the "openai" key ending in 1111 (the keychain or vault file may have changed). Please enter that key again in Settings → Providers; your other keys are kept.',
        }),
      ]);
      // The unreadable record stays saved until the user enters the key again.
      expect(JSON.parse(onDisk()).keys).toHaveLength(2);
      await again.addKey('openai', KEY_B);
      expect(
        JSON.parse(onDisk())
          .keys.map((k: { last4: string }) => k.last4)
          .sort(),
      ).toEqual(['2222', '3333']);
      expect(notices.list()).toEqual([]);
    });

    it('reports every key as unreadable after the keyring was reset', async () => {
      const vault = await open({ kind: 'safe-storage', safeStorage });
      await vault.addKey('openai', KEY_A);
      safeStorage.keyring = 'a new keyring';
      const again = await open({ kind: 'safe-storage', safeStorage });
      expect(again.list('openai')).toEqual([]);
      expect(notices.list()[0]?.message).toMatch(/ending in 1111 .* enter that key again/);
    });
  });

  describe('passphrase-file', () => {
    it('asks for a passphrase, keeps keys in memory until then, then saves them sealed', async () => {
      const vault = await open({ kind: 'passphrase-file' });
      expect(vault.status()).toEqual({
        backend: 'passphrase-file',
        weak: false,
        locked: true,
        message:
          'Choose a vault passphrase (at least 8 characters) to save keys encrypted. Until then, keys you enter are kept in memory only.',
      });
      await vault.addKey('openai', KEY_A);
      expect(existsSync(vaultFile())).toBe(false);
      expect((await failure(vault.unlock('short'))).message).toBe(
        'A vault passphrase needs at least 8 characters.',
      );

      expect(await vault.unlock('correct horse battery')).toMatchObject({ locked: false, weak: false });
      const saved = JSON.parse(onDisk());
      expect(saved).toMatchObject({
        scheme: 'passphrase',
        passphrase: { kdf: 'scrypt', N: 1024, r: 8, p: 1 },
      });
      expect(saved.keys[0].secret).toMatch(/^pf1:/);
      expect(onDisk()).not.toContain(KEY_A);
      expect(onDisk()).not.toContain('correct horse battery');
      expect(vault.secretValues()).toEqual([KEY_A, 'correct horse battery']);
    });

    it('refuses a wrong passphrase clearly and opens with the right one', async () => {
      const vault = await open({ kind: 'passphrase-file', passphrase: 'correct horse battery' });
      await vault.addKey('openai', KEY_A);

      const locked = await open({ kind: 'passphrase-file' });
      expect(locked.status()).toMatchObject({ locked: true });
      expect(locked.status().message).toMatch(
        /^Your saved keys are encrypted with your vault passphrase: enter it/,
      );
      expect(await failure(locked.unlock('wrong horse battery'))).toEqual({
        kind: 'authentication',
        message: 'That passphrase does not unlock your saved keys.',
        retryable: false,
        action:
          'Type it again. If it is lost, remove vault.json from the data folder and enter your keys again.',
      });
      expect(locked.keyFor('openai')).toBeNull();
      await locked.unlock('correct horse battery');
      expect(locked.keyFor('openai')?.secret).toBe(KEY_A);
    });

    it('unlocks from MODELDESK_VAULT_PASSPHRASE, and says so when it is wrong', async () => {
      const first = await open(
        { kind: 'passphrase-file' },
        { env: { MODELDESK_VAULT_PASSPHRASE: 'correct horse battery' } },
      );
      await first.addKey('openai', KEY_A);
      const again = await open(
        { kind: 'auto' },
        { env: { MODELDESK_VAULT_PASSPHRASE: 'correct horse battery' } },
      );
      expect(again.keyFor('openai')?.secret).toBe(KEY_A);

      const wrong = await open(
        { kind: 'auto' },
        { env: { MODELDESK_VAULT_PASSPHRASE: 'not the passphrase' } },
      );
      expect(wrong.status().locked).toBe(true);
      expect(wrong.status().message).toMatch(/^MODELDESK_VAULT_PASSPHRASE does not unlock your saved keys\./);
      expect(notices.list().map((n) => n.id)).toContain('vault-locked');
    });

    it('reports a record that fails to open (tampered) and keeps the others', async () => {
      const vault = await open({ kind: 'passphrase-file', passphrase: 'correct horse battery' });
      await vault.addKey('openai', KEY_A);
      await vault.addKey('anthropic', KEY_C);
      const file = JSON.parse(onDisk());
      // Move the anthropic ciphertext onto the openai record: the associated data no longer matches.
      file.keys[0].secret = file.keys[1].secret;
      writeFileSync(vaultFile(), JSON.stringify(file));
      const again = await open({ kind: 'passphrase-file', passphrase: 'correct horse battery' });
      expect(again.keyFor('anthropic')?.secret).toBe(KEY_C);
      expect(again.keyFor('openai')).toBeNull();
      expect(notices.list().map((n) => n.message)).toEqual([
        expect.stringMatching(/"openai" key ending in 1111/),
      ]);
    });

    it('moves a damaged vault file aside and asks for the keys again', async () => {
      writeFileSync(vaultFile(), '{"format": 1, "keys": [');
      const vault = await open({ kind: 'passphrase-file' });
      expect(vault.list('openai')).toEqual([]);
      expect(notices.list()[0]).toMatchObject({ id: 'vault-recovered', level: 'error' });
      expect(notices.list()[0]?.message).toMatch(
        /could not read its saved keys \(vault.json: it is not valid JSON\) and moved the file to .*vault\.json\.corrupt-/,
      );
      expect(readdirSync(temp.dir).some((n) => n.startsWith('vault.json.corrupt-'))).toBe(true);
    });

    it('leaves a vault from a newer Modeldesk alone', async () => {
      writeFileSync(vaultFile(), JSON.stringify({ format: 9, keys: [] }));
      await expect(open({ kind: 'passphrase-file' })).rejects.toThrow(/newer Modeldesk/);
      expect(readdirSync(temp.dir)).toEqual(['vault.json']);
    });
  });

  describe('memory', () => {
    it('holds keys in memory only, writes nothing, and says they are forgotten on exit', async () => {
      const vault = await open({ kind: 'memory' });
      expect(vault.status()).toEqual({
        backend: 'memory',
        weak: false,
        locked: false,
        message:
          'Keys are kept in memory only and forgotten when Modeldesk exits; nothing is written to disk.',
      });
      await vault.addKey('openai', KEY_A);
      expect(vault.keyFor('openai')?.secret).toBe(KEY_A);
      expect(readdirSync(temp.dir)).toEqual([]);
      expect((await failure(vault.unlock('correct horse battery'))).message).toMatch(/memory only/);
    });

    it('under auto, becomes a passphrase file when the user sets a passphrase', async () => {
      const vault = await open({ kind: 'auto' });
      expect(vault.status().message).toMatch(/forgotten when Modeldesk exits.*Set a vault passphrase/);
      await vault.addKey('openai', KEY_A);
      await vault.unlock('correct horse battery');
      expect(JSON.parse(onDisk()).scheme).toBe('passphrase');
      const again = await open({ kind: 'auto' });
      expect(again.status()).toMatchObject({ backend: 'passphrase-file', locked: true });
    });
  });

  it('leaves keys sealed by the desktop keychain alone on a host without it, and hands them back later', async () => {
    const safeStorage = fakeSafeStorage({ backend: 'gnome_libsecret' });
    const desktop = await open({ kind: 'safe-storage', safeStorage });
    await desktop.addKey('openai', KEY_A);

    const web = await open(
      { kind: 'auto' },
      { env: { MODELDESK_VAULT_PASSPHRASE: 'correct horse battery' } },
    );
    expect(web.list('openai')).toEqual([]);
    expect(notices.list().find((n) => n.id === 'vault-foreign')?.message).toBe(
      "1 saved key is encrypted by the desktop app's system keychain, which this host cannot use. It stays saved for the desktop app; enter keys here to use them now.",
    );
    await web.addKey('openai', KEY_B);
    expect(JSON.parse(onDisk()).keys.map((k: { last4: string }) => k.last4)).toEqual(['2222', '1111']);

    // Back on the desktop: the vault now has a passphrase; once unlocked, both keys are there, re-sealed with it.
    const back = await open({ kind: 'safe-storage', safeStorage });
    await back.unlock('correct horse battery');
    expect(
      back
        .list('openai')
        .map((k) => k.last4)
        .sort(),
    ).toEqual(['1111', '2222']);
    expect(JSON.parse(onDisk()).keys.every((k: { secret: string }) => k.secret.startsWith('pf1:'))).toBe(
      true,
    );
  });

  it('uses environment keys at once, offers them for import without the key, and imports them', async () => {
    const env = {
      OPENAI_API_KEY: KEY_A,
      GOOGLE_API_KEY: 'AIzaTESTKEYgggggggggggggggggggggggg4444',
      UNRELATED: 'x',
    };
    const vault = await open({ kind: 'memory' }, { env });
    expect(vault.keyFor('openai')).toMatchObject({ secret: KEY_A, source: 'environment' });
    expect(vault.list('gemini')).toEqual([
      { id: 'env-google-api-key', label: 'GOOGLE_API_KEY', last4: '4444', addedAt: 0, source: 'environment' },
    ]);
    const offers = vault.envKeysToOffer();
    expect(offers).toEqual([
      { provider: 'openai', envVar: 'OPENAI_API_KEY', last4: '1111' },
      { provider: 'gemini', envVar: 'GOOGLE_API_KEY', last4: '4444' },
    ]);
    expect(JSON.stringify(offers)).not.toContain('TESTKEY');

    const imported = await vault.importEnvKeys(['openai']);
    expect(imported).toEqual([
      expect.objectContaining({ label: 'from OPENAI_API_KEY', last4: '1111', source: 'vault' }),
    ]);
    expect(vault.list('openai').map((k) => k.source)).toEqual(['vault']);
    expect(vault.envKeysToOffer().map((o) => o.provider)).toEqual(['gemini']);
    expect((await failure(() => vault.removeKey('gemini', 'env-google-api-key'))).message).toMatch(
      /environment variable/,
    );
  });

  it('rotates through a provider’s keys, skipping those already tried', async () => {
    let clock = 1000;
    const vault = await open({ kind: 'memory' }, { now: () => clock++ });
    const a = await vault.addKey('openai', KEY_A);
    const b = await vault.addKey('openai', KEY_B);
    const c = await vault.addKey('openai', 'sk-proj-TESTKEYdddddddddddddddddddd5555');
    expect(vault.keyFor('openai')?.keyId).toBe(a.id);
    expect(vault.rotateAfter('openai', a.id)?.keyId).toBe(b.id);
    expect(vault.keyFor('openai')?.keyId).toBe(b.id);
    expect(vault.rotateAfter('openai', b.id, [a.id])?.keyId).toBe(c.id);
    expect(vault.rotateAfter('openai', c.id, [a.id, b.id])).toBeNull();
    expect(vault.rotateAfter('openai', c.id)?.keyId).toBe(a.id);
    expect(vault.rotateAfter('anthropic', 'none')).toBeNull();
  });

  it('adds, replaces and removes keys; refuses malformed ones without echoing them', async () => {
    const safeStorage = fakeSafeStorage({ backend: 'kwallet5' });
    const vault = await open({ kind: 'safe-storage', safeStorage });
    const changes: number[] = [];
    vault.onChange(() => changes.push(1));
    const a = await vault.addKey('openai', KEY_A);
    expect(await vault.addKey('openai', KEY_A)).toEqual(a);
    const replaced = await vault.replaceKey('openai', a.id, KEY_B);
    expect(replaced).toMatchObject({ id: a.id, last4: '2222' });
    expect((await open({ kind: 'safe-storage', safeStorage })).keyFor('openai')?.secret).toBe(KEY_B);
    vault.removeKey('openai', a.id);
    expect(vault.list('openai')).toEqual([]);
    expect(JSON.parse(onDisk()).keys).toEqual([]);
    expect(changes).toHaveLength(3);

    const spaced = await failure(vault.addKey('openai', 'sk-proj-TESTKEY with spaces'));
    expect(spaced).toMatchObject({ message: 'A key has no spaces or line breaks.' });
    expect(JSON.stringify(spaced)).not.toContain('TESTKEY');
    expect((await failure(vault.addKey('openai', '   '))).message).toBe('The key is empty.');
    expect((await failure(() => vault.removeKey('openai', 'nope'))).kind).toBe('not_found');

    await vault.addKey('groq', 'gsk_TESTKEYhhhhhhhhhhhhhhhhhhhh6666');
    vault.removeProvider('groq');
    expect(vault.hasKey('groq')).toBe(false);
  });
});
