/**
 * Transfer jobs: exports, inspections, imports, backups and restores run in main as jobs that report progress as
 * `transfer.progress` events (throttled; state changes at once), can be cancelled, and leave their result for
 * `transfer.get`. Work is done in slices that give the event loop back (`Yielder`), so the window stays
 * responsive and other bridge calls keep being answered while a large file is read or written.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorInfo } from '@contract/usage';
import type { TransferJob, TransferResult } from '@contract/transfer';
import { TransferError } from './errors';

export type JobKind = TransferJob['kind'];

export type JobContext = {
  readonly signal: AbortSignal;
  /** Reports what the job is doing; `done`/`total` in whatever unit the phase counts. */
  progress(phase: string, done: number, total: number): void;
  /** Gives the event loop back when the current slice has run long enough; throws when cancelled. */
  tick(): Promise<void>;
};

/** Slices of work of about `budgetMs`, each followed by a turn of the event loop. */
export class Yielder {
  private sliceStart = performance.now();
  /** How many times the work gave the event loop back. */
  yields = 0;

  constructor(
    private readonly signal: AbortSignal,
    private readonly budgetMs = 12,
  ) {}

  async tick(): Promise<void> {
    if (this.signal.aborted) throw cancelled();
    if (performance.now() - this.sliceStart < this.budgetMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.yields++;
    this.sliceStart = performance.now();
    if (this.signal.aborted) throw cancelled();
  }
}

const cancelled = () => new TransferError('aborted', 'Cancelled: nothing more was done.');

type Entry = {
  job: TransferJob;
  controller: AbortController;
  lastEmit: number;
  timer: NodeJS.Timeout | null;
};

const KEEP_FINISHED = 50;

export class TransferJobs {
  private readonly jobs = new Map<string, Entry>();

  constructor(
    private readonly emit: (job: TransferJob) => void,
    private readonly options: { throttleMs?: number; onError?: (error: unknown) => void } = {},
  ) {}

  /** Starts `run` as a job; returns its first state at once. */
  start(kind: JobKind, run: (ctx: JobContext) => Promise<TransferResult>): TransferJob {
    const controller = new AbortController();
    const job: TransferJob = {
      jobId: `job-${randomUUID()}`,
      kind,
      state: 'running',
      phase: 'Starting',
      done: 0,
      total: 0,
      startedAt: Date.now(),
    };
    const entry: Entry = { job, controller, lastEmit: 0, timer: null };
    this.jobs.set(job.jobId, entry);
    this.prune();
    const yielder = new Yielder(controller.signal);
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (phase, done, total) => {
        Object.assign(entry.job, { phase, done, total });
        this.emitThrottled(entry);
      },
      tick: () => yielder.tick(),
    };
    // Started on the next turn, so the caller has the job id before the first event.
    setImmediate(() => {
      run(ctx).then(
        (result) => this.finish(entry, { state: 'done', result }),
        (error: unknown) => {
          if (controller.signal.aborted) {
            this.finish(entry, { state: 'cancelled', error: infoOf(error) });
            return;
          }
          if (!(error instanceof TransferError)) this.options.onError?.(error);
          this.finish(entry, { state: 'failed', error: infoOf(error) });
        },
      );
    });
    return { ...job };
  }

  get(jobId: string): TransferJob | null {
    const entry = this.jobs.get(jobId);
    return entry ? { ...entry.job } : null;
  }

  cancel(jobId: string): boolean {
    const entry = this.jobs.get(jobId);
    if (!entry || entry.job.state !== 'running') return false;
    entry.controller.abort();
    return true;
  }

  /** Whether a job of one of `kinds` is running (imports and restores run one at a time). */
  isRunning(kinds: readonly JobKind[]): boolean {
    return [...this.jobs.values()].some((e) => e.job.state === 'running' && kinds.includes(e.job.kind));
  }

  cancelAll(): void {
    for (const entry of this.jobs.values()) if (entry.job.state === 'running') entry.controller.abort();
  }

  private finish(entry: Entry, patch: Partial<TransferJob>): void {
    Object.assign(entry.job, patch);
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    entry.lastEmit = Date.now();
    this.emit({ ...entry.job });
  }

  private emitThrottled(entry: Entry): void {
    const throttle = this.options.throttleMs ?? 100;
    const wait = entry.lastEmit + throttle - Date.now();
    if (wait <= 0) {
      entry.lastEmit = Date.now();
      this.emit({ ...entry.job });
      return;
    }
    entry.timer ??= setTimeout(() => {
      entry.timer = null;
      if (entry.job.state !== 'running') return;
      entry.lastEmit = Date.now();
      this.emit({ ...entry.job });
    }, wait);
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((e) => e.job.state !== 'running');
    for (const entry of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.jobs.delete(entry.job.jobId);
    }
  }
}

function infoOf(error: unknown): ErrorInfo {
  if (error instanceof TransferError) return error.toInfo();
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { toInfo?: unknown }).toInfo === 'function'
  ) {
    return (error as { toInfo(): ErrorInfo }).toInfo();
  }
  return {
    kind: 'server',
    message: 'Modeldesk hit an internal error doing that. It has been logged; please try again.',
    retryable: true,
  };
}
