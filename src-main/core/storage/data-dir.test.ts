import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataPaths, resolveDataDir } from './data-dir';
import { makeTempDir } from './testing/fixtures';

describe('resolveDataDir', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (temp = makeTempDir()));
  afterEach(() => temp.remove());

  it('prefers --data-dir, then MODELDESK_DATA_DIR, then the host default, and creates the folder', () => {
    const [flag, envDir, fallback] = ['flag', 'env', 'default'].map((n) => join(temp.dir, n)) as [
      string,
      string,
      string,
    ];
    const env = { MODELDESK_DATA_DIR: envDir };
    expect(resolveDataDir({ argv: ['node', 'main.js', '--data-dir', flag], env, defaultDir: fallback })).toBe(
      flag,
    );
    expect(
      resolveDataDir({ argv: ['node', 'main.js', `--data-dir=${flag}`], env, defaultDir: fallback }),
    ).toBe(flag);
    expect(resolveDataDir({ argv: ['node', 'main.js'], env, defaultDir: fallback })).toBe(envDir);
    expect(
      resolveDataDir({ argv: ['node', 'main.js'], env: { MODELDESK_DATA_DIR: '' }, defaultDir: fallback }),
    ).toBe(fallback);
    for (const dir of [flag, envDir, fallback]) expect(existsSync(dir)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(flag).mode & 0o777).toBe(0o700);
  });

  it('expands ~ and makes relative paths absolute', () => {
    expect(
      resolveDataDir({ argv: ['--data-dir', '~/md'], env: { HOME: temp.dir }, defaultDir: '/unused' }),
    ).toBe(join(temp.dir, 'md'));
    const relative = resolveDataDir({
      argv: [],
      env: { MODELDESK_DATA_DIR: join(temp.dir, 'a/../b') },
      defaultDir: '',
    });
    expect(relative).toBe(join(temp.dir, 'b'));
  });

  it('says what to do when --data-dir has no folder or cannot be used', () => {
    expect(() => resolveDataDir({ argv: ['--data-dir'], env: {}, defaultDir: temp.dir })).toThrow(
      '--data-dir needs a folder after it, for example --data-dir ~/modeldesk-test.',
    );
    expect(() => resolveDataDir({ argv: ['--data-dir', '--port'], env: {}, defaultDir: temp.dir })).toThrow(
      /needs a folder/,
    );
    const file = join(temp.dir, 'file');
    writeFileSync(file, 'x');
    expect(() =>
      resolveDataDir({ argv: ['--data-dir', join(file, 'sub')], env: {}, defaultDir: temp.dir }),
    ).toThrow(/Modeldesk cannot use the data folder .*Choose another with --data-dir\./);
  });

  it('names the files inside', () => {
    expect(dataPaths('/d')).toEqual({
      database: join('/d', 'modeldesk.db'),
      settings: join('/d', 'settings.json'),
      vault: join('/d', 'vault.json'),
      attachments: join('/d', 'attachments'),
      logs: join('/d', 'logs'),
      transfer: join('/d', 'transfer'),
    });
  });
});
