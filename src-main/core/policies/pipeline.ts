/**
 * The call pipeline: the one function the chat and batch services call, for `complete` and for `stream`.
 * Around the adapters it composes, in order:
 *   cache → capability screening and routing → for each model: rate limiter wait, circuit breaker, the call
 *   (timeouts passed through), learning from every response (limiter, health), retries → fallback.
 * It reports progress (`PipelineEvent`), one `AttemptRecord` per provider call through `onAttempt` (the ledger's
 * rows, written as each call ends), and the request's `CallOutcome`.
 */
import { randomUUID } from 'node:crypto';
import type { RoutingStrategy } from '@contract/profiles';
import type { ProviderSettings } from '@contract/settings';
import { emptyUsage, totalInputTokens, totalOutputTokens, type ErrorInfo } from '@contract/usage';
import type { ChatRequest, ChatResponse, ProviderAdapter, Timeouts } from '../providers/types';
import { AbortedError, systemClock, type Clock } from './clock';
import { cacheUse, type CacheMode, type ResponseCache } from './cache';
import { requestHash } from './canonical-hash';
import {
  contentEventsOf,
  type AttemptRecord,
  type AttemptRole,
  type CallFailure,
  type CallOutcome,
  type ContentEvent,
  type PipelineEvent,
  type PipelineStreamEvent,
  type RouteStep,
  type ServedModel,
} from './call-records';
import { kindWords } from './errors';
import { EventChannel } from './event-channel';
import { fallsBack, requirementsOf, screenCandidates, type Candidate, type Skip } from './fallback';
import type { HealthMonitor } from './health';
import { callProvider, type ProviderCallResult } from './provider-call';
import type { RateLease, RateLimiter } from './rate-limit';
import { decideRetry, retryPolicyFor, RetryControl } from './retry';
import { Router } from './routing';

export type PipelineDeps = {
  /**
   * The adapter of a configured provider; undefined when the provider is not set up (the registry builds adapters
   * for unconfigured providers too: return one only when `describeProvider(config).configured`).
   */
  adapterFor(provider: string): ProviderAdapter | undefined;
  /** Retry settings and key rotation per provider. */
  settingsFor(provider: string): Pick<ProviderSettings, 'retry' | 'rotateKeysOn'> | undefined;
  /**
   * The provider's keys, for key rotation: the vault owns which key is current and moves it. Without a ring (or
   * when it has no key for a provider) each adapter uses its own key.
   */
  keys?: KeyRing;
  limiter: RateLimiter;
  health: HealthMonitor;
  cache?: ResponseCache;
  /**
   * A cache that cannot be read or written (a locked database, an image file gone) never fails a call: the call
   * goes to the provider, and the problem is reported here (for the log).
   */
  onCacheError?: (error: unknown) => void;
  clock?: Clock;
  /** Jitter source in [0, 1). */
  random?: () => number;
};

/** A key for one call: its vault id (never logged as the key) and the secret the adapter sends. */
export type RingKey = { id: string; secret: string };

/**
 * Key rotation has one owner, the vault: `current` is the key to send now (undefined when the provider does not
 * rotate keys), `rotate` makes the next untried key current after one was refused (null when none is left). The
 * pipeline only asks; it keeps no cursor of its own, so the key that worked stays current for the next call.
 */
export type KeyRing = {
  current(provider: string): RingKey | undefined;
  rotate(provider: string, refusedId: string, tried: readonly string[]): RingKey | null;
};

export type PipelineRequest = {
  /** Groups the attempt records of this request; generated when absent. */
  requestId?: string;
  /** The profile's model, then its fallback chain, with their catalogue facts. */
  candidates: Candidate[];
  /** The request; each candidate's own model id is filled in. */
  request: Omit<ChatRequest, 'model'>;
  /** Estimated input tokens (context-window screening and tokens-per-minute limits). */
  inputTokens?: number;
  routing?: RoutingStrategy;
  /** Names the round-robin rotation (the profile id); by default the chain itself. */
  routingKey?: string;
  fallbackOnAuthError?: boolean;
  /** The profile's cache setting (default auto: temperature 0 only). */
  cache?: CacheMode;
  /** Regenerate: never answer from the cache. */
  regenerate?: boolean;
  timeouts?: Partial<Timeouts>;
  signal?: AbortSignal;
  /**
   * Ends the request gently: where it waits (a rate-limit queue, a retry's backoff) and before any further
   * provider call, but a call already in flight is let finish, and its answer kept (the provider is answering,
   * and charging, already). What a batch's Pause uses; `signal` cuts everything.
   */
  drain?: AbortSignal;
  /** Shows the pending retry and skips its wait ("Retry now"). */
  retryControl?: RetryControl;
  /** Called the moment each provider call (or cached answer) ends: write its ledger row here. */
  onAttempt?: (record: AttemptRecord) => void;
};

