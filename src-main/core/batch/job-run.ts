/**
 * One run of a batch job: `concurrency` workers each take the next pending item (marking it running in the
 * database), send it through the call pipeline (rate limits, retries, fallback, cache), write each provider
 * call to the ledger as it ends, hold the budget while the item runs, and save how the item ended.
 *
 * A run ends when no item is left, or when it is stopped. Pause stops taking items and lets the calls in flight
 * finish, keeping their answers (the provider is answering, and charging, already: cutting them off would pay for
 * them twice); an item still waiting (rate limit, retry backoff) goes back to pending. Shutdown does the same for a
 * moment, then aborts what is still in flight and puts those items back to pending; cancel aborts the calls in
 * flight and marks their items cancelled; a budget refusal stops taking items but lets the ones in flight finish.
 */
import { randomUUID } from 'node:crypto';
import { addUsage, maxRequestCostMicros } from '@contract/money';
import type { Prices } from '@contract/models';
import type { ErrorInfo, Usage } from '@contract/usage';
import type { BatchItem } from '@contract/batch';
import type { BudgetGuard, Reservation } from '../ledger/budgets';
import type { Ledger } from '../ledger/ledger';
import type { AttemptRecord, CallFailure, CallOutcome, CallSuccess } from '../policies/call-records';
import type { CallPipeline } from '../policies/pipeline';
import type { ChatRequest } from '../providers/types';
import { infoOf } from '../errors/service-error';
import { ledgerEntryOf, type LedgerContext } from '../services/ledger-entries';
import type { AttachmentStore } from '../storage/attachments';
import type { Logger } from '../logging/logger';
import { runStructured, type CompiledSchema } from '../structured/index';
import type { BatchStore, ItemResult, JobRecord } from './batch-store';
import type { JobPlan, JobPlanning } from '../planning/index';

export type StopReason = 'pause' | 'cancel' | 'shutdown' | 'budget';

export type JobRunDeps = {
  store: BatchStore;
  attachments: AttachmentStore;
  pipeline: CallPipeline;
  planning: Pick<JobPlanning, 'itemRequest'>;
  ledger: Ledger;
  budgets: BudgetGuard;
  pricesOf: (ref: string) => Prices | null;
  now: () => number;
  /** Something about the job (and this item, when given) changed: for progress events. */
  changed: (itemId?: string) => void;
  logger?: Pick<Logger, 'error'>;
};

/** The calls and cost of one item in this run: what its budget hold settles against. */
class ItemTally {
  costMicros: number | null = 0;

  add(cost: number | null): void {
    this.costMicros = this.costMicros === null || cost === null ? null : this.costMicros + cost;
  }
}

export class JobRun {
  readonly jobId: string;
  /** Resolves when every worker has stopped. */
  readonly done: Promise<void>;
  /** Why the run stopped early; null while it runs or when it ran out of items. */
  stopReason: StopReason | null = null;
  private readonly abort = new AbortController();
  /** Pause: ends waits and further calls, not the calls in flight. */
  private readonly drain = new AbortController();
  private readonly startedAt: number;
  /** Items finished (done or failed) in this run, for the pace. */
  private finished = 0;

  constructor(
    private readonly deps: JobRunDeps,
    private readonly job: JobRecord,
    private readonly plan: JobPlan,
    private readonly schema: CompiledSchema | undefined,
  ) {
    this.jobId = job.id;
    this.startedAt = deps.now();
    const workers = Array.from({ length: job.concurrency }, () => this.worker());
    this.done = Promise.all(workers).then(() => undefined);
  }

  /**
   * Stops taking items. Pause and shutdown also end the items' waits (their calls in flight finish, unless
   * `abortInFlight` follows); cancel aborts the calls in flight. The first reason is the run's.
   */
  stop(reason: StopReason): void {
    this.stopReason ??= reason;
    if (reason === 'pause' || reason === 'shutdown') this.drain.abort();
    if (reason === 'cancel') this.abort.abort();
  }

  /** Aborts the calls still in flight (their items go back to pending, or are cancelled by a cancel). */
  abortInFlight(): void {
    this.abort.abort();
  }

  /** Milliseconds left at this run's pace, once an item has finished in it. */
  etaMs(remaining: number): number | undefined {
    if (this.finished === 0) return undefined;
    const perItem = (this.deps.now() - this.startedAt) / this.finished;
    return Math.round(perItem * remaining);
  }

  private async worker(): Promise<void> {
    while (this.stopReason === null) {
      const item = this.deps.store.claimNext(this.jobId);
      if (!item) return;
      this.deps.changed(item.id);
      let result: ItemResult;
      try {
        result = await this.runItem(item);
      } catch (error) {
        this.deps.logger?.error('A batch item could not be finished', error);
        result = {
          status: 'failed',
          error: infoOf(error) ?? {
            kind: 'server',
            message: 'Modeldesk could not finish this item (the details are in the log).',
            action: 'Retry the failed items.',
            retryable: false,
          },
        };
      }
      this.deps.store.finishItem(item.id, result);
      if (result.status === 'done' || result.status === 'failed') this.finished += 1;
      this.deps.changed(item.id);
    }
  }

