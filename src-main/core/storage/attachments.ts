/**
 * Images, stored once by content: the file is `attachments/<first two hex digits>/<sha256>` under the data
 * directory, written atomically, and a row in `attachments` holds its media type, dimensions, size and the
 * first name it came with. Messages (and batch items) refer to it by hash, so the same image dropped into ten
 * conversations is stored once, and no JSON ever carries base64.
 *
 * Garbage collection removes images no message or batch item refers to, once they are older than a grace
 * period (the composer stores an image when it is dropped, before the message is sent). Other areas declare
 * what refers to images with `addReferenceQuery`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Attachment } from '@contract/conversations';
import { writeFileAtomic } from './atomic-file';
import type { Database, Migration } from './database';
import { StorageError } from './errors';
import { checkImage, DEFAULT_IMAGE_LIMITS, type ImageLimits } from './image-validation';

export const ATTACHMENTS_AREA = 'attachments';
const HASH = /^[a-f0-9]{64}$/;
export const DEFAULT_ATTACHMENT_GRACE_MS = 24 * 60 * 60 * 1000;

const migrations: Migration[] = [
  {
    version: 1,
    up: `
CREATE TABLE attachments (
  hash TEXT PRIMARY KEY,
  media_type TEXT NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  name TEXT,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX attachments_by_age ON attachments (created_at);
`,
  },
];

export type AttachmentRow = {
  hash: string;
  media_type: Attachment['mediaType'];
  width: number;
  height: number;
  bytes: number;
  name: string | null;
};

export function attachmentFromRow(row: AttachmentRow): Attachment {
  const attachment: Attachment = {
    hash: row.hash,
    mediaType: row.media_type,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
  };
  if (row.name !== null) attachment.name = row.name;
  return attachment;
}

export type AttachmentStoreOptions = {
  /** The folder holding the image files (`dataPaths(dataDir).attachments`). */
  dir: string;
  now?: () => number;
  limits?: Partial<ImageLimits>;
};