export type CompleteRequest = PipelineRequest & { onEvent?: (event: PipelineEvent) => void };

type Emit = {
  progress(event: PipelineEvent): void;
  /** Stream mode: content for the reader (awaited for backpressure). */
  content?: (event: ContentEvent) => Promise<void>;
};

/** How trying one model ended. */
type ModelResult =
  | { kind: 'served'; response: ChatResponse; served: ServedModel; calls: number }
  | {
      kind: 'failed';
      error: ErrorInfo;
      reason: string;
      calls: number;
      committed: boolean;
      partial?: ChatResponse;
      served?: ServedModel;
    };

const CACHEABLE_FINISH = new Set(['stop', 'length', 'tool_calls']);

/** The state of one request as it moves through the pipeline. */
type Run = {
  input: PipelineRequest;
  mode: 'complete' | 'stream';
  signal: AbortSignal;
  /** Ends waits and stops further calls: the signal, or a drain. */
  waitSignal: AbortSignal;
  emit: Emit;
  requestId: string;
  control: RetryControl;
  attempts: AttemptRecord[];
  steps: RouteStep[];
};

export class CallPipeline {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly router: Router;
  /** Per provider: the key index to use next (moves on with key rotation). */

  constructor(private readonly deps: PipelineDeps) {
    this.clock = deps.clock ?? systemClock;
    this.random = deps.random ?? Math.random;
    this.router = new Router({
      latencyOf: (ref, provider) => deps.health.latencyOf(ref, provider),
      health: (provider) => deps.health.get(provider),
    });
  }

  /** One answer in one piece. Never rejects for a provider failure: the outcome says what happened. */
  async complete(input: CompleteRequest): Promise<CallOutcome> {
    const signal = input.signal ?? new AbortController().signal;
    return this.run(input, 'complete', signal, { progress: (event) => input.onEvent?.(event) });
  }

  /**
   * A streamed answer: progress events, content events as they arrive, and last `{ type: 'end', outcome }`.
   * The call starts when iteration starts; stopping the iteration cancels it (its attempt is still recorded).
   */
  stream(input: PipelineRequest): AsyncIterable<PipelineStreamEvent> {
    return {
      [Symbol.asyncIterator]: () => {
        const stop = new AbortController();
        const signal = input.signal ? AbortSignal.any([input.signal, stop.signal]) : stop.signal;
        const channel = new EventChannel<PipelineStreamEvent>(() => stop.abort());
        this.run(input, 'stream', signal, {
          progress: (event) => void channel.push(event),
          content: (event) => channel.push(event),
        }).then(
          async (outcome) => {
            await channel.push({ type: 'end', outcome });
            channel.close();
          },
          (error: unknown) => channel.fail(error),
        );
        return channel[Symbol.asyncIterator]();
      },
    };
  }

