import { z } from 'zod';
import { ErrorInfoSchema } from './usage';

/**
 * Conversations that travel: export, import and backup. Files never cross the bridge as bytes: the web host takes
 * uploads and serves downloads over HTTP (guarded by the run's secret) and the Electron shell reads and writes
 * files chosen in its own dialogs; the bridge carries only ids of files main holds (`uploadId`, `artifactId`) and
 * jobs that report progress as `transfer.progress` events and can be cancelled.
 */

/** Ids main made up for an upload, an artifact or a job: short and plain, never a path. */
export const TransferIdSchema = z
  .string()
  .regex(/^[a-z]{2,8}-[a-f0-9-]{8,64}$/, 'is not an id Modeldesk gave out');

const ConversationId = z.string().min(1).max(200);
/** How many conversations one export may name (a list export of everything is one call). */
export const MAX_EXPORT_CONVERSATIONS = 20_000;

export const ExportRequestSchema = z
  .object({
    conversationIds: z.array(ConversationId).min(1).max(MAX_EXPORT_CONVERSATIONS),
    format: z.enum(['markdown', 'json']),
    /** Images as files beside the text (a .zip) or embedded in it (data: URLs in Markdown, base64 in JSON). */
    images: z.enum(['files', 'embedded']).default('files'),
    /** Markdown only: a footer with each answer's tokens and cost, and the total. */
    costs: z.boolean().default(false),
  })
  .strict();
export type ExportRequest = z.input<typeof ExportRequestSchema>;

export const ImportFormatSchema = z.enum(['chatgpt', 'chatbox', 'modeldesk', 'modeldesk-backup']);
export type ImportFormat = z.infer<typeof ImportFormatSchema>;

export const ImportPreviewSchema = z.object({
  uploadId: TransferIdSchema,
  format: ImportFormatSchema,
  /** What the file is, in words: "ChatGPT data export", "Chatbox exported data (version 14)"… */
  formatLabel: z.string(),
  conversations: z.number().int().nonnegative(),
  messages: z.number().int().nonnegative(),
  images: z.number().int().nonnegative(),
  /** Already imported from the same source with the same content: skipped. */
  duplicates: z.number().int().nonnegative(),
  /** Imported before, changed since in the source: imported again as new conversations. */
  changed: z.number().int().nonnegative(),
  /** What will be left out, each said once with a count: "3 hidden system messages", "2 images not in the file". */
  notes: z.array(z.string()),
  /** The first conversations that would be imported (title, messages, models), for the person to recognise. */
  sample: z.array(
    z.object({
      title: z.string(),
      messages: z.number().int(),
      models: z.array(z.string()),
      duplicate: z.boolean(),
      createdAt: z.number(),
    }),
  ),
  /** Backups only. */
  backup: z
    .object({
      createdAt: z.string(),
      createdBy: z.string(),
      ledgerRecords: z.number().int(),
      ledgerCostMicros: z.number().int(),
      attachments: z.number().int(),
      hasConfig: z.boolean(),
      /** Whether this data folder is empty (a full restore is offered only then). */
      targetEmpty: z.boolean(),
    })
    .optional(),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const ArtifactSchema = z.object({
  artifactId: TransferIdSchema,
  filename: z.string(),
  mediaType: z.string(),
  bytes: z.number().int().nonnegative(),
});
export type Artifact = z.infer<typeof ArtifactSchema>;

export const TransferResultSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('artifact'), artifact: ArtifactSchema, summary: z.string() }),
  z.object({ type: z.literal('preview'), preview: ImportPreviewSchema }),
  z.object({
    type: z.literal('imported'),
    imported: z.number().int(),
    skipped: z.number().int(),
    conversationIds: z.array(z.string()),
    summary: z.string(),
  }),
  z.object({
    type: z.literal('restored'),
    conversations: z.number().int(),
    skipped: z.number().int(),
    ledgerRecords: z.number().int(),
    attachments: z.number().int(),
    configApplied: z.boolean(),
    summary: z.string(),
  }),
]);
export type TransferResult = z.infer<typeof TransferResultSchema>;

export const TransferJobSchema = z.object({
  jobId: TransferIdSchema,
  kind: z.enum(['export', 'inspect', 'import', 'backup', 'restore']),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  /** What it is doing now, in words: "Reading conversations.json", "Writing attachments"… */
  phase: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  startedAt: z.number(),
  result: TransferResultSchema.optional(),
  error: ErrorInfoSchema.optional(),
});
export type TransferJob = z.infer<typeof TransferJobSchema>;

export const UploadInfoSchema = z.object({
  uploadId: TransferIdSchema,
  name: z.string(),
  bytes: z.number().int().nonnegative(),
});
export type UploadInfo = z.infer<typeof UploadInfoSchema>;

/** The web host's upload and download endpoints (same origin; the secret goes in a header or the query). */
export const TRANSFER_HTTP = {
  uploads: '/transfer/uploads',
  artifacts: '/transfer/artifacts/',
  secretHeader: 'x-modeldesk-secret',
  nameHeader: 'x-modeldesk-filename',
} as const;
