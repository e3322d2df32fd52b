import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quarantineFile, readJsonOrQuarantine, writeFileAtomic, writeJsonAtomic } from './atomic-file';
import { hasProjectNode, runAndKill } from './testing/crash';
import { makeTempDir } from './testing/fixtures';

describe('atomic files', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (temp = makeTempDir()));
  afterEach(() => temp.remove());

  it('writes, replaces and leaves no temporary file behind', () => {
    const file = join(temp.dir, 'nested', 'state.json');
    writeJsonAtomic(file, { a: 1 });
    writeJsonAtomic(file, { a: 2 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ a: 2 });
    expect(readdirSync(join(temp.dir, 'nested'))).toEqual(['state.json']);
  });

  it('creates files with the mode asked for', () => {
    const file = join(temp.dir, 'secret.json');
    writeFileAtomic(file, '{}', { mode: 0o600 });
    expect(readFileSync(file, 'utf8')).toBe('{}');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('reads JSON, reports a missing file, and quarantines a corrupt one', () => {
    const file = join(temp.dir, 'settings.json');
    const parse = (v: unknown) => {
      if (typeof v !== 'object' || v === null || !('n' in v)) throw new Error('no n');
      return v as { n: number };
    };
    expect(readJsonOrQuarantine(file, parse)).toEqual({ status: 'missing' });
    writeJsonAtomic(file, { n: 3 });
    expect(readJsonOrQuarantine(file, parse)).toEqual({ status: 'ok', value: { n: 3 } });

    writeFileSync(file, '{"n": 3, "trunc');
    const broken = readJsonOrQuarantine(file, parse, () => Date.UTC(2025, 0, 2, 3, 4, 5));
    expect(broken).toEqual({
      status: 'corrupt',
      movedTo: `${file}.corrupt-2025-01-02T03-04-05-000Z`,
      reason: 'it is not valid JSON',
    });
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(`${file}.corrupt-2025-01-02T03-04-05-000Z`, 'utf8')).toBe('{"n": 3, "trunc');

    writeFileSync(file, '{"m": 1}');
    const wrongShape = readJsonOrQuarantine(file, parse, () => Date.UTC(2025, 0, 2, 3, 4, 5));
    expect(wrongShape).toMatchObject({
      status: 'corrupt',
      reason: 'its contents are not in the expected form',
    });
    // A second quarantine at the same instant does not overwrite the first.
    expect(wrongShape.status === 'corrupt' && wrongShape.movedTo).toBe(
      `${file}.corrupt-2025-01-02T03-04-05-000Z-2`,
    );
  });

  it('moves companion files with a quarantined file', () => {
    const file = join(temp.dir, 'x.db');
    writeFileSync(file, 'db');
    writeFileSync(`${file}-wal`, 'wal');
    const moved = quarantineFile(file, 0, ['-wal', '-shm']);
    expect(readFileSync(`${moved}-wal`, 'utf8')).toBe('wal');
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  describe.skipIf(!hasProjectNode)('killed mid-write (needs node_modules/.bin/node)', () => {
    it('keeps the file whole, holding the last complete write', async () => {
      const file = join(temp.dir, 'state.json');
      const lines = await runAndKill('json', file, 40);
      const lastComplete = Math.max(...lines.map((l) => Number(/^wrote (\d+)$/.exec(l)?.[1] ?? 0)));
      expect(lastComplete).toBeGreaterThanOrEqual(40);
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { n: number; padding: string };
      // Either the last write it reported, or the one it finished but had no time to report.
      expect([lastComplete, lastComplete + 1]).toContain(saved.n);
      expect(saved.padding).toHaveLength(64 * 1024);
    });
  });
});