  private async run(
    input: PipelineRequest,
    mode: Run['mode'],
    signal: AbortSignal,
    emit: Emit,
  ): Promise<CallOutcome> {
    const run: Run = {
      input,
      mode,
      signal,
      waitSignal: input.drain ? AbortSignal.any([signal, input.drain]) : signal,
      emit,
      requestId: input.requestId ?? randomUUID(),
      control: input.retryControl ?? new RetryControl(),
      attempts: [],
      steps: [],
    };
    const { eligible, skipped } = screenCandidates(
      input.candidates,
      requirementsOf(input.request, input.inputTokens),
      (provider) => this.deps.adapterFor(provider) !== undefined,
    );
    for (const skip of skipped) {
      run.steps.push({
        ref: skip.candidate.id,
        outcome: 'skipped',
        reason: skip.reason,
        errorKind: skip.kind,
        calls: 0,
      });
      emit.progress({ type: 'skipped', ref: skip.candidate.id, reason: skip.reason, errorKind: skip.kind });
    }

    const ordered = this.router.order(
      eligible,
      input.routing ?? 'priority',
      input.routingKey ?? eligible.map((c) => c.id).join(','),
    );
    const cache = this.deps.cache;
    const use = cache
      ? cacheUse({
          enabled: cache.settings().enabled,
          mode: input.cache ?? 'auto',
          temperature: input.request.temperature,
          regenerate: input.regenerate ?? false,
        })
      : { read: false, write: false };
    if (cache && use.read) {
      const hit = await this.fromCache(run, cache, ordered);
      if (hit) return hit;
    }

    let previous: { ref: string; reason: string; error: ErrorInfo } | null = null;
    for (const [index, candidate] of ordered.entries()) {
      if (previous) {
        emit.progress({
          type: 'fallback',
          from: previous.ref,
          to: candidate.id,
          reason: previous.reason,
          errorKind: previous.error.kind,
        });
      }
      const result = await this.tryModel(run, candidate, previous?.reason);
      if (result.kind === 'served') {
        run.steps.push({ ref: candidate.id, outcome: 'served', calls: result.calls });
        if (cache && use.write && CACHEABLE_FINISH.has(result.response.finishReason)) {
          await this.cacheStore(cache, candidate, input.request, result.response);
        }
        return {
          ok: true,
          requestId: run.requestId,
          steps: run.steps,
          attempts: run.attempts,
          response: result.response,
          served: result.served,
          cached: false,
        };
      }
      run.steps.push({
        ref: candidate.id,
        outcome: 'failed',
        reason: result.reason,
        errorKind: result.error.kind,
        calls: result.calls,
      });
      const aborted = result.error.kind === 'aborted' || run.waitSignal.aborted;
      const fallbackOnAuthError = input.fallbackOnAuthError ?? false;
      const isLast = index === ordered.length - 1;
      if (aborted || result.committed || isLast || !fallsBack(result.error, { fallbackOnAuthError })) {
        return this.failure(run, result.error, result.partial, result.served);
      }
      previous = { ref: candidate.id, reason: result.reason, error: result.error };
    }
    // Reached only when no model could take the request at all.
    return this.failure(run, noModelError(input.candidates, skipped));
  }

  private failure(run: Run, error: ErrorInfo, partial?: ChatResponse, served?: ServedModel): CallFailure {
    const outcome: CallFailure = {
      ok: false,
      requestId: run.requestId,
      steps: run.steps,
      attempts: run.attempts,
      error,
      aborted: error.kind === 'aborted' || run.signal.aborted,
    };
    if (partial) outcome.partial = partial;
    if (served) outcome.served = served;
    return outcome;
  }

  private async fromCache(run: Run, cache: ResponseCache, ordered: Candidate[]): Promise<CallOutcome | null> {
    const started = this.clock.now();
    for (const candidate of ordered) {
      const hit = await this.cacheLookup(cache, candidate, run.input.request);
      if (!hit) continue;
      const served: ServedModel = {
        ref: candidate.id,
        provider: candidate.provider,
        model: candidate.model,
        role: 'primary',
      };
      const totalMs = this.clock.now() - started;
      const response: ChatResponse = { ...hit.response, timing: { ttftMs: totalMs, totalMs } };
      this.record(run, {
        requestId: run.requestId,
        attempt: run.attempts.length + 1,
        role: 'primary',
        ref: candidate.id,
        provider: candidate.provider,
        model: candidate.model,
        servedModel: hit.response.model,
        outcome: 'cached',
        reason: `answered from the cache (stored ${new Date(hit.createdAt).toISOString()})`,
        usage: emptyUsage('reported'),
        savedUsage: hit.response.usage,
        startedAt: started,
        ttftMs: totalMs,
        totalMs,
      });
      run.emit.progress({ type: 'model', ...served, cached: true });
      if (run.emit.content) for (const event of contentEventsOf(response)) await run.emit.content(event);
      run.steps.push({ ref: candidate.id, outcome: 'served', reason: 'cached answer', calls: 0 });
      return {
        ok: true,
        requestId: run.requestId,
        steps: run.steps,
        attempts: run.attempts,
        response,
        served,
        cached: true,
      };
    }
    return null;
  }

  private async cacheLookup(cache: ResponseCache, candidate: Candidate, request: PipelineRequest['request']) {
    try {
      return cache.get(await requestHash(candidate.id, request));
    } catch (error) {
      this.deps.onCacheError?.(error);
      return null;
    }
  }

  private async cacheStore(
    cache: ResponseCache,
    candidate: Candidate,
    request: PipelineRequest['request'],
    response: ChatResponse,
  ): Promise<void> {
    try {
      cache.put(await requestHash(candidate.id, request), candidate.id, response);
    } catch (error) {
      this.deps.onCacheError?.(error);
    }
  }

