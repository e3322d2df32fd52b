/**
 * Client-side rate limits, per provider and per model: requests per minute and tokens per minute as token
 * buckets, plus the limits the provider reports in its headers (learned buckets), so calls slow down before the
 * provider answers 429. A call that would exceed a limit waits in FIFO order (per provider and model: a waiting
 * call never lets a later call to the same provider or model overtake it), stays cancellable, and reports its
 * place in the queue and until when it expects to wait.
 */
import type { RateLimit } from '@contract/settings';
import { AbortedError, systemClock, type Clock } from './clock';
import { LIMIT_DIMENSIONS, parseRateLimitHeaders, type LimitDimension } from './headers';
import { TokenBucket } from './token-bucket';

export type RateLimits = { provider?: RateLimit; model?: RateLimit };

export type RateLimiterOptions = {
  /** The configured limits, read on every call so that changed settings apply at once. */
  limitsFor: (provider: string, model: string) => RateLimits;
  clock?: Clock;
};

export type RateWait = {
  /** 1: next in line for this provider and model. */
  position: number;
  /** When the call expects to go (ms since the epoch). */
  untilMs: number;
  /** Which limit holds it, in words. */
  reason: string;
};

export type AcquireRequest = {
  provider: string;
  model: string;
  /** Estimated input tokens, and the most output tokens the call may produce (tokens-per-minute limits). */
  inputTokens?: number;
  outputTokens?: number;
  /** Which of the provider's keys the call uses: the limits a provider reports are per key. */
  account?: string;
  signal?: AbortSignal;
  /** Called when the call starts waiting and whenever its place or expected time changes. */
  onWait?: (wait: RateWait) => void;
};

/** A granted call. `settle` charges what the call really used instead of its estimate. */
export type RateLease = { settle(used: { inputTokens: number; outputTokens: number }): void };

type Cost = Record<LimitDimension, number>;

type Scope = {
  label: string;
  requestsPerMinute?: TokenBucket;
  tokensPerMinute?: TokenBucket;
  learned: Partial<Record<LimitDimension, TokenBucket>>;
};

type Waiter = {
  scopes: Scope[];
  cost: Cost;
  onWait?: (wait: RateWait) => void;
  reported?: { position: number; untilMs: number };
  grant: () => void;
};

const DIMENSION_WORDS: Record<LimitDimension, string> = {
  requests: 'requests',
  tokens: 'tokens',
  inputTokens: 'input tokens',
  outputTokens: 'output tokens',
};

export class RateLimiter {
  private readonly clock: Clock;
  private readonly scopes = new Map<string, Scope>();
  private readonly queue: Waiter[] = [];
  private cancelTimer: (() => void) | null = null;

