/**
 * Atomic files: a write goes to a temporary file beside the target, is flushed to disk (fsync), and then
 * renamed over the target, and the folder is flushed so the rename itself survives a power cut. A reader
 * therefore sees the old file or the new one, never half of either, even if the process is killed mid-write.
 *
 * A file that cannot be read as what it should be is quarantined: renamed to `<name>.corrupt-<timestamp>` so
 * nothing is lost and the app can start fresh and tell the user where the old file went.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

export type WriteOptions = {
  /** File mode of a newly written file; vault files use 0o600. */
  mode?: number;
};

/** Flushes a folder's entries (a rename) to disk. Windows cannot open a folder for that; NTFS journals it. */
function fsyncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fd = openSync(temp, 'wx', options.mode ?? 0o644);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  fsyncDirectory(dir);
}

export function writeJsonAtomic(path: string, value: unknown, options: WriteOptions = {}): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, options);
}

/** `<name>.corrupt-<ISO time, file-name safe>`: sorts by time and says what it is. */
export function quarantineName(path: string, at: number): string {
  return `${path}.corrupt-${new Date(at).toISOString().replace(/[:.]/g, '-')}`;
}

/**
 * Moves a damaged file aside and returns where it went. Companion files (SQLite's `-wal` and `-shm`) move
 * with it under the same new name, so the moved copy stays readable as it was.
 */
export function quarantineFile(
  path: string,
  at: number = Date.now(),
  companions: readonly string[] = [],
): string {
  let target = quarantineName(path, at);
  for (let n = 2; existsSync(target); n++) target = `${quarantineName(path, at)}-${n}`;
  renameSync(path, target);
  for (const suffix of companions) {
    if (existsSync(`${path}${suffix}`)) renameSync(`${path}${suffix}`, `${target}${suffix}`);
  }
  fsyncDirectory(dirname(path));
  return target;
}

/** Thrown by a `parse` for a file a newer version wrote: it is left where it is, never quarantined. */
export class FileFromNewerVersion extends Error {}

export type JsonReadResult<T> =
  { status: 'missing' } | { status: 'ok'; value: T } | { status: 'corrupt'; movedTo: string; reason: string };

/**
 * Reads a JSON file and checks it with `parse` (which throws on a value of the wrong shape). A file that is
 * not JSON, or fails `parse`, is quarantined and reported as corrupt; a missing file is reported as missing;
 * `FileFromNewerVersion` from `parse` propagates and the file stays.
 */
export function readJsonOrQuarantine<T>(
  path: string,
  parse: (value: unknown) => T,
  at: () => number = Date.now,
): JsonReadResult<T> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    throw error;
  }
  try {
    return { status: 'ok', value: parse(JSON.parse(text.replace(/^\uFEFF/, ''))) };
  } catch (error) {
    if (error instanceof FileFromNewerVersion) throw error;
    const reason =
      error instanceof SyntaxError ? 'it is not valid JSON' : 'its contents are not in the expected form';
    return { status: 'corrupt', movedTo: quarantineFile(path, at()), reason };
  }
}
