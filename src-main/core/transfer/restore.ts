/**
 * Restoring a backup. First the whole file is checked, changing nothing: the manifest (kind, a version this app
 * reads), that the archive holds exactly the files the manifest lists at the sizes it lists, every file's sha256
 * (images: their name is their hash), the database copy's `PRAGMA integrity_check` and schema versions (a backup
 * from a newer Modeldesk is refused), and the configuration (as a dry-run import). Only then is anything written.
 *
 * Two ways in:
 * - `replace`, into an empty data folder (no conversation, no ledger record): everything, configuration included;
 * - `merge`, into a folder in use: the conversations, images and ledger records that are not here yet (by id),
 *   keeping this folder's configuration.
 * The backup's database is opened with the app's own stores (so an older backup is migrated as the app's own
 * database would be) and its rows are written through the same paths as imports, in slices that yield. Ledger
 * records keep their ids, times and price snapshots, so every cost is what it was, to the micro-dollar.
 */
import { rmSync } from 'node:fs';
import type { ImportPreview, TransferResult } from '@contract/transfer';
import { importConfig } from '../config/index';
import type { Ledger, LedgerEntry } from '../ledger/ledger';
import { Ledger as LedgerStore } from '../ledger/ledger';
import { AttachmentStore } from '../storage/attachments';
import { insertConversation, type MessageToInsert } from '../storage/conversation-insert';
import { ConversationStore } from '../storage/conversations';
import { Database } from '../storage/database';
import type { SettingsStore } from '../storage/settings';
import { StorageError } from '../storage/errors';
import {
  BACKUP_ATTACHMENT,
  BACKUP_CONFIG,
  BACKUP_DATABASE,
  BACKUP_KIND,
  BACKUP_VERSION,
  BackupManifestSchema,
  type BackupManifest,
} from './backup-format';
import { sqlite } from './backup';
import { refused, TransferError } from './errors';
import type { JobContext } from './jobs';
import { BACKUP_MANIFEST } from './source-file';
import type { TransferStaging } from './staging';
import type { ZipArchive } from './zip-read';

export type RestoreDeps = {
  db: Database;
  attachments: AttachmentStore;
  ledger: Ledger;
  settings: SettingsStore;
  staging: TransferStaging;
  isKnownModel: (id: string) => boolean;
  onWritten?: (ids: string[]) => void;
};

export type CheckedBackup = {
  manifest: BackupManifest;
  /** The database copy, extracted and checked (removed by `discard`). */
  databasePath: string;
  config: string | null;
  discard(): void;
};

const NOT_A_BACKUP = 'Choose a file made with Settings → Backup and restore → Back up.';