  /** Calls one model until it answers, fails for good, or runs out of retries. */
  private async tryModel(
    run: Run,
    candidate: Candidate,
    fallbackReason: string | undefined,
  ): Promise<ModelResult> {
    const { provider, model } = candidate;
    const adapter = this.deps.adapterFor(provider);
    if (!adapter) {
      // Its provider was removed after the chain was screened.
      const error: ErrorInfo = {
        kind: 'unconfigured',
        message: `${provider} is not set up.`,
        retryable: false,
        provider,
        model,
      };
      return { kind: 'failed', error, reason: kindWords('unconfigured'), calls: 0, committed: false };
    }
    const settings = this.deps.settingsFor(provider);
    const policy = retryPolicyFor(settings?.retry);
    const rotateOn = new Set(settings?.rotateKeysOn ?? []);
    let key = this.deps.keys?.current(provider);
    const triedKeys: string[] = [];
    const outputTokens = Math.min(run.input.request.maxOutputTokens ?? 0, candidate.maxOutputTokens);

    let tries = 0;
    let calls = 0;
    let waitedMs = 0;
    let reason = fallbackReason;

    while (true) {
      const keyId = key?.id;
      // Rate limits are learned per key: each key is its own account at the provider.
      const account = keyId;
      let lease: RateLease;
      try {
        lease = await this.deps.limiter.acquire({
          provider,
          model,
          inputTokens: run.input.inputTokens,
          outputTokens,
          account,
          signal: run.waitSignal,
          onWait: (wait) =>
            run.emit.progress({
              type: 'status',
              phase: wait.position > 1 ? 'queued' : 'rate-limited',
              ref: candidate.id,
              provider,
              model,
              position: wait.position,
              untilMs: wait.untilMs,
              detail: wait.reason,
            }),
        });
      } catch {
        return cancelled(candidate, calls);
      }
      if (run.waitSignal.aborted) {
        lease.settle({ inputTokens: 0, outputTokens: 0 });
        return cancelled(candidate, calls);
      }

      const admission = this.deps.health.admit(provider);
      if (!admission.allowed) {
        lease.settle({ inputTokens: 0, outputTokens: 0 });
        const error = { ...admission.error, model };
        return { kind: 'failed', error, reason: `circuit open: ${error.message}`, calls, committed: false };
      }

      tries += 1;
      calls += 1;
      const role: AttemptRole = calls > 1 ? 'retry' : fallbackReason === undefined ? 'primary' : 'fallback';
      run.emit.progress({ type: 'status', phase: 'connecting', ref: candidate.id, provider, model });

      const startedAt = this.clock.now();
      const served: ServedModel = { ref: candidate.id, provider, model, role };
      const result = await callProvider({
        adapter,
        candidate,
        request: run.input.request,
        signal: run.signal,
        timeouts: run.input.timeouts,
        apiKey: key?.secret,
        now: () => this.clock.now(),
        onHeaders: (headers) => this.deps.limiter.learn(provider, model, headers, account),
        content: run.emit.content,
        onCommit: () => run.emit.progress({ type: 'model', ...served, cached: false }),
        inputTokens: run.input.inputTokens,
      });
      const usage = result.ok ? result.response.usage : result.usage;
      lease.settle({ inputTokens: totalInputTokens(usage), outputTokens: totalOutputTokens(usage) });
      this.finishAttempt(run, { candidate, role, keyId, reason, startedAt, probe: admission.probe }, result);

      if (result.ok) {
        if (run.mode === 'complete') run.emit.progress({ type: 'model', ...served, cached: false });
        return { kind: 'served', response: result.response, served, calls };
      }

      const error = result.error;
      const aborted = error.kind === 'aborted' || run.signal.aborted;
      if (aborted || result.committed) {
        const failed: ModelResult = {
          kind: 'failed',
          error: aborted ? { ...error, kind: 'aborted', retryable: false } : error,
          reason: aborted ? kindWords('aborted') : `${kindWords(error.kind)} after the answer had begun`,
          calls,
          committed: result.committed,
        };
        if (result.partial) failed.partial = result.partial;
        if (result.committed) failed.served = served;
        return failed;
      }

      const status = String(result.status ?? error.status ?? '');
      if ((status === '401' || status === '429') && rotateOn.has(status) && key) {
        triedKeys.push(key.id);
        const next = this.deps.keys?.rotate(provider, key.id, triedKeys) ?? null;
        if (next) {
          key = next;
          tries -= 1;
          reason = `the next key, after HTTP ${status}`;
          continue;
        }
      }

      const decision = decideRetry({
        error,
        hints: result.hints,
        attempt: tries,
        waitedMs,
        policy,
        random: this.random,
      });
      if (!decision.retry) {
        const after = tries > 1 ? ` after ${tries} attempts` : '';
        const why =
          decision.stop === 'wait-budget' || decision.stop === 'provider-said-no'
            ? ` (${decision.reason})`
            : '';
        return {
          kind: 'failed',
          error,
          reason: `${kindWords(error.kind)}${after}${why}`,
          calls,
          committed: false,
        };
      }
      const now = this.clock.now();
      const state = {
        attempt: tries + 1,
        maxAttempts: policy.maxAttempts,
        delayMs: decision.delayMs,
        untilMs: now + decision.delayMs,
        provider,
        model,
        error,
      };
      run.emit.progress({ type: 'retry', ref: candidate.id, ...state });
      try {
        await run.control.wait(this.clock, state, run.waitSignal);
      } catch {
        return cancelled(candidate, calls);
      }
      waitedMs += this.clock.now() - now;
      reason = `retry after: ${kindWords(error.kind)}`;
    }
  }

