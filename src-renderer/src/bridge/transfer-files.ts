/**
 * How files of the transfer calls travel under each host. The web host takes an upload as one HTTP request (its
 * progress measured by XMLHttpRequest) and serves an artifact as a download link; both carry the run's secret (a
 * header for uploads, the query for downloads, as for attachments). Electron chooses and saves files in main's
 * own dialogs (`transfer.openFile`, `transfer.saveArtifact`): bytes never cross IPC.
 * The paths match `TRANSFER_HTTP` in the contract (a test checks it; the page imports only types from there).
 */
import type { UploadInfo } from '@contract/transfer';

export const TRANSFER_PATHS = {
  uploads: '/transfer/uploads',
  artifacts: '/transfer/artifacts/',
  secretHeader: 'x-modeldesk-secret',
  nameHeader: 'x-modeldesk-filename',
} as const;

export class UploadError extends Error {
  override name = 'UploadError';
}

/** Sends `file` to the web host; `onProgress` gets the fraction sent. Abortable. */
export function uploadOverHttp(
  file: Blob & { name?: string },
  secret: string,
  options: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<UploadInfo> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', TRANSFER_PATHS.uploads);
    xhr.setRequestHeader(TRANSFER_PATHS.secretHeader, secret);
    xhr.setRequestHeader(TRANSFER_PATHS.nameHeader, encodeURIComponent(file.name ?? 'upload'));
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: { error?: string; action?: string } & Partial<UploadInfo> = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // Said below.
      }
      if (xhr.status === 200 && body.uploadId) resolve(body as UploadInfo);
      else
        reject(
          new UploadError(
            [body.error ?? `The upload failed (${xhr.status}).`, body.action].filter(Boolean).join(' '),
          ),
        );
    };
    xhr.onerror = () => reject(new UploadError('The upload failed: Modeldesk could not be reached.'));
    xhr.onabort = () => reject(new UploadError('The upload was cancelled.'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

export function artifactUrl(artifactId: string, secret: string): string {
  return `${TRANSFER_PATHS.artifacts}${encodeURIComponent(artifactId)}?secret=${encodeURIComponent(secret)}`;
}