  constructor(private readonly options: RateLimiterOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Resolves when the call may go; rejects with AbortedError when its signal aborts while it waits. */
  acquire(request: AcquireRequest): Promise<RateLease> {
    if (request.signal?.aborted) return Promise.reject(new AbortedError());
    const scopes = this.scopesFor(request.provider, request.model, request.account);
    const input = request.inputTokens ?? 0;
    const output = request.outputTokens ?? 0;
    const cost: Cost = { requests: 1, tokens: input + output, inputTokens: input, outputTokens: output };
    const lease = this.leaseFor(scopes, cost);

    return new Promise<RateLease>((resolve, reject) => {
      const onAbort = () => {
        const index = this.queue.indexOf(waiter);
        if (index < 0) return;
        this.queue.splice(index, 1);
        reject(new AbortedError());
        this.pump();
      };
      const waiter: Waiter = {
        scopes,
        cost,
        onWait: request.onWait,
        grant: () => {
          request.signal?.removeEventListener('abort', onAbort);
          resolve(lease);
        },
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** Learns the provider's limits from a response's headers (any status, 429 included). */
  learn(provider: string, model: string, headers: Headers, account?: string): void {
    const now = this.clock.now();
    const snapshot = parseRateLimitHeaders(headers, now);
    const scope = this.learnedScope(provider, model, account);
    let changed = false;
    for (const dimension of LIMIT_DIMENSIONS) {
      const window = snapshot[dimension];
      if (!window) continue;
      const existing = scope.learned[dimension];
      const limit = window.limit ?? Math.max(existing?.limit ?? 0, window.remaining, 1);
      const bucket = existing ?? new TokenBucket(limit, limit / 60_000, now);
      bucket.sync(limit, window.remaining, window.resetAt, now);
      scope.learned[dimension] = bucket;
      changed = true;
    }
    if (changed) this.pump();
  }

  private leaseFor(scopes: Scope[], estimate: Cost): RateLease {
    let settled = false;
    return {
      settle: (used) => {
        if (settled) return;
        settled = true;
        const delta = estimate.tokens - (used.inputTokens + used.outputTokens);
        if (delta === 0) return;
        const now = this.clock.now();
        for (const scope of scopes) scope.tokensPerMinute?.adjust(delta, now);
        this.pump();
      },
    };
  }

  private scope(key: string, label: string): Scope {
    let scope = this.scopes.get(key);
    if (!scope) {
      scope = { label, learned: {} };
      this.scopes.set(key, scope);
    }
    return scope;
  }

  /**
   * The provider's and the model's scopes, with their configured buckets brought in line with the settings, and
   * the scope of what the provider reported for this model and key.
   */
  private scopesFor(provider: string, model: string, account: string | undefined): Scope[] {
    const limits = this.options.limitsFor(provider, model);
    const now = this.clock.now();
    const providerScope = this.scope(`p|${provider}`, provider);
    const modelScope = this.scope(`m|${provider}|${model}`, `${provider}:${model}`);
    configure(providerScope, limits.provider, now);
    configure(modelScope, limits.model, now);
    return [providerScope, modelScope, this.learnedScope(provider, model, account)];
  }

  private learnedScope(provider: string, model: string, account: string | undefined): Scope {
    return this.scope(`r|${provider}|${model}|${account ?? ''}`, `${provider}:${model}`);
  }

  /** How long `waiter` must wait for its own limits, and which one holds it. */
  private gate(waiter: Waiter, now: number): { waitMs: number; reason: string } {
    let waitMs = 0;
    let reason = '';
    const consider = (bucket: TokenBucket | undefined, amount: number, words: () => string) => {
      if (!bucket || amount <= 0) return;
      const ms = bucket.waitMs(amount, now);
      if (ms > waitMs) {
        waitMs = ms;
        reason = words();
      }
    };
    for (const scope of waiter.scopes) {
      consider(scope.requestsPerMinute, 1, () => `the limit of requests per minute for ${scope.label}`);
      consider(
        scope.tokensPerMinute,
        waiter.cost.tokens,
        () => `the limit of tokens per minute for ${scope.label}`,
      );
      for (const dimension of LIMIT_DIMENSIONS) {
        consider(
          scope.learned[dimension],
          waiter.cost[dimension],
          () => `${scope.label}'s remaining ${DIMENSION_WORDS[dimension]}, as its last response reported`,
        );
      }
    }
    return { waitMs, reason };
  }

  private take(waiter: Waiter, now: number): void {
    for (const scope of waiter.scopes) {
      scope.requestsPerMinute?.take(1, now);
      scope.tokensPerMinute?.take(waiter.cost.tokens, now);
      for (const dimension of LIMIT_DIMENSIONS) {
        if (waiter.cost[dimension] > 0) scope.learned[dimension]?.take(waiter.cost[dimension], now);
      }
    }
  }

  /** Grants every waiter that may go, in order; schedules the next look for the earliest that may go later. */
  private pump(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    const now = this.clock.now();
    const blockedUntil = new Map<Scope, number>();
    const aheadOf = new Map<Scope, number>();
    let earliest = Number.POSITIVE_INFINITY;

    for (const waiter of [...this.queue]) {
      // Only scopes with a limit are shared resources; an unlimited provider scope orders nothing.
      const limited = waiter.scopes.filter(hasLimit);
      const queuedBehind = limited.some((scope) => blockedUntil.has(scope));
      const gate = this.gate(waiter, now);
      if (!queuedBehind && gate.waitMs === 0) {
        this.queue.splice(this.queue.indexOf(waiter), 1);
        this.take(waiter, now);
        waiter.grant();
        continue;
      }
      if (!queuedBehind) earliest = Math.min(earliest, now + gate.waitMs);
      const untilMs = Math.max(now + gate.waitMs, ...limited.map((scope) => blockedUntil.get(scope) ?? now));
      const position = 1 + Math.max(0, ...limited.map((scope) => aheadOf.get(scope) ?? 0));
      for (const scope of limited) {
        blockedUntil.set(scope, untilMs);
        aheadOf.set(scope, (aheadOf.get(scope) ?? 0) + 1);
      }
      const reason = queuedBehind ? 'earlier requests to the same model are waiting' : gate.reason;
      if (waiter.reported?.position !== position || waiter.reported.untilMs !== untilMs) {
        waiter.reported = { position, untilMs };
        waiter.onWait?.({ position, untilMs, reason });
      }
    }
    if (Number.isFinite(earliest)) {
      this.cancelTimer = this.clock.setTimer(() => this.pump(), earliest - now);
    }
  }
}

function hasLimit(scope: Scope): boolean {
  return (
    scope.requestsPerMinute !== undefined ||
    scope.tokensPerMinute !== undefined ||
    LIMIT_DIMENSIONS.some((dimension) => scope.learned[dimension] !== undefined)
  );
}

function configure(scope: Scope, limit: RateLimit | undefined, now: number): void {
  scope.requestsPerMinute = fit(scope.requestsPerMinute, limit?.requestsPerMinute, now);
  scope.tokensPerMinute = fit(scope.tokensPerMinute, limit?.tokensPerMinute, now);
}

function fit(
  bucket: TokenBucket | undefined,
  perMinute: number | undefined,
  now: number,
): TokenBucket | undefined {
  if (perMinute === undefined) return undefined;
  if (!bucket) return TokenBucket.perMinute(perMinute, now);
  if (bucket.limit !== perMinute) bucket.resize(perMinute, now);
  return bucket;
}