/** Checks the whole backup; returns the extracted database and the manifest. Changes nothing. */
export async function checkBackup(
  zip: ZipArchive,
  deps: RestoreDeps,
  ctx: JobContext,
): Promise<CheckedBackup> {
  ctx.progress('Checking the backup', 0, 0);
  let manifest: BackupManifest;
  try {
    const raw = JSON.parse((await zip.read(BACKUP_MANIFEST, 4 * 1024 * 1024)).toString('utf8')) as {
      kind?: unknown;
      version?: unknown;
    };
    if (raw.kind !== BACKUP_KIND)
      throw refused('its manifest is not a Modeldesk backup manifest.', NOT_A_BACKUP);
    if (typeof raw.version === 'number' && raw.version > BACKUP_VERSION) {
      throw refused(
        `the backup was made by a newer Modeldesk (format ${raw.version}).`,
        'Update Modeldesk, then restore it.',
      );
    }
    const parsed = BackupManifestSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw refused(
        `its manifest is not valid (${issue?.path.join('.') || 'manifest'}: ${issue?.message}).`,
        NOT_A_BACKUP,
      );
    }
    manifest = parsed.data;
  } catch (error) {
    if (error instanceof TransferError) throw error;
    throw refused(`its manifest is not valid JSON (${(error as Error).message}).`, NOT_A_BACKUP);
  }
  const listed = new Set(Object.keys(manifest.files));
  for (const name of zip.names()) {
    if (name === BACKUP_MANIFEST) continue;
    if (!listed.has(name))
      throw refused(`it holds a file its manifest does not list: ${JSON.stringify(name.slice(0, 200))}.`);
  }
  for (const [name, file] of Object.entries(manifest.files)) {
    const entry = zip.entries.get(name);
    if (!entry) throw refused(`${name} is listed in its manifest but missing from the file.`);
    if (entry.uncompressedSize !== file.bytes) throw refused(`${name} is not the size its manifest says.`);
    if (name !== BACKUP_DATABASE && name !== BACKUP_CONFIG && !BACKUP_ATTACHMENT.test(name)) {
      throw refused(`it holds a file Modeldesk backups never have: ${JSON.stringify(name.slice(0, 200))}.`);
    }
  }
  if (!manifest.files[BACKUP_DATABASE]) throw refused('it has no database.', NOT_A_BACKUP);

  const databasePath = deps.staging.scratch('restore-db');
  const discard = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true });
  };
  try {
    ctx.progress('Checking the database', 0, 0);
    const extracted = await zip.extract(BACKUP_DATABASE, databasePath, ctx.signal);
    if (extracted.sha256 !== manifest.files[BACKUP_DATABASE].sha256) {
      throw refused('its database does not match its checksum (the file is damaged or was changed).');
    }
    const names = Object.keys(manifest.files).filter((n) => BACKUP_ATTACHMENT.test(n));
    for (const [i, name] of names.entries()) {
      const sum = await zip.checksum(name, ctx.signal);
      if (sum.sha256 !== manifest.files[name]!.sha256 || sum.sha256 !== BACKUP_ATTACHMENT.exec(name)![1]) {
        throw refused(
          `the image ${name.slice(12, 24)}… does not match its checksum (the file is damaged or was changed).`,
        );
      }
      ctx.progress('Checking images', i + 1, names.length);
      await ctx.tick();
    }
    let config: string | null = null;
    if (manifest.files[BACKUP_CONFIG]) {
      const bytes = await zip.read(BACKUP_CONFIG, 20 * 1024 * 1024);
      const sum = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
      if (sum !== manifest.files[BACKUP_CONFIG].sha256)
        throw refused('its configuration does not match its checksum.');
      config = bytes.toString('utf8');
      const check = importConfig(deps.settings, config, { dryRun: true, isKnownModel: deps.isKnownModel });
      if (!check.ok) {
        const problems = check.problems
          .slice(0, 3)
          .map((p) => `${p.path} ${p.message}`)
          .join('; ');
        throw refused(`its configuration has problems: ${problems}`);
      }
    }
    checkDatabase(databasePath, deps.db);
    return { manifest, databasePath, config, discard };
  } catch (error) {
    discard();
    throw error;
  }
}

/** The copy must be a sound SQLite database whose areas this app knows at versions it can migrate from. */
function checkDatabase(path: string, live: Database): void {
  const { DatabaseSync } = sqlite();
  let copy;
  try {
    copy = new DatabaseSync(path, { readOnly: true });
  } catch (error) {
    throw refused(`its database cannot be opened (${(error as Error).message}).`);
  }
  try {
    const verdict = (
      copy.prepare('PRAGMA integrity_check(3)').all() as Array<{ integrity_check: string }>
    ).map((r) => r.integrity_check);
    if (verdict.length !== 1 || verdict[0] !== 'ok')
      throw refused(`its database is damaged (${verdict.join('; ')}).`);
    const areas = copy.prepare('SELECT area, version FROM schema_versions').all() as Array<{
      area: string;
      version: number;
    }>;
    const known = new Map(
      live
        .all<{ area: string; version: number }>('SELECT area, version FROM schema_versions')
        .map((r) => [r.area, r.version]),
    );
    for (const { area, version } of areas) {
      const ours = known.get(area);
      if (ours !== undefined && version > ours) {
        throw refused(
          `it was made by a newer Modeldesk (its ${area} data is at version ${version}, this app reads up to ${ours}).`,
          'Update Modeldesk, then restore it.',
        );
      }
    }
    for (const table of ['conversations', 'messages', 'attachments', 'ledger_records']) {
      const found = copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
      if (!found) throw refused(`its database has no ${table} table.`);
    }
  } catch (error) {
    if (error instanceof TransferError) throw error;
    throw refused(`its database cannot be read (${(error as Error).message}).`);
  } finally {
    copy.close();
  }
}

