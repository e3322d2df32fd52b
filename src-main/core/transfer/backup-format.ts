/**
 * The backup file: a zip with
 * - `manifest.json`: kind `modeldesk-backup`, version, when and by what it was made, counts, the ledger's total,
 *   and every other file of the archive with its size and sha256;
 * - `modeldesk.db`: a consistent copy of the SQLite database (conversations, messages, ledger, batch jobs), made
 *   with SQLite's online backup API while the app runs;
 * - `config.json`: the portable configuration (settings, providers, models, profiles, budgets; never keys);
 * - `attachments/<sha256>`: every stored image, named by its own hash.
 * Why a zip: its central directory lists every entry with its sizes before anything is read, so the manifest and
 * the entries can be checked (names, sizes, checksums) before a byte is restored; images are stored as they are
 * and the database deflated; and any archive tool can open it.
 */
import { z } from 'zod';

export const BACKUP_KIND = 'modeldesk-backup';
export const BACKUP_VERSION = 1;
export const BACKUP_DATABASE = 'modeldesk.db';
export const BACKUP_CONFIG = 'config.json';
export const BACKUP_ATTACHMENT = /^attachments\/([a-f0-9]{64})$/;

const Count = z.number().int().nonnegative().max(1e12);

export const BackupManifestSchema = z
  .object({
    kind: z.literal(BACKUP_KIND),
    version: z.number().int().min(1).max(BACKUP_VERSION),
    createdAt: z.string().max(100),
    createdBy: z.string().max(200),
    counts: z.object({
      conversations: Count,
      messages: Count,
      attachments: Count,
      ledgerRecords: Count,
    }),
    ledgerCostMicros: z.number().int().nonnegative().max(9e15),
    /** Images the database refers to that could not be copied (missing or damaged in the data folder). */
    missingAttachments: z
      .array(z.string().regex(/^[a-f0-9]{64}$/))
      .max(1_000_000)
      .default([]),
    files: z.record(
      z.string().max(200),
      z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[a-f0-9]{64}$/) }),
    ),
  })
  .strict();
export type BackupManifest = z.infer<typeof BackupManifestSchema>;
