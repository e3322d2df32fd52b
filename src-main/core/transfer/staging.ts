/**
 * Files in transit, in `<data dir>/transfer/`: uploads (a file the web page sent over HTTP, or one the Electron
 * shell's dialog chose, referred to where it is) and artifacts (an export or backup waiting to be downloaded or
 * saved). The bridge only ever sees their ids; nothing here takes a path from the window. Everything is removed
 * on start and after two hours.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Artifact, UploadInfo } from '@contract/transfer';
import { TransferError } from './errors';
import { formatBytes } from '@contract/format';

export type StagedUpload = UploadInfo & { path: string; owned: boolean };
export type StagedArtifact = Artifact & { path: string };

const LIFETIME_MS = 2 * 60 * 60 * 1000;
/** Backups with many images are large; anything past this is not a file Modeldesk wrote or reads. */
export const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

/** A file name as shown and offered for saving: no folders, no control characters, not too long. */
export function safeFileName(name: string, fallback = 'file'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .trim()
    .slice(0, 180);
  return clean === '' || clean === '.' || clean === '..' ? fallback : clean;
}

export class TransferStaging {
  readonly dir: string;
  private readonly uploads = new Map<string, StagedUpload & { at: number }>();
  private readonly artifacts = new Map<string, StagedArtifact & { at: number }>();

  constructor(
    dir: string,
    private readonly options: { maxUploadBytes?: number; now?: () => number } = {},
  ) {
    this.dir = dir;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  get maxUploadBytes(): number {
    return this.options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  }

  /** Streams an upload to disk, refusing it past the limit (declared or actual). */
  async receive(input: { name: string; body: Readable; declaredBytes?: number }): Promise<UploadInfo> {
    this.sweep();
    const limit = this.maxUploadBytes;
    if (input.declaredBytes !== undefined && input.declaredBytes > limit) {
      throw new TransferError(
        'bad_request',
        `The file is ${formatBytes(input.declaredBytes)}; Modeldesk reads files up to ${formatBytes(limit)}.`,
        'Split the export, or import it from the desktop app.',
      );
    }
    const uploadId = `up-${randomUUID()}`;
    const path = join(this.dir, uploadId);
    let bytes = 0;
    const counter = async function* (source: Readable) {
      for await (const chunk of source) {
        bytes += (chunk as Buffer).length;
        if (bytes > limit) {
          throw new TransferError(
            'bad_request',
            `The file is larger than ${formatBytes(limit)}, the most Modeldesk reads.`,
            'Split the export, or import it from the desktop app.',
          );
        }
        yield chunk as Buffer;
      }
    };
    const out = createWriteStream(path, { mode: 0o600 });
    try {
      await pipeline(input.body, counter, out);
    } catch (error) {
      // The file may still be opening: remove it once the stream has let go of it.
      if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
      rmSync(path, { force: true });
      throw error;
    }
    const info = { uploadId, name: safeFileName(input.name, 'upload'), bytes };
    this.uploads.set(uploadId, { ...info, path, owned: true, at: this.now() });
    return info;
  }

  /** A file main chose itself (Electron's open dialog): read where it is, never moved or deleted. */
  registerPath(path: string, name: string): UploadInfo {
    this.sweep();
    const bytes = statSync(path).size;
    const uploadId = `up-${randomUUID()}`;
    const info = { uploadId, name: safeFileName(name, 'file'), bytes };
    this.uploads.set(uploadId, { ...info, path, owned: false, at: this.now() });
    return info;
  }

  upload(uploadId: string): StagedUpload {
    const found = this.uploads.get(uploadId);
    if (!found) {
      throw new TransferError(
        'not_found',
        'That file is no longer here (files are kept for two hours).',
        'Choose it again.',
      );
    }
    return found;
  }

  /** A new artifact's id and path; `finish` makes it downloadable. */
  createArtifact(): { artifactId: string; path: string } {
    this.sweep();
    const artifactId = `out-${randomUUID()}`;
    return { artifactId, path: join(this.dir, artifactId) };
  }

  finishArtifact(artifactId: string, path: string, filename: string, mediaType: string): Artifact {
    const artifact: Artifact = {
      artifactId,
      filename: safeFileName(filename, 'modeldesk-export'),
      mediaType,
      bytes: statSync(path).size,
    };
    this.artifacts.set(artifactId, { ...artifact, path, at: this.now() });
    return artifact;
  }

  artifact(artifactId: string): StagedArtifact | null {
    return this.artifacts.get(artifactId) ?? null;
  }

  /** A scratch path for a job (extracted databases, partial files); removed with the folder. */
  scratch(prefix: string): string {
    return join(this.dir, `${prefix}-${randomUUID()}`);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private sweep(): void {
    const cutoff = this.now() - LIFETIME_MS;
    for (const [id, upload] of this.uploads) {
      if (upload.at > cutoff) continue;
      if (upload.owned) rmSync(upload.path, { force: true });
      this.uploads.delete(id);
    }
    for (const [id, artifact] of this.artifacts) {
      if (artifact.at > cutoff) continue;
      rmSync(artifact.path, { force: true });
      this.artifacts.delete(id);
    }
  }
}