export type AttachmentFile = { path: string; mediaType: Attachment['mediaType']; bytes: number };
export type GarbageReport = { removed: number; bytesFreed: number };

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export class AttachmentStore {
  readonly dir: string;
  private readonly db: Database;
  private readonly now: () => number;
  private readonly limits: ImageLimits;
  private readonly referenceQueries = new Set<string>();

  constructor(db: Database, options: AttachmentStoreOptions) {
    this.db = db;
    this.dir = options.dir;
    this.now = options.now ?? Date.now;
    this.limits = { ...DEFAULT_IMAGE_LIMITS, ...options.limits };
    db.migrate(ATTACHMENTS_AREA, migrations);
  }

  /** Where the bytes of `hash` live (whether or not they are stored). */
  filePath(hash: string): string {
    if (!HASH.test(hash)) throw new StorageError('bad_request', 'That is not an image reference.');
    return join(this.dir, hash.slice(0, 2), hash);
  }

  /** Checks and stores an image; the same bytes added twice are stored once (the first name is kept). */
  add(input: { bytes: Uint8Array; name?: string }): Attachment {
    const checked = checkImage(input.bytes, input.name, this.limits);
    const hash = sha256(input.bytes);
    const path = this.filePath(hash);
    if (!this.holdsIntactCopy(path, hash)) writeFileAtomic(path, input.bytes, { mode: 0o600 });
    this.db.run(
      `INSERT INTO attachments (hash, media_type, width, height, bytes, name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (hash) DO UPDATE SET created_at = max(created_at, excluded.created_at)`,
      hash,
      checked.mediaType,
      checked.width,
      checked.height,
      input.bytes.length,
      input.name ?? null,
      this.now(),
    );
    const stored = this.get(hash);
    if (!stored) throw new Error(`The image ${hash} was written but its record is missing.`);
    return stored;
  }

  private holdsIntactCopy(path: string, hash: string): boolean {
    try {
      return sha256(readFileSync(path)) === hash;
    } catch {
      return false;
    }
  }

  get(hash: string): Attachment | null {
    const row = this.db.get<AttachmentRow>(
      'SELECT hash, media_type, width, height, bytes, name FROM attachments WHERE hash = ?',
      hash,
    );
    return row ? attachmentFromRow(row) : null;
  }

  /** The stored records of `hashes`, in the same order; refuses (saying which) when one is not stored. */
  require(hashes: readonly string[]): Attachment[] {
    if (hashes.length === 0) return [];
    const rows = this.db.all<AttachmentRow>(
      'SELECT hash, media_type, width, height, bytes, name FROM attachments WHERE hash IN (SELECT value FROM json_each(?))',
      JSON.stringify(hashes),
    );
    const byHash = new Map(rows.map((r) => [r.hash, attachmentFromRow(r)]));
    return hashes.map((hash) => {
      const found = byHash.get(hash);
      if (!found) {
        throw new StorageError(
          'not_found',
          `An attached image (${hash.slice(0, 8)}…) is no longer stored.`,
          'Remove it from the message and attach it again.',
        );
      }
      return found;
    });
  }

  /** The file the host serves for `hash`, or null when there is none. */
  file(hash: string): AttachmentFile | null {
    if (!HASH.test(hash)) return null;
    const attachment = this.get(hash);
    if (!attachment || !existsSync(this.filePath(hash))) return null;
    return { path: this.filePath(hash), mediaType: attachment.mediaType, bytes: attachment.bytes };
  }

  /** The bytes of a stored image, checked against their hash (a damaged file is reported, never sent). */
  read(hash: string): { attachment: Attachment; bytes: Buffer } {
    const [attachment] = this.require([hash]);
    if (!attachment) throw new StorageError('not_found', 'That image is not stored.');
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.filePath(hash));
    } catch {
      throw new StorageError(
        'not_found',
        `The image ${attachment.name ? `"${attachment.name}"` : hash.slice(0, 8) + '…'} is missing from the data folder.`,
        'Attach it again.',
      );
    }
    if (sha256(bytes) !== hash) {
      throw new StorageError(
        'bad_request',
        `The stored copy of ${attachment.name ? `"${attachment.name}"` : 'an image'} is damaged.`,
        'Attach the image again.',
      );
    }
    return { attachment, bytes };
  }

  /**
   * Declares images in use: `sql` selects one column named `hash` (for example
   * `SELECT attachment_hash AS hash FROM batch_items`). Garbage collection keeps every hash any query returns.
   */
  addReferenceQuery(sql: string): void {
    this.referenceQueries.add(sql);
  }

  /**
   * Removes images no reference query returns and that were added more than `graceMs` ago, and stray files
   * (no record, or a temporary file left by a killed write) as old. Refuses to run before any area has declared
   * its references, since it would then see every image as unused.
   */
  collectGarbage(graceMs: number = DEFAULT_ATTACHMENT_GRACE_MS): GarbageReport {
    if (this.referenceQueries.size === 0) {
      throw new Error(
        'Attachment garbage collection needs the reference queries of conversations (and batches).',
      );
    }
    const cutoff = this.now() - graceMs;
    const used = [...this.referenceQueries].map((sql) => `SELECT hash FROM (${sql})`).join(' UNION ');
    const unused = this.db.transaction(() => {
      const rows = this.db.all<{ hash: string; bytes: number }>(
        `SELECT hash, bytes FROM attachments WHERE created_at <= ? AND hash NOT IN (${used})`,
        cutoff,
      );
      this.db.run(
        `DELETE FROM attachments WHERE hash IN (SELECT value FROM json_each(?))`,
        JSON.stringify(rows.map((r) => r.hash)),
      );
      return rows;
    });
    let removed = 0;
    let bytesFreed = 0;
    for (const row of unused) {
      rmSync(this.filePath(row.hash), { force: true });
      removed++;
      bytesFreed += row.bytes;
    }
    const strays = this.removeStrayFiles(cutoff);
    return { removed: removed + strays.removed, bytesFreed: bytesFreed + strays.bytesFreed };
  }

  private removeStrayFiles(cutoff: number): GarbageReport {
    const report: GarbageReport = { removed: 0, bytesFreed: 0 };
    if (!existsSync(this.dir)) return report;
    const known = this.db.statement('SELECT 1 FROM attachments WHERE hash = ?');
    for (const bucket of readdirSync(this.dir)) {
      if (!/^[a-f0-9]{2}$/.test(bucket)) continue;
      for (const name of readdirSync(join(this.dir, bucket))) {
        const path = join(this.dir, bucket, name);
        const stat = statSync(path);
        if (!stat.isFile() || stat.mtimeMs > cutoff) continue;
        const isRecorded = HASH.test(name) && known.get(name) !== undefined;
        if (isRecorded) continue;
        rmSync(path, { force: true });
        report.removed++;
        report.bytesFreed += stat.size;
      }
    }
    return report;
  }
}
