/**
 * Reads zip files that came from outside (a ChatGPT data export, a Modeldesk backup) without trusting them, on
 * yauzl: the central directory is read first, so every entry's name and sizes are checked before a byte is
 * inflated. Refused: too many entries, names that climb out of the archive (`..`, absolute, drive letters,
 * backslashes, control characters), encrypted entries or unknown compression, entries or a total larger than the
 * caller allows, and ratios no real file has (zip bombs). Inflating stops at the declared size (yauzl checks the
 * actual size against it). Entry names are only ever looked up, never used as paths on disk.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { refused } from './errors';

export type ZipLimits = {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Largest inflated/compressed ratio accepted for entries over 1 MB (text compresses ~10×, never ~1000×). */
  maxRatio: number;
};

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 200_000,
  maxEntryBytes: 4 * 1024 ** 3,
  maxTotalBytes: 16 * 1024 ** 3,
  maxRatio: 200,
};

const ZIP_MAGIC = [0x50, 0x4b];

/** Whether `head` (the first bytes of a file) looks like a zip archive. */
export function looksLikeZip(head: Uint8Array): boolean {
  return (
    head[0] === ZIP_MAGIC[0] &&
    head[1] === ZIP_MAGIC[1] &&
    (head[2] === 3 || head[2] === 5) &&
    (head[3] === 4 || head[3] === 6)
  );
}

function unsafeName(name: string): string | null {
  // eslint-disable-next-line no-control-regex -- control characters in a file name are refused
  if (/[\u0000-\u001f\\]/.test(name)) return 'has control characters or backslashes in its name';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'has an absolute path';
  if (name.split('/').some((part) => part === '..')) return 'climbs out of the archive (..)';
  if (name.length > 1024) return 'has a name longer than 1024 characters';
  return null;
}

export class ZipArchive {
  private constructor(
    private readonly zip: ZipFile,
    readonly entries: ReadonlyMap<string, Entry>,
  ) {}

  static async open(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipArchive> {
    const zip = await new Promise<ZipFile>((resolve, reject) => {
      yauzl.open(
        path,
        { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true },
        (error, file) =>
          error ? reject(refused(`the zip file is damaged (${error.message}).`)) : resolve(file),
      );
    });
    try {
      if (zip.entryCount > limits.maxEntries) {
        throw refused(
          `the zip file holds ${zip.entryCount} files; Modeldesk reads at most ${limits.maxEntries}.`,
        );
      }
      const entries = new Map<string, Entry>();
      let total = 0;
      await new Promise<void>((resolve, reject) => {
        zip.on('error', (error: Error) => {
          // yauzl checks names itself (strictFileNames): say what that means.
          const name = /^(?:invalid relative path|absolute path|invalid characters in fileName): (.*)$/s.exec(
            error.message,
          );
          if (name)
            reject(
              refused(
                `a file in the zip climbs out of the archive or has an unsafe name: ${JSON.stringify(name[1]!.slice(0, 200))}.`,
              ),
            );
          else reject(refused(`the zip file is damaged or unsafe (${error.message}).`));
        });
        zip.on('end', () => resolve());
        zip.on('entry', (entry: Entry) => {
          const problem = unsafeName(entry.fileName);
          if (problem)
            return reject(
              refused(`a file in the zip ${problem}: ${JSON.stringify(entry.fileName.slice(0, 200))}.`),
            );
          if (entry.isEncrypted()) return reject(refused(`${entry.fileName} in the zip is encrypted.`));
          if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
            return reject(
              refused(`${entry.fileName} in the zip uses a compression Modeldesk does not read.`),
            );
          }
          if (entry.uncompressedSize > limits.maxEntryBytes) {
            return reject(
              refused(`${entry.fileName} in the zip is too large (${entry.uncompressedSize} bytes).`),
            );
          }
          if (
            entry.compressionMethod === 8 &&
            entry.uncompressedSize > 1024 * 1024 &&
            entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)
          ) {
            return reject(
              refused(
                `${entry.fileName} in the zip expands ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times: it looks like a zip bomb.`,
              ),
            );
          }
          total += entry.uncompressedSize;
          if (total > limits.maxTotalBytes)
            return reject(refused('the zip file expands to more than Modeldesk reads.'));
          if (entries.has(entry.fileName))
            return reject(refused(`${entry.fileName} appears twice in the zip.`));
          if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, entry);
          zip.readEntry();
        });
        zip.readEntry();
      });
      return new ZipArchive(zip, entries);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  private async stream(name: string): Promise<{ entry: Entry; stream: Readable }> {
    const entry = this.entries.get(name);
    if (!entry) throw refused(`${name} is missing from the zip file.`);
    const stream = await new Promise<Readable>((resolve, reject) =>
      this.zip.openReadStream(entry, (error, s) =>
        error ? reject(refused(`${name} in the zip cannot be read (${error.message}).`)) : resolve(s),
      ),
    );
    return { entry, stream };
  }

  /** The whole entry in memory, refused past `maxBytes`. */
  async read(name: string, maxBytes: number): Promise<Buffer> {
    const entry = this.entries.get(name);
    if (entry && entry.uncompressedSize > maxBytes) {
      throw refused(`${name} in the zip is ${entry.uncompressedSize} bytes; at most ${maxBytes} are read.`);
    }
    const { stream } = await this.stream(name);
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of stream) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) throw refused(`${name} in the zip is larger than it says.`);
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      stream.destroy();
      throw error instanceof Error && error.name === 'TransferError'
        ? error
        : refused(`${name} in the zip is damaged (${(error as Error).message}).`);
    }
    return Buffer.concat(chunks);
  }

  /** Streams an entry into `path` (a name main chose), returning its size and sha256. */
  async extract(
    name: string,
    path: string,
    signal?: AbortSignal,
  ): Promise<{ bytes: number; sha256: string }> {
    const { stream } = await this.stream(name);
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = async function* (source: Readable) {
      for await (const chunk of source) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    };
    try {
      await pipeline(stream, tap, createWriteStream(path, { mode: 0o600 }), { signal });
    } catch (error) {
      rmSync(path, { force: true });
      if (signal?.aborted) throw error;
      throw refused(`${name} in the zip is damaged (${(error as Error).message}).`);
    }
    return { bytes, sha256: hash.digest('hex') };
  }

  /** The sha256 of an entry, read through without keeping it. */
  async checksum(name: string, signal?: AbortSignal): Promise<{ bytes: number; sha256: string }> {
    const { stream } = await this.stream(name);
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      for await (const chunk of stream) {
        if (signal?.aborted) break;
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
      }
    } catch (error) {
      throw refused(`${name} in the zip is damaged (${(error as Error).message}).`);
    } finally {
      stream.destroy();
    }
    return { bytes, sha256: hash.digest('hex') };
  }

  close(): void {
    this.zip.close();
  }
}
