/**
 * Writing a backup while the app runs (the format: backup-format.ts). The database is copied with SQLite's
 * online backup API (`node:sqlite`'s `backup`, a few hundred pages per step, giving the event loop back between
 * steps): writes made meanwhile through the same connection are carried into the copy, so the copy is one
 * consistent moment. The images that copy refers to are then added (they are content-addressed and never change),
 * each checked against its hash; the configuration comes from the portable export, which holds no keys.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, rmSync, statSync } from 'node:fs';
import type { DatabaseSync as DatabaseSyncType } from 'node:sqlite';
import type { TransferResult } from '@contract/transfer';
import { exportConfig } from '../config/index';
import type { AttachmentStore } from '../storage/attachments';
import type { Database } from '../storage/database';
import type { SettingsStore } from '../storage/settings';
import {
  BACKUP_CONFIG,
  BACKUP_DATABASE,
  BACKUP_KIND,
  BACKUP_VERSION,
  type BackupManifest,
} from './backup-format';
import type { JobContext } from './jobs';
import type { TransferStaging } from './staging';
import { ZipWriter } from './zip-write';

type Sqlite = {
  DatabaseSync: typeof DatabaseSyncType;
  backup?: (
    db: DatabaseSyncType,
    path: string,
    options?: { rate?: number; progress?: (p: { totalPages: number; remainingPages: number }) => void },
  ) => Promise<number>;
};

export function sqlite(): Sqlite {
  const mod = process.getBuiltinModule?.('node:sqlite') as Sqlite | undefined;
  if (!mod) throw new Error('This runtime has no built-in SQLite (node:sqlite).');
  return mod;
}

export type BackupDeps = {
  db: Database;
  attachments: AttachmentStore;
  settings: SettingsStore;
  staging: TransferStaging;
  appVersion: string;
  now?: () => number;
};

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Copies the live database to `path` as of one moment, in steps that yield. */
export async function snapshotDatabase(db: Database, path: string, ctx: JobContext): Promise<void> {
  const { backup } = sqlite();
  if (backup) {
    await backup(db.raw, path, {
      rate: 256,
      progress: ({ totalPages, remainingPages }) =>
        ctx.progress('Copying the database', totalPages - remainingPages, totalPages),
    });
    return;
  }
  // Older runtimes: one statement, still a consistent copy (it runs in a read transaction).
  db.raw.prepare('VACUUM INTO ?').run(path);
}

export async function runBackup(deps: BackupDeps, ctx: JobContext): Promise<TransferResult> {
  const now = new Date((deps.now ?? Date.now)());
  const dbCopy = deps.staging.scratch('backup-db');
  try {
    ctx.progress('Copying the database', 0, 0);
    await snapshotDatabase(deps.db, dbCopy, ctx);
    const copy = new (sqlite().DatabaseSync)(dbCopy, { readOnly: true });
    let counts: BackupManifest['counts'];
    let ledgerCostMicros: number;
    let attachmentRows: Array<{ hash: string; bytes: number }>;
    try {
      const count = (sql: string) => (copy.prepare(sql).get() as { n: number }).n;
      counts = {
        conversations: count('SELECT count(*) AS n FROM conversations WHERE deleted_at IS NULL'),
        messages: count(
          'SELECT count(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.deleted_at IS NULL',
        ),
        attachments: count('SELECT count(*) AS n FROM attachments'),
        ledgerRecords: count('SELECT count(*) AS n FROM ledger_records'),
      };
      ledgerCostMicros = count('SELECT coalesce(sum(cost_micros), 0) AS n FROM ledger_records');
      attachmentRows = copy
        .prepare('SELECT hash, bytes FROM attachments ORDER BY hash')
        .all() as typeof attachmentRows;
    } finally {
      copy.close();
    }

    const { artifactId, path } = deps.staging.createArtifact();
    const zip = new ZipWriter(path);
    const files: BackupManifest['files'] = {};
    ctx.progress('Checking the copy', 0, 0);
    files[BACKUP_DATABASE] = { bytes: statSync(dbCopy).size, sha256: await sha256File(dbCopy) };
    zip.addFile(BACKUP_DATABASE, dbCopy, true);
    const config = exportConfig(deps.settings.snapshot(), { appVersion: deps.appVersion }).content;
    files[BACKUP_CONFIG] = {
      bytes: Buffer.byteLength(config),
      sha256: createHash('sha256').update(config).digest('hex'),
    };
    zip.addText(BACKUP_CONFIG, config);

    const missing: string[] = [];
    for (const [i, row] of attachmentRows.entries()) {
      let bytes: Buffer | null = null;
      try {
        bytes = readFileSync(deps.attachments.filePath(row.hash));
      } catch {
        bytes = null;
      }
      if (!bytes || createHash('sha256').update(bytes).digest('hex') !== row.hash) missing.push(row.hash);
      else {
        files[`attachments/${row.hash}`] = { bytes: bytes.length, sha256: row.hash };
        zip.addBytes(`attachments/${row.hash}`, bytes);
      }
      ctx.progress('Adding images', i + 1, attachmentRows.length);
      await ctx.tick();
    }
    const manifest: BackupManifest = {
      kind: BACKUP_KIND,
      version: BACKUP_VERSION,
      createdAt: now.toISOString(),
      createdBy: `Modeldesk ${deps.appVersion}`,
      counts,
      ledgerCostMicros,
      missingAttachments: missing,
      files,
    };
    zip.addText('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
    ctx.progress('Writing the backup', 0, 0);
    await zip.finish();
    const artifact = deps.staging.finishArtifact(
      artifactId,
      path,
      `modeldesk-backup-${now.toISOString().slice(0, 10)}.zip`,
      'application/zip',
    );
    const lost =
      missing.length > 0
        ? ` ${missing.length} images were missing or damaged in the data folder and are not in it.`
        : '';
    return {
      type: 'artifact',
      artifact,
      summary: `Backed up ${counts.conversations} conversations, ${counts.attachments - missing.length} images, ${counts.ledgerRecords} ledger records and the configuration (no keys).${lost}`,
    };
  } finally {
    rmSync(dbCopy, { force: true });
  }
}