/** Whether this data folder holds nothing a restore could collide with. */
export function isEmptyTarget(db: Database): boolean {
  const conversations = db.get<{ n: number }>('SELECT count(*) AS n FROM conversations')?.n ?? 0;
  const records = db.get<{ n: number }>('SELECT count(*) AS n FROM ledger_records')?.n ?? 0;
  return conversations === 0 && records === 0;
}

export function backupPreview(uploadId: string, checked: CheckedBackup, db: Database): ImportPreview {
  const { manifest } = checked;
  const notes: string[] = [];
  if (manifest.missingAttachments.length > 0)
    notes.push(`${manifest.missingAttachments.length} × image missing from the backup`);
  return {
    uploadId,
    format: 'modeldesk-backup',
    formatLabel: `Modeldesk backup (format version ${manifest.version})`,
    conversations: manifest.counts.conversations,
    messages: manifest.counts.messages,
    images: manifest.counts.attachments - manifest.missingAttachments.length,
    duplicates: 0,
    changed: 0,
    notes,
    sample: [],
    backup: {
      createdAt: manifest.createdAt,
      createdBy: manifest.createdBy,
      ledgerRecords: manifest.counts.ledgerRecords,
      ledgerCostMicros: manifest.ledgerCostMicros,
      attachments: manifest.counts.attachments,
      hasConfig: checked.config !== null,
      targetEmpty: isEmptyTarget(db),
    },
  };
}

const CONVERSATIONS_PER_WRITE = 50;
const RECORDS_PER_WRITE = 2000;

