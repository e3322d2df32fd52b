/**
 * The bridge handlers of the `transfer.*` calls, and what the hosts need to move files: the web host's upload
 * endpoint hands its request body to `receiveUpload`, and its download endpoint serves `artifactFile`.
 */
import type { Readable } from 'node:stream';
import type { UploadInfo } from '@contract/transfer';
import type { CallHandlers } from '../bridge/router';
import type { TransferStaging } from './staging';
import type { TransferService } from './transfer-service';

export type TransferHandlers = Pick<CallHandlers, `transfer.${string}` & keyof CallHandlers>;

export function transferHandlers(service: TransferService): TransferHandlers {
  return {
    'transfer.export': (request) => service.exportConversations(request),
    'transfer.inspect': ({ uploadId }) => service.inspect(uploadId),
    'transfer.import': ({ uploadId, duplicates }) => service.import(uploadId, duplicates),
    'transfer.backup': () => service.backup(),
    'transfer.restore': ({ uploadId, mode }) => service.restore(uploadId, mode),
    'transfer.get': ({ jobId }) => service.get(jobId),
    'transfer.cancel': ({ jobId }) => ({ ok: service.cancel(jobId) }),
    'transfer.openFile': ({ purpose }) => service.openFile(purpose),
    'transfer.saveArtifact': async ({ artifactId }) => {
      const { saved, artifact } = await service.saveArtifact(artifactId);
      const { path: _path, ...view } = artifact;
      return { saved, artifact: view };
    },
  };
}

/** What a host serves over its own transport (the web host: HTTP). */
export type TransferEndpoints = {
  readonly maxUploadBytes: number;
  receiveUpload(input: { name: string; body: Readable; declaredBytes?: number }): Promise<UploadInfo>;
  artifactFile(
    artifactId: string,
  ): { path: string; filename: string; mediaType: string; bytes: number } | null;
};

export function transferEndpoints(staging: TransferStaging): TransferEndpoints {
  return {
    get maxUploadBytes() {
      return staging.maxUploadBytes;
    },
    receiveUpload: (input) => staging.receive(input),
    artifactFile: (artifactId) => {
      if (!/^out-[a-f0-9-]{36}$/.test(artifactId)) return null;
      const artifact = staging.artifact(artifactId);
      return artifact
        ? {
            path: artifact.path,
            filename: artifact.filename,
            mediaType: artifact.mediaType,
            bytes: artifact.bytes,
          }
        : null;
    },
  };
}
