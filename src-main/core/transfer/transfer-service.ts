/**
 * The transfer service: the bridge's `transfer.*` calls. Each starts a job (jobs.ts) and returns it at once;
 * progress arrives as `transfer.progress` events. Files reach it only as ids of what the staging folder holds:
 * uploads (web host: HTTP; desktop: the shell's open dialog) and artifacts (web host: a download; desktop: the
 * shell's save dialog). Imports and restores run one at a time.
 */
import { copyFileSync } from 'node:fs';
import type { ExportRequest, TransferJob, UploadInfo } from '@contract/transfer';
import type { Ledger } from '../ledger/ledger';
import type { AttachmentStore } from '../storage/attachments';
import type { ConversationStore } from '../storage/conversations';
import type { Database } from '../storage/database';
import type { SettingsStore } from '../storage/settings';
import { runBackup } from './backup';
import { refused, TransferError } from './errors';
import { runExport } from './export-job';
import { ConversationImporter } from './import-job';
import { TransferJobs, type JobContext } from './jobs';
import { applyBackup, backupPreview, checkBackup } from './restore';
import { openSource } from './source-file';
import type { StagedArtifact, TransferStaging } from './staging';

/** What the host can do with files itself (Electron's dialogs); absent in the web host, which uses HTTP. */
export type FileDialogs = {
  chooseFile(purpose: 'import' | 'restore'): Promise<{ path: string; name: string } | null>;
  chooseSavePath(suggestedName: string): Promise<string | null>;
};

export type TransferServiceDeps = {
  db: Database;
  conversations: ConversationStore;
  attachments: AttachmentStore;
  ledger: Ledger;
  settings: SettingsStore;
  staging: TransferStaging;
  appVersion: string;
  modelName: (ref: string) => string;
  isKnownModel: (id: string) => boolean;
  emit: (job: TransferJob) => void;
  conversationsChanged: (ids: string[]) => void;
  dialogs?: FileDialogs;
  onError?: (error: unknown) => void;
};

const WRITERS = ['import', 'restore'] as const;

export class TransferService {
  readonly jobs: TransferJobs;
  private readonly importer: ConversationImporter;

  constructor(private readonly deps: TransferServiceDeps) {
    this.jobs = new TransferJobs(deps.emit, { onError: deps.onError });
    this.importer = new ConversationImporter({
      db: deps.db,
      attachments: deps.attachments,
      onWritten: (ids) => deps.conversationsChanged(ids),
    });
  }

  exportConversations(request: Required<ExportRequest>): TransferJob {
    return this.jobs.start('export', (ctx) =>
      runExport(request, { ...this.deps, modelName: this.deps.modelName }, ctx),
    );
  }

  inspect(uploadId: string): TransferJob {
    const upload = this.deps.staging.upload(uploadId);
    return this.jobs.start('inspect', async (ctx) => {
      const opened = await this.open(upload.path, ctx);
      try {
        if (opened.format === 'modeldesk-backup') {
          const checked = await checkBackup(opened.zip, this.restoreDeps(), ctx);
          checked.discard();
          return { type: 'preview', preview: backupPreview(uploadId, checked, this.deps.db) };
        }
        return { type: 'preview', preview: await this.importer.inspect(uploadId, opened, ctx) };
      } finally {
        opened.close();
      }
    });
  }

  import(uploadId: string, duplicates: 'skip' | 'copy'): TransferJob {
    const upload = this.deps.staging.upload(uploadId);
    this.refuseIfBusy();
    return this.jobs.start('import', async (ctx) => {
      const opened = await this.open(upload.path, ctx);
      try {
        if (opened.format === 'modeldesk-backup') {
          throw refused('this is a Modeldesk backup.', 'Restore it in Settings → Backup and restore.');
        }
        return await this.importer.run(opened, { duplicates }, ctx);
      } finally {
        opened.close();
      }
    });
  }

  backup(): TransferJob {
    return this.jobs.start('backup', (ctx) => runBackup(this.deps, ctx));
  }

  restore(uploadId: string, mode: 'replace' | 'merge'): TransferJob {
    const upload = this.deps.staging.upload(uploadId);
    this.refuseIfBusy();
    return this.jobs.start('restore', async (ctx: JobContext) => {
      const opened = await this.open(upload.path, ctx);
      try {
        if (opened.format !== 'modeldesk-backup') {
          throw new TransferError(
            'bad_request',
            'Nothing was restored: this file is not a Modeldesk backup.',
            'Import it with Import conversations instead.',
          );
        }
        const checked = await checkBackup(opened.zip, this.restoreDeps(), ctx);
        try {
          return await applyBackup(opened.zip, checked, mode, this.restoreDeps(), ctx);
        } finally {
          checked.discard();
        }
      } finally {
        opened.close();
      }
    });
  }

  get(jobId: string): TransferJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new TransferError('not_found', 'That transfer is no longer known.', 'Start it again.');
    return job;
  }

  cancel(jobId: string): boolean {
    return this.jobs.cancel(jobId);
  }

  async openFile(purpose: 'import' | 'restore'): Promise<{ upload?: UploadInfo }> {
    if (!this.deps.dialogs) {
      throw new TransferError(
        'bad_request',
        'Here files are chosen in the page.',
        'Use the file picker in the window.',
      );
    }
    const chosen = await this.deps.dialogs.chooseFile(purpose);
    return chosen ? { upload: this.deps.staging.registerPath(chosen.path, chosen.name) } : {};
  }

  async saveArtifact(artifactId: string): Promise<{ saved: boolean; artifact: StagedArtifact }> {
    const artifact = this.artifact(artifactId);
    if (!this.deps.dialogs) {
      throw new TransferError(
        'bad_request',
        'Here files are saved as downloads.',
        'Use the download link in the window.',
      );
    }
    const target = await this.deps.dialogs.chooseSavePath(artifact.filename);
    if (!target) return { saved: false, artifact };
    copyFileSync(artifact.path, target);
    return { saved: true, artifact };
  }

  artifact(artifactId: string): StagedArtifact {
    const artifact = this.deps.staging.artifact(artifactId);
    if (!artifact)
      throw new TransferError(
        'not_found',
        'That file is no longer here (exports are kept for two hours).',
        'Export it again.',
      );
    return artifact;
  }

  dispose(): void {
    this.jobs.cancelAll();
  }

  private open(path: string, ctx: JobContext) {
    ctx.progress('Reading the file', 0, 0);
    return openSource(path, {
      tick: () => ctx.tick(),
      isStored: (hash) => this.deps.attachments.get(hash) !== null,
    });
  }

  private restoreDeps() {
    return {
      db: this.deps.db,
      attachments: this.deps.attachments,
      ledger: this.deps.ledger,
      settings: this.deps.settings,
      staging: this.deps.staging,
      isKnownModel: this.deps.isKnownModel,
      onWritten: (ids: string[]) => this.deps.conversationsChanged(ids),
    };
  }

  private refuseIfBusy(): void {
    if (this.jobs.isRunning(WRITERS)) {
      throw new TransferError(
        'bad_request',
        'An import or restore is already running.',
        'Wait for it to finish, or cancel it.',
      );
    }
  }
}
