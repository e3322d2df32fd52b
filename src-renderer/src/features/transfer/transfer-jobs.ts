/**
 * The page's side of transfer jobs: start one through the bridge, follow its `transfer.progress` events, and wait
 * for its end; hand files in and out whichever way the host moves them (transfer-files.ts).
 */
import type { Artifact, TransferJob, TransferResult, UploadInfo } from '@contract/transfer';
import { bridge, transferHost } from '../../bridge';
import { artifactUrl, uploadOverHttp } from '../../bridge/transfer-files';
import { downloadLink } from '../../lib/download-link';

type Listener = (job: TransferJob) => void;
const listeners = new Set<Listener>();
let unsubscribe: (() => void) | null = null;

function follow(listener: Listener): () => void {
  listeners.add(listener);
  unsubscribe ??= bridge.on('transfer.progress', (job) => {
    for (const l of [...listeners]) l(job);
  });
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      unsubscribe?.();
      unsubscribe = null;
    }
  };
}

export class TransferFailed extends Error {
  constructor(
    readonly job: TransferJob,
    message: string,
  ) {
    super(message);
    this.name = 'TransferFailed';
  }
}

/** Runs a job to its end; `onProgress` sees each state. Rejects with TransferFailed when it fails or is cancelled. */
export async function runJob(
  start: () => Promise<TransferJob>,
  onProgress: (job: TransferJob) => void,
): Promise<TransferResult> {
  let id: string | null = null;
  const early: TransferJob[] = [];
  let settle: ((job: TransferJob) => void) | null = null;
  const ended = new Promise<TransferJob>((resolve) => (settle = resolve));
  const seen = (job: TransferJob) => {
    if (id === null) {
      early.push(job);
      return;
    }
    if (job.jobId !== id) return;
    onProgress(job);
    if (job.state !== 'running') settle?.(job);
  };
  const stop = follow(seen);
  try {
    const job = await start();
    id = job.jobId;
    onProgress(job);
    for (const e of early) seen(e);
    // If the link dropped meanwhile, ask where it stands.
    const poll = setInterval(() => {
      void bridge.call('transfer.get', { jobId: job.jobId }).then(seen, () => {});
    }, 5000);
    const last = await ended.finally(() => clearInterval(poll));
    if (last.state === 'done' && last.result) return last.result;
    const said = last.error ? [last.error.message, last.error.action].filter(Boolean).join(' ') : null;
    throw new TransferFailed(last, said ?? (last.state === 'cancelled' ? 'Cancelled.' : 'It failed.'));
  } finally {
    stop();
  }
}

export function cancelJob(jobId: string): void {
  void bridge.call('transfer.cancel', { jobId }).catch(() => {});
}

/** Hands an artifact to the person: a download (web), or main's save dialog (Electron). */
export async function deliverArtifact(artifact: Artifact): Promise<boolean> {
  const host = transferHost();
  if (host.kind === 'web') {
    downloadLink(artifactUrl(artifact.artifactId, host.secret), artifact.filename);
    return true;
  }
  if (host.kind === 'electron')
    return (await bridge.call('transfer.saveArtifact', { artifactId: artifact.artifactId })).saved;
  return false;
}

/** Whether files are picked in the page (web) or in main's dialog (Electron). */
export const picksInPage = () => transferHost().kind !== 'electron';

/** Uploads a file picked in the page. */
export function uploadPicked(
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<UploadInfo> {
  const host = transferHost();
  if (host.kind !== 'web')
    return Promise.reject(new Error("Files are chosen in Modeldesk's own dialog here."));
  return uploadOverHttp(file, host.secret, { onProgress, ...(signal ? { signal } : {}) });
}

/** Electron: main's open dialog; null when the person cancelled. */
export async function chooseInMain(purpose: 'import' | 'restore'): Promise<UploadInfo | null> {
  return (await bridge.call('transfer.openFile', { purpose })).upload ?? null;
}

/** A job's progress in words and as a fraction (null while its size is not known). */
export function progressOf(job: TransferJob | null): { label: string; fraction: number | null } {
  if (!job) return { label: '', fraction: null };
  const counted =
    job.total > 0
      ? ` (${job.done.toLocaleString('en')} of ${job.total.toLocaleString('en')})`
      : job.done > 0
        ? ` (${job.done.toLocaleString('en')})`
        : '';
  return {
    label: `${job.phase}${counted}`,
    fraction: job.total > 0 ? Math.min(1, job.done / job.total) : null,
  };
}