  /** Writes the attempt record of a finished provider call and tells health how it went. */
  private finishAttempt(
    run: Run,
    attempt: {
      candidate: Candidate;
      role: AttemptRole;
      keyId: string | undefined;
      reason: string | undefined;
      startedAt: number;
      probe: boolean;
    },
    result: ProviderCallResult,
  ): void {
    const { candidate } = attempt;
    const record: AttemptRecord = {
      requestId: run.requestId,
      attempt: run.attempts.length + 1,
      role: attempt.role,
      ref: candidate.id,
      provider: candidate.provider,
      model: candidate.model,
      outcome: 'ok',
      usage: result.ok ? result.response.usage : result.usage,
      startedAt: attempt.startedAt,
      totalMs: this.clock.now() - attempt.startedAt,
    };
    if (attempt.keyId !== undefined) record.keyId = attempt.keyId;
    if (attempt.reason !== undefined) record.reason = attempt.reason;
    if (result.ok) {
      const { response } = result;
      record.servedModel = response.model;
      if (response.requestId) record.providerRequestId = response.requestId;
      if (response.timing.ttftMs !== undefined) record.ttftMs = response.timing.ttftMs;
      record.totalMs = response.timing.totalMs;
      this.record(run, record);
      const latencyMs = response.timing.ttftMs ?? response.timing.totalMs;
      this.deps.health.record(candidate.provider, candidate.id, { ok: true, latencyMs }, attempt.probe);
      return;
    }
    const aborted = result.error.kind === 'aborted' || run.signal.aborted;
    record.outcome = aborted ? 'aborted' : result.committed ? 'interrupted' : 'error';
    record.error = result.error;
    if (result.partial?.model) record.servedModel = result.partial.model;
    const providerRequestId = result.error.requestId ?? result.requestId;
    if (providerRequestId) record.providerRequestId = providerRequestId;
    if (result.ttftMs !== undefined) record.ttftMs = result.ttftMs;
    this.record(run, record);
    this.deps.health.record(
      candidate.provider,
      candidate.id,
      { ok: false, error: result.error },
      attempt.probe,
    );
  }

  private record(run: Run, record: AttemptRecord): void {
    run.attempts.push(record);
    run.input.onAttempt?.(record);
  }
}

/** A wait (rate limit or retry) ended by the request's signal: the only way those waits fail. */
function cancelled(candidate: Candidate, calls: number): ModelResult {
  const error = new AbortedError().toInfo();
  return {
    kind: 'failed',
    error: { ...error, provider: candidate.provider, model: candidate.model },
    reason: kindWords('aborted'),
    calls,
    committed: false,
  };
}

/** The error of a request no model of the chain could take. */
function noModelError(candidates: readonly Candidate[], skipped: Skip[]): ErrorInfo {
  if (candidates.length === 0) {
    return {
      kind: 'bad_request',
      message: 'No model was given for this request.',
      action: 'Pick a model or a profile.',
      retryable: false,
    };
  }
  const kinds = new Set(skipped.map((s) => s.kind));
  const kind = kinds.has('context_length')
    ? 'context_length'
    : kinds.size === 1 && kinds.has('unconfigured')
      ? 'unconfigured'
      : 'bad_request';
  const reasons = skipped.map((s) => s.reason).join('; ');
  const action =
    kind === 'unconfigured'
      ? 'Set up the provider in Settings → Providers, or pick a model of a provider that is set up.'
      : kind === 'context_length'
        ? 'Shorten the conversation or attachments, or pick a model with a larger context window.'
        : 'Pick a model or profile that can take this request.';
  return {
    kind,
    message: `No model of the chain can take this request: ${reasons}.`,
    action,
    retryable: false,
  };
}
