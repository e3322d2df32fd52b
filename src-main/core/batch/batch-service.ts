/**
 * Batch vision: one prompt over many images. The bridge's `batch.*` calls, one method each: estimate, create,
 * start (and resume), pause, cancel, retry the failed items, export, open an item as a conversation; progress
 * goes out as throttled `batch.progress` events. Jobs are saved as they go (see BatchStore): on startup items
 * that were running go back to pending and jobs that were running resume (`resumeInterrupted`).
 */
import type { BatchItem, BatchJob } from '@contract/batch';
import type { CallOutput, CallParsedInput, EventPayload } from '@contract/bridge';
import type { Conversation } from '@contract/conversations';
import type { Catalogue } from '../catalogue/catalogue';
import { ServiceError, notFound } from '../errors/service-error';
import type { BudgetGuard } from '../ledger/budgets';
import type { Ledger } from '../ledger/ledger';
import type { Logger } from '../logging/logger';
import { targetOf, type JobInput, type JobPlanning } from '../planning/index';
import type { CallPipeline } from '../policies/pipeline';
import type { AttachmentStore } from '../storage/attachments';
import type { ConversationStore } from '../storage/conversations';
import type { Database } from '../storage/database';
import { compileSchema, type CompiledSchema } from '../structured/index';
import { exportCsv, exportJson } from './batch-export';
import { BatchStore, type JobRecord, type JobStatus } from './batch-store';
import { JobRun, type StopReason } from './job-run';
import { ProgressThrottle } from './progress';

export type BatchServiceDeps = {
  db: Database;
  attachments: AttachmentStore;
  conversations: ConversationStore;
  pipeline: CallPipeline;
  /** Plans, judges and estimates jobs, and prices the items a crash cut off. */
  planning: JobPlanning;
  ledger: Ledger;
  budgets: BudgetGuard;
  /** The model catalogue as it is now (prices for the ledger rows, models for the estimate). */
  catalogue: () => Catalogue;
  emit: (payload: EventPayload<'batch.progress'>) => void;
  now?: () => number;
  /** The shortest time between two progress events of a job (200 ms by default). */
  progressIntervalMs?: number;
  logger?: Pick<Logger, 'warn' | 'error'>;
};

type ActiveRun = { run: JobRun; settled: Promise<void> };

const TITLE_LENGTH = 60;
/** How long quitting waits for the calls in flight to finish before it aborts them. */
const SHUTDOWN_GRACE_MS = 3_000;