  private async runItem(item: BatchItem): Promise<ItemResult> {
    let image: { bytes: Uint8Array; mediaType: BatchItem['attachment']['mediaType'] };
    try {
      const read = this.deps.attachments.read(item.attachment.hash);
      image = { bytes: read.bytes, mediaType: read.attachment.mediaType };
    } catch (error) {
      const info = infoOf(error);
      if (!info) throw error;
      return { status: 'failed', error: info };
    }
    const inputTokens = this.plan.tokensOf(item.attachment);
    const request = this.deps.planning.itemRequest(this.plan, this.job.prompt, image, this.job.schema);
    const tally = new ItemTally();
    const reservation = this.reserve(inputTokens);
    if ('refused' in reservation) {
      this.stop('budget');
      return { status: 'pending', error: reservation.refused };
    }
    try {
      const context: LedgerContext = { purpose: 'batch', batchJobId: this.jobId, batchItemId: item.id };
      if (this.plan.plan.profileId) context.profileId = this.plan.plan.profileId;
      if (!this.schema) {
        const outcome = await this.call(item, request, inputTokens, context, tally);
        if (!outcome.ok) return this.failed(outcome);
        return {
          status: 'done',
          answer: outcome.response.text,
          model: outcome.served.ref,
          usage: outcome.response.usage,
        };
      }
      return await this.structured(item, request, inputTokens, context, tally, this.schema);
    } finally {
      reservation.settle(tally.costMicros);
    }
  }

  private reserve(inputTokens: number): Reservation | { refused: ErrorInfo } {
    try {
      return this.deps.budgets.reserve({
        maxCostMicros: maxRequestCostMicros(
          this.plan.plan.primary.prices,
          inputTokens,
          this.plan.outputLimit,
        ),
      });
    } catch (error) {
      const info = infoOf(error);
      if (info?.kind === 'budget') return { refused: info };
      throw error;
    }
  }

  private call(
    item: BatchItem,
    request: Omit<ChatRequest, 'model'>,
    inputTokens: number,
    context: LedgerContext,
    tally: ItemTally,
  ): Promise<CallOutcome> {
    const { plan } = this.plan;
    return this.deps.pipeline.complete({
      requestId: randomUUID(),
      candidates: plan.candidates,
      request,
      inputTokens,
      routing: plan.routing,
      routingKey: plan.routingKey,
      fallbackOnAuthError: plan.fallbackOnAuthError,
      cache: plan.cache,
      signal: this.abort.signal,
      drain: this.drain.signal,
      onAttempt: (record) => this.record(item, record, context, tally),
    });
  }

  private record(item: BatchItem, record: AttemptRecord, context: LedgerContext, tally: ItemTally): void {
    const prices = this.deps.pricesOf(`${record.provider}:${record.model}`);
    const stored = this.deps.store.addAttempt(item.id, () =>
      this.deps.ledger.append(ledgerEntryOf(record, context, prices)),
    );
    tally.add(stored.costMicros);
    this.deps.changed(item.id);
  }

  /** A call that did not answer: stopped before it was made (the run was stopped) or failed for good. */
  private failed(outcome: CallFailure): ItemResult {
    if (outcome.aborted)
      return this.stopReason === 'cancel' ? { status: 'cancelled' } : { status: 'pending' };
    const result: ItemResult = { status: 'failed', error: outcome.error };
    const last = outcome.attempts.at(-1);
    if (last) result.model = last.ref;
    if (outcome.partial) result.usage = outcome.partial.usage;
    return result;
  }

  /** The answer checked against the job's schema and, when it does not fit, repaired once (role `repair`). */
  private async structured(
    item: BatchItem,
    request: Omit<ChatRequest, 'model'>,
    inputTokens: number,
    context: LedgerContext,
    tally: ItemTally,
    compiled: CompiledSchema,
  ): Promise<ItemResult> {
    let answerTokens = 0;
    const run = await runStructured({
      request,
      compiled,
      complete: async (next, purpose) => {
        const repair = purpose === 'repair';
        const outcome = await this.call(
          item,
          next,
          inputTokens + answerTokens,
          repair ? { ...context, role: 'repair' } : context,
          tally,
        );
        if (outcome.ok) answerTokens += outcome.response.usage.output.text;
        return outcome;
      },
    });
    const answered = run.outcomes.filter((o): o is CallSuccess => o.ok);
    const usage = answered
      .map((o) => o.response.usage)
      .reduce<Usage | undefined>((sum, next) => (sum ? addUsage(sum, next) : next), undefined);
    const last = answered.at(-1);
    if (run.ok && last && usage) {
      return { status: 'done', answer: run.text, structured: run.value, model: last.served.ref, usage };
    }
    const stopped = run.outcomes.find((o): o is CallFailure => !o.ok && o.aborted);
    if (stopped) return this.failed(stopped);
    const failedCall = run.outcomes.find((o): o is CallFailure => !o.ok);
    if (failedCall && answered.length === 0) return this.failed(failedCall);
    const result: ItemResult = {
      status: 'failed',
      error: run.error ?? {
        kind: 'invalid_output',
        message: 'The answer does not match the schema.',
        retryable: true,
      },
    };
    if (last) result.model = last.served.ref;
    if (usage) result.usage = usage;
    return result;
  }
}