export async function applyBackup(
  zip: ZipArchive,
  checked: CheckedBackup,
  mode: 'replace' | 'merge',
  deps: RestoreDeps,
  ctx: JobContext,
): Promise<TransferResult> {
  if (mode === 'replace' && !isEmptyTarget(deps.db)) {
    throw new TransferError(
      'bad_request',
      'Nothing was restored: this data folder already has conversations or ledger records, and a full restore needs an empty one.',
      'Choose "Merge" to add what is not here yet, or start Modeldesk with an empty data folder (--data-dir) and restore there.',
    );
  }
  const scratchAttachments = deps.staging.scratch('restore-images');
  const source = new Database(checked.databasePath);
  try {
    const sourceAttachments = new AttachmentStore(source, { dir: scratchAttachments });
    const sourceConversations = new ConversationStore(source, { attachments: sourceAttachments });
    const sourceLedger = new LedgerStore(source);

    // Images first: content-addressed, so writing one twice is harmless.
    const hashes = source.all<{ hash: string; name: string | null }>('SELECT hash, name FROM attachments');
    const stored = new Set<string>();
    for (const [i, { hash, name }] of hashes.entries()) {
      const entry = `attachments/${hash}`;
      if (zip.entries.has(entry)) {
        try {
          const bytes = await zip.read(entry, 64 * 1024 * 1024);
          deps.attachments.add({ bytes, ...(name ? { name } : {}) });
          stored.add(hash);
        } catch (error) {
          if (!(error instanceof StorageError)) throw error;
        }
      } else if (deps.attachments.get(hash)) stored.add(hash);
      ctx.progress('Restoring images', i + 1, hashes.length);
      await ctx.tick();
    }

    const ids = source
      .all<{ id: string }>('SELECT id FROM conversations WHERE deleted_at IS NULL ORDER BY rid')
      .map((r) => r.id);
    const exists = (id: string) =>
      deps.db.get('SELECT 1 AS x FROM conversations WHERE id = ?', id) !== undefined;
    const hasSources =
      source.get("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'transfer_sources'") !==
      undefined;
    let restored = 0;
    let skipped = 0;
    for (let i = 0; i < ids.length; i += CONVERSATIONS_PER_WRITE) {
      const slice = ids.slice(i, i + CONVERSATIONS_PER_WRITE);
      const written = deps.db.transaction(() => {
        const done: string[] = [];
        for (const id of slice) {
          if (exists(id)) {
            skipped++;
            continue;
          }
          const found = sourceConversations.get(id);
          if (!found) continue;
          const { conversation, messages } = found;
          insertConversation(
            deps.db,
            {
              id,
              title: conversation.title,
              createdAt: conversation.createdAt,
              updatedAt: conversation.updatedAt,
              ...(conversation.profileId !== undefined ? { profileId: conversation.profileId } : {}),
              ...(conversation.model !== undefined ? { model: conversation.model } : {}),
              ...(conversation.draft !== undefined ? { draft: conversation.draft } : {}),
            },
            messages.map((m): MessageToInsert => {
              const { conversationId: _c, attachments, ...rest } = m;
              return {
                ...rest,
                costMicros: m.costMicros,
                attachmentHashes: attachments.map((a) => a.hash).filter((h) => stored.has(h)),
              };
            }),
          );
          if (hasSources) {
            for (const row of source.all<{ source_key: string; content_hash: string; imported_at: number }>(
              'SELECT source_key, content_hash, imported_at FROM transfer_sources WHERE conversation_id = ?',
              id,
            )) {
              deps.db.run(
                'INSERT OR IGNORE INTO transfer_sources (source_key, conversation_id, content_hash, imported_at) VALUES (?, ?, ?, ?)',
                row.source_key,
                id,
                row.content_hash,
                row.imported_at,
              );
            }
          }
          done.push(id);
        }
        return done;
      });
      restored += written.length;
      if (written.length > 0) deps.onWritten?.(written);
      ctx.progress('Restoring conversations', Math.min(ids.length, i + slice.length), ids.length);
      await ctx.tick();
    }

    const total = sourceLedger.count();
    let records = 0;
    let batch: LedgerEntry[] = [];
    let seen = 0;
    const flush = () => {
      if (batch.length > 0) deps.ledger.appendMany(batch);
      records += batch.length;
      batch = [];
    };
    for (const record of sourceLedger.all()) {
      seen++;
      if (deps.db.get('SELECT 1 AS x FROM ledger_records WHERE id = ?', record.id) !== undefined) continue;
      const { costMicros: _cost, ...entry } = record;
      batch.push(entry);
      if (batch.length >= RECORDS_PER_WRITE) {
        flush();
        ctx.progress('Restoring the ledger', seen, total);
        await ctx.tick();
      }
    }
    flush();
    ctx.progress('Restoring the ledger', total, total);

    let configApplied = false;
    if (mode === 'replace' && checked.config !== null) {
      const result = importConfig(deps.settings, checked.config, { isKnownModel: deps.isKnownModel });
      if (!result.ok)
        throw new TransferError(
          'server',
          `The conversations and ledger were restored, but the configuration was not: ${result.summary}`,
        );
      configApplied = true;
    }
    const parts = [
      `${restored} ${restored === 1 ? 'conversation' : 'conversations'}`,
      `${stored.size} ${stored.size === 1 ? 'image' : 'images'}`,
      `${records} ledger ${records === 1 ? 'record' : 'records'}`,
    ];
    return {
      type: 'restored',
      conversations: restored,
      skipped,
      ledgerRecords: records,
      attachments: stored.size,
      configApplied,
      summary:
        `Restored ${parts.join(', ')}${configApplied ? ' and the configuration' : ''}.` +
        (skipped > 0 ? ` ${skipped} conversations were here already and were kept as they are.` : '') +
        (mode === 'merge'
          ? ' This folder kept its own configuration.'
          : ' Keys are never in a backup: add them in Settings → Providers.'),
    };
  } finally {
    source.close();
    rmSync(scratchAttachments, { recursive: true, force: true });
  }
}