function titleOf(prompt: string, images: number): string {
  const line = prompt.trim().split('\n')[0]?.trim() ?? '';
  const short = line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1).trimEnd()}…` : line;
  return `${short} (${images} image${images === 1 ? '' : 's'})`;
}

/** What a job's planning takes: its target, prompt, images and schema. */
function jobInput(
  job: Pick<JobRecord, 'profileId' | 'model' | 'prompt' | 'schema'>,
  images: JobInput['images'],
): JobInput {
  return { target: targetOf({}, job), prompt: job.prompt, images, schema: job.schema };
}

/** The schema compiled, or a clear refusal when it is not a usable JSON schema. */
function compiled(schema: Record<string, unknown> | undefined): CompiledSchema | undefined {
  return schema === undefined ? undefined : compileSchema(schema);
}

export class BatchService {
  private readonly store: BatchStore;
  /** Items a crash or a kill left running, with their jobs: their calls are recorded by `resumeInterrupted`. */
  private readonly cutOff: Array<{ job: JobRecord; item: BatchItem }>;
  private readonly progress: ProgressThrottle;
  private readonly now: () => number;
  private readonly runs = new Map<string, ActiveRun>();
  /** Jobs being started (planned) right now, so two starts cannot run one job twice; a pause or cancel meanwhile wins. */
  private readonly starting = new Map<string, { withdrawn: boolean }>();
  private disposed = false;

  constructor(private readonly deps: BatchServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.store = new BatchStore(deps.db, deps.attachments, this.now);
    // No run exists yet: an item still marked running was cut off when the app last stopped. Its call never
    // reached the ledger; `resumeInterrupted` records it (estimated) before the item runs again.
    this.cutOff = this.store.jobs().flatMap((job) =>
      this.store
        .items(job.id)
        .filter((item) => item.status === 'running')
        .map((item) => ({ job, item })),
    );
    this.store.requeueRunning();
    this.progress = new ProgressThrottle(
      (jobId, itemIds) => this.sendProgress(jobId, itemIds),
      deps.progressIntervalMs ?? 200,
      this.now,
    );
  }

  list(_input: CallParsedInput<'batch.list'>): CallOutput<'batch.list'> {
    return this.store.jobs().map((job) => this.view(job));
  }

  get(input: CallParsedInput<'batch.get'>): CallOutput<'batch.get'> {
    const job = this.requireJob(input.jobId);
    return { job: this.view(job), items: this.store.items(job.id) };
  }

  async estimate(input: CallParsedInput<'batch.estimate'>): Promise<CallOutput<'batch.estimate'>> {
    return this.deps.planning.estimate(this.checked(input));
  }

  /** Stores a job (draft) after checking its images, schema and model: `start` runs it. */
  async create(input: CallParsedInput<'batch.create'>): Promise<CallOutput<'batch.create'>> {
    const hashes = unique(input.attachments);
    await this.deps.planning.require(this.checked(input));
    const job = this.store.createJob({
      title: input.title?.trim() || titleOf(input.prompt, hashes.length),
      prompt: input.prompt,
      profileId: input.target.profileId,
      model: input.target.model,
      schema: input.schema,
      concurrency: input.concurrency,
      hashes,
    });
    this.progress.flush(job.id);
    return this.view(job);
  }

  /** Runs a draft or paused job (a running one is left as it is). */
  async start(input: CallParsedInput<'batch.start'>): Promise<CallOutput<'batch.start'>> {
    const job = this.requireJob(input.jobId);
    if (job.status === 'cancelled') {
      throw ServiceError.of(
        'bad_request',
        'This job was cancelled.',
        'Retry its failed items, or create a new job to run the rest.',
      );
    }
    if (this.store.counts(job.id).pending > 0) await this.launch(job);
    return this.view(this.store.requireJob(job.id));
  }

  /**
   * Stops a running job: no item starts any more, calls in flight finish and keep their answers (they are being
   * answered, and paid for, already), items waiting for a rate limit or a retry wait again. Returns once the calls
   * in flight have ended.
   */
  async pause(input: CallParsedInput<'batch.pause'>): Promise<CallOutput<'batch.pause'>> {
    const job = this.requireJob(input.jobId);
    if (job.status === 'running') {
      this.withdrawStart(job.id);
      // The job reads as running until its calls in flight have ended: only then is what it did final.
      await this.stopRun(job.id, 'pause');
      this.store.setJobStatus(job.id, 'paused');
      this.progress.flush(job.id);
    }
    return this.view(this.store.requireJob(job.id));
  }

  /** Ends a job: calls in flight are aborted, and every item not yet done is cancelled. */
  async cancel(input: CallParsedInput<'batch.cancel'>): Promise<CallOutput<'batch.cancel'>> {
    const job = this.requireJob(input.jobId);
    if (job.status !== 'completed' && job.status !== 'cancelled') {
      this.store.setJobStatus(job.id, 'cancelled');
      this.withdrawStart(job.id);
      await this.stopRun(job.id, 'cancel');
      const ids = this.store.cancelPending(job.id);
      this.progress.flush(job.id, ids);
    }
    return this.view(this.store.requireJob(job.id));
  }

  /** Puts the failed items back in the queue and runs the job. */
  async retryFailed(input: CallParsedInput<'batch.retryFailed'>): Promise<CallOutput<'batch.retryFailed'>> {
    const job = this.requireJob(input.jobId);
    const ids = this.store.requeue(job.id, ['failed']);
    if (ids.length > 0) {
      for (const id of ids) this.progress.changed(job.id, id);
      await this.launch(this.store.requireJob(job.id));
    }
    return this.view(this.store.requireJob(job.id));
  }

  export(input: CallParsedInput<'batch.export'>): CallOutput<'batch.export'> {
    const job = this.requireJob(input.jobId);
    const items = this.store.items(job.id);
    const view = this.view(job);
    return input.format === 'csv' ? exportCsv(view, items, this.now()) : exportJson(view, items, this.now());
  }

  /** A new conversation holding the item's question (the prompt and its image) and its answer, to go on from. */
  openAsConversation(input: CallParsedInput<'batch.openAsConversation'>): Conversation {
    const job = this.requireJob(input.jobId);
    const item = this.store.item(input.itemId);
    if (!item || item.jobId !== job.id) throw notFound('batch item');
    if (item.status !== 'done' || item.answer === undefined) {
      throw ServiceError.of(
        'bad_request',
        'This image has no answer yet.',
        'Open it once it is done, or retry it if it failed.',
      );
    }
    const { conversations } = this.deps;
    const name = item.attachment.name ?? `image ${item.index + 1}`;
    const created = conversations.create({
      title: `${job.title.slice(0, 200)} · ${name}`.slice(0, 300),
      profileId: job.profileId,
      model: job.model,
    });
    conversations.addUserMessage({
      conversationId: created.id,
      text: job.prompt,
      attachments: [item.attachment.hash],
      profileId: job.profileId,
    });
    const answer = conversations.createAssistantMessage({
      conversationId: created.id,
      model: item.model,
      profileId: job.profileId,
    });
    // The answer's cost stays with the batch job in the ledger; the conversation is not charged for it again.
    const outcome: Parameters<ConversationStore['finishAssistantMessage']>[1] = {
      status: 'complete',
      text: item.answer,
      finishReason: 'stop',
    };
    if (item.model) outcome.model = item.model;
    if (item.usage) outcome.usage = item.usage;
    if (item.structured !== undefined) outcome.structured = item.structured;
    conversations.finishAssistantMessage(answer.id, outcome);
    return conversations.getConversation(created.id) ?? created;
  }

  /** Resumes the jobs that were running when the app stopped; returns the ids of those that went on. */
  async resumeInterrupted(): Promise<string[]> {
    await this.recordCutOffCalls();
    const resumed: string[] = [];
    for (const job of this.store.jobsWithStatus('running')) {
      if (await this.resume(job)) resumed.push(job.id);
    }
    return resumed;
  }
  /** One `interrupted` ledger row per call cut off by a crash or a kill, added to its item's cost. */
  private async recordCutOffCalls(): Promise<void> {
    const cutOff = this.cutOff.splice(0);
    for (const { job, item } of cutOff) {
      try {
        const row = await this.deps.planning.interruptedRow(job, item);
        if (row) this.store.addAttempt(item.id, () => this.deps.ledger.append(row));
      } catch (error) {
        this.deps.logger?.warn('A batch call cut off by a stop could not be priced', { error });
      }
    }
  }

  /**
   * Stops every run: calls in flight get a moment to finish and keep their answers (they are paid for already),
   * then what is still in flight is aborted and its item waits again; the jobs resume on the next start.
   */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.runs.keys()].map((id) => this.stopRun(id, 'shutdown')));
    this.progress.dispose();
  }

  /** What a job asks, its images found and its schema compiled (or refused, saying why). */
  private checked(
    input: Pick<CallParsedInput<'batch.create'>, 'target' | 'prompt' | 'attachments' | 'schema'>,
  ): JobInput {
    const images = this.deps.attachments.require(unique(input.attachments));
    if (input.schema) compileSchema(input.schema);
    return { target: input.target, prompt: input.prompt, images, schema: input.schema };
  }

  private requireJob(id: string): JobRecord {
    const job = this.store.job(id);
    if (!job) throw notFound('batch job');
    return job;
  }

  /** Plans the job and starts a run of it, unless one is running or being started already. */
  private async launch(job: JobRecord): Promise<void> {
    if (this.disposed || this.runs.has(job.id) || this.starting.has(job.id)) return;
    const start = { withdrawn: false };
    this.starting.set(job.id, start);
    try {
      const pending = this.store.pendingItems(job.id);
      const jobPlan = await this.deps.planning.require(
        jobInput(
          job,
          pending.map((item) => item.attachment),
        ),
      );
      const schema = compiled(job.schema);
      if (this.disposed || start.withdrawn) return;
      this.store.setJobStatus(job.id, 'running');
      const run = new JobRun(
        {
          store: this.store,
          attachments: this.deps.attachments,
          pipeline: this.deps.pipeline,
          planning: this.deps.planning,
          ledger: this.deps.ledger,
          budgets: this.deps.budgets,
          pricesOf: (ref) => this.deps.catalogue().find(ref)?.prices ?? null,
          now: this.now,
          changed: (itemId) => this.progress.changed(job.id, itemId),
          logger: this.deps.logger,
        },
        { ...job, status: 'running' },
        jobPlan,
        schema,
      );
      const settled = run.done.then(() => this.finishRun(run));
      this.runs.set(job.id, { run, settled });
      this.progress.flush(job.id);
    } finally {
      this.starting.delete(job.id);
    }
  }

  /** Runs a job that should be running; one that cannot (its model was removed...) is paused, saying why in the log. */
  private async resume(job: JobRecord): Promise<boolean> {
    try {
      await this.launch(job);
      return true;
    } catch (error) {
      this.deps.logger?.warn('A batch job could not go on; it is paused', { jobId: job.id, error });
      this.store.setJobStatus(job.id, 'paused');
      this.progress.flush(job.id);
      return false;
    }
  }

  private withdrawStart(jobId: string): void {
    const start = this.starting.get(jobId);
    if (start) start.withdrawn = true;
  }

  /** Sets the job's status once its run has stopped, and sends the event that says so. */
  private finishRun(run: JobRun): void {
    const jobId = run.jobId;
    this.runs.delete(jobId);
    if (run.stopReason === 'shutdown') return;
    if (run.stopReason === null && this.store.counts(jobId).pending > 0) {
      // Items were queued again (retry) while the run was ending: it goes on.
      const job = this.store.job(jobId);
      if (job?.status === 'running') {
        void this.resume(job);
        return;
      }
    }
    const status: JobStatus =
      run.stopReason === null ? 'completed' : run.stopReason === 'cancel' ? 'cancelled' : 'paused';
    if (this.store.job(jobId)?.status !== status) this.store.setJobStatus(jobId, status);
    this.progress.flush(jobId);
  }

  private async stopRun(jobId: string, reason: StopReason): Promise<void> {
    const active = this.runs.get(jobId);
    if (!active) return;
    active.run.stop(reason);
    if (reason === 'shutdown') {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)));
      await Promise.race([active.settled, grace]);
      clearTimeout(timer);
      active.run.abortInFlight();
    }
    await active.settled;
  }

  private view(job: JobRecord): BatchJob {
    const counts = this.store.counts(job.id);
    const view: BatchJob = {
      id: job.id,
      title: job.title,
      prompt: job.prompt,
      concurrency: job.concurrency,
      status: job.status,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
      total: counts.total,
      done: counts.done,
      failed: counts.failed,
      costMicros: counts.costMicros,
      costUnknown: counts.costUnknown,
    };
    if (job.profileId) view.profileId = job.profileId;
    if (job.model) view.model = job.model;
    if (job.schema) view.schema = job.schema;
    const run = this.runs.get(job.id)?.run;
    const eta = run?.etaMs(counts.pending + counts.running);
    if (eta !== undefined && job.status === 'running') view.etaMs = eta;
    return view;
  }

  private sendProgress(jobId: string, itemIds: string[]): void {
    const job = this.store.job(jobId);
    if (!job) return;
    this.deps.emit({ job: this.view(job), items: this.store.itemsById(itemIds) });
  }
}

/** Hashes in order, each once: the same image dropped twice is asked about once. */
function unique(hashes: readonly string[]): string[] {
  return [...new Set(hashes)];
}
