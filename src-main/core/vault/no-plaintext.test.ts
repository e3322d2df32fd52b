/**
 * The security acceptance check of the storage layer: a test key goes in through the vault (under each
 * backend), the app's other stores and the log are used as they will be, and then every file under the data
 * directory, the log included, is searched for the key's plain text. Nothing may contain it.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../storage/attachments';
import { ConversationStore } from '../storage/conversations';
import { dataPaths } from '../storage/data-dir';
import { Database } from '../storage/database';
import { createLogger } from '../logging/logger';
import { NoticeList } from '../storage/notices';
import { createRedactor } from '../redaction/redact';
import { SettingsStore } from '../storage/settings';
import { fakeSafeStorage } from './testing/fake-safe-storage';
import { makeTempDir, pngBytes } from '../storage/testing/fixtures';
import { openVault, type VaultBackendOption } from './vault';

const TEST_KEY = 'sk-proj-PLAINTEXTPROBE-7f3a9c1e5b2d4f6a8c0e';
const LOCAL_KEY = 'local-proxy-PLAINTEXTPROBE-0042';
const PASSPHRASE = 'PLAINTEXTPROBE passphrase words';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function holders(dir: string, needle: string): string[] {
  const forms = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  return filesUnder(dir).filter((file) => {
    const bytes = readFileSync(file);
    return forms.some((form) => bytes.includes(form));
  });
}

describe('no key in plain text under the data directory', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (temp = makeTempDir()));
  afterEach(() => temp.remove());

  const backends: Array<[string, () => VaultBackendOption, string | undefined]> = [
    [
      'safe-storage (keychain)',
      () => ({ kind: 'safe-storage', safeStorage: fakeSafeStorage({ backend: 'kwallet6' }) }),
      undefined,
    ],
    [
      'safe-storage (basic_text, then a passphrase)',
      () => ({ kind: 'safe-storage', safeStorage: fakeSafeStorage({ backend: 'basic_text' }) }),
      PASSPHRASE,
    ],
    ['passphrase-file', () => ({ kind: 'passphrase-file' }), PASSPHRASE],
    ['memory', () => ({ kind: 'memory' }), undefined],
  ];

  it('finds a key that is there (the search itself works)', () => {
    writeFileSync(join(temp.dir, 'control.txt'), `x ${TEST_KEY} y`);
    writeFileSync(join(temp.dir, 'control-16.txt'), Buffer.from(TEST_KEY, 'utf16le'));
    expect(
      holders(temp.dir, TEST_KEY)
        .map((f) => f.slice(temp.dir.length + 1))
        .sort(),
    ).toEqual(['control-16.txt', 'control.txt']);
  });

  it.each(backends)('with the %s vault', async (_name, backend, passphrase) => {
    const paths = dataPaths(temp.dir);
    const notices = new NoticeList();
    const vault = await openVault({
      backend: backend(),
      file: paths.vault,
      notices,
      platform: 'linux',
      env: { ANTHROPIC_API_KEY: 'sk-ant-api03-PLAINTEXTPROBE-env-key-99' },
      kdf: { N: 2 ** 10, r: 8, p: 1 },
    });
    if (passphrase) await vault.unlock(passphrase);
    const openai = await vault.addKey('openai', TEST_KEY, 'Work');
    await vault.addKey('local', LOCAL_KEY);
    await vault.importEnvKeys(['anthropic']);
    await vault.replaceKey('openai', openai.id, TEST_KEY);

    const redactor = createRedactor({ secrets: () => vault.secretValues() });
    const log = createLogger({ dir: paths.logs, redactor, logPrompts: () => true });
    log.info(`request with ${TEST_KEY} and ${LOCAL_KEY}`, {
      headers: { Authorization: `Bearer ${TEST_KEY}`, 'x-api-key': LOCAL_KEY, 'api-key': TEST_KEY },
      url: `https://example.test/v1?key=${TEST_KEY}`,
      note: `local ${LOCAL_KEY}`,
    });
    log.error(
      'provider said no',
      new Error(`Incorrect API key provided: ${TEST_KEY}; passphrase ${passphrase ?? ''}`),
    );
    log.content('prompt', `the user pasted ${LOCAL_KEY} by mistake`);

    const settings = new SettingsStore({ dir: temp.dir, notices });
    settings.upsertProvider({ id: 'openai', kind: 'openai', preset: 'openai', label: 'OpenAI' });
    const db = new Database(paths.database, { notices });
    const attachments = new AttachmentStore(db, { dir: paths.attachments });
    const conversations = new ConversationStore(db, { attachments });
    const c = conversations.create({ title: 'A chat' });
    const image = attachments.add({ bytes: pngBytes(3, 3) });
    conversations.addUserMessage({ conversationId: c.id, text: 'hello', attachments: [image.hash] });
    db.close();
    await log.close();

    expect(vault.keyFor('openai')?.secret).toBe(TEST_KEY);
    expect(filesUnder(temp.dir).some((f) => f.startsWith(paths.logs))).toBe(true);
    expect(holders(temp.dir, TEST_KEY)).toEqual([]);
    expect(holders(temp.dir, LOCAL_KEY)).toEqual([]);
    expect(holders(temp.dir, 'PLAINTEXTPROBE-env-key')).toEqual([]);
    if (passphrase) expect(holders(temp.dir, passphrase)).toEqual([]);
    expect(JSON.stringify(notices.list())).not.toContain('PLAINTEXTPROBE');
  });
});
