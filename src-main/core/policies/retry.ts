/**
 * Our one retry policy (the SDKs' own retries are off): exponential backoff with full jitter, where the
 * server's word wins (`retry-after-ms`, then `retry-after`, and `x-should-retry`). Which errors are retried,
 * how long to wait, and when to give up are pure functions here; `RetryControl` makes a pending wait observable
 * and lets a person skip it ("Retry now"). Cancelling is the call's AbortSignal.
 */
import type { ErrorInfo, ErrorKind } from '@contract/usage';
import type { RetrySettings } from '@contract/settings';
import { sleep, type Clock } from './clock';
import type { RetryHints } from './headers';

export type RetryPolicy = {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The longest the retries of one request may wait in all. */
  maxTotalWaitMs: number;
  /** The backoff's first ceiling, doubled on every retry up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  maxTotalWaitMs: 60_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
};

/** A provider's settings (any field may be missing) over the defaults. */
export function retryPolicyFor(settings?: Partial<RetrySettings>): RetryPolicy {
  return {
    ...DEFAULT_RETRY_POLICY,
    ...(settings?.maxAttempts !== undefined ? { maxAttempts: settings.maxAttempts } : {}),
    ...(settings?.maxTotalWaitMs !== undefined ? { maxTotalWaitMs: settings.maxTotalWaitMs } : {}),
  };
}

/** Full jitter: a uniform wait between 0 and the exponential ceiling of retry number `retry` (1 for the first). */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** Never retried, whatever the server says: the request itself is wrong, or retrying cannot change the answer. */
const NEVER_RETRIED: ReadonlySet<ErrorKind> = new Set([
  'bad_request',
  'authentication',
  'permission',
  'not_found',
  'context_length',
  'content_filter',
  'budget',
  'aborted',
  'unconfigured',
  'invalid_output',
]);
const NEVER_RETRIED_STATUS: ReadonlySet<number> = new Set([400, 401, 403, 404, 422]);
const RETRIED_KINDS: ReadonlySet<ErrorKind> = new Set([
  'connection',
  'timeout',
  'rate_limit',
  'overloaded',
  'server',
]);

function retriedStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Whether an error may be retried: connection errors, timeouts, 408, 409, 429, 5xx and Anthropic's 529 are;
 * 400, 401, 403, 404, 422, content filters and budgets never are. `x-should-retry` decides between the two
 * (false stops a retry; true allows one for an error that is not in the "never" list).
 */
export function isRetryable(error: ErrorInfo, hints: RetryHints = {}): boolean {
  if (NEVER_RETRIED.has(error.kind)) return false;
  if (error.status !== undefined && NEVER_RETRIED_STATUS.has(error.status)) return false;
  if (hints.shouldRetry !== undefined) return hints.shouldRetry;
  if (!error.retryable) return false;
  return RETRIED_KINDS.has(error.kind) || (error.status !== undefined && retriedStatus(error.status));
}

/**
 * Why retrying stops: the error is not retryable, the provider said not to, the attempts are used up, or the
 * wait would go past the longest total wait.
 */
export type RetryStop = 'not-retryable' | 'provider-said-no' | 'attempts' | 'wait-budget';

export type RetryDecision =
  | { retry: true; delayMs: number; source: 'server' | 'backoff' }
  | { retry: false; stop: RetryStop; reason: string };

export type RetryInput = {
  error: ErrorInfo;
  hints?: RetryHints;
  /** The attempt that just failed (1 for the first). */
  attempt: number;
  /** How long this request's retries have waited so far. */
  waitedMs: number;
  policy: RetryPolicy;
  random: () => number;
};

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? Math.round(s * 10) / 10 : Math.round(s)} s`;
}

/** Decides whether to retry after a failed attempt, and how long to wait first. */
export function decideRetry(input: RetryInput): RetryDecision {
  const { error, hints = {}, attempt, waitedMs, policy } = input;
  if (!isRetryable(error, hints)) {
    return hints.shouldRetry === false
      ? { retry: false, stop: 'provider-said-no', reason: 'the provider said not to retry' }
      : { retry: false, stop: 'not-retryable', reason: `${error.kind.replace('_', ' ')} is not retried` };
  }
  if (attempt >= policy.maxAttempts) {
    return { retry: false, stop: 'attempts', reason: `${attempt} attempt${attempt === 1 ? '' : 's'} failed` };
  }
  const serverDelay = hints.retryAfterMs ?? error.retryAfterMs;
  const delayMs = serverDelay ?? backoffDelayMs(attempt, policy, input.random);
  const budget = policy.maxTotalWaitMs - waitedMs;
  if (delayMs > budget) {
    return {
      retry: false,
      stop: 'wait-budget',
      reason:
        serverDelay !== undefined
          ? `the provider asked to wait ${seconds(serverDelay)}, longer than the ${seconds(Math.max(0, budget))} left to wait`
          : `retries would wait longer than ${seconds(policy.maxTotalWaitMs)}`,
    };
  }
  return { retry: true, delayMs, source: serverDelay !== undefined ? 'server' : 'backoff' };
}

/** A retry waiting to happen: what the renderer shows as "Rate limited by OpenAI, retrying in 4 s (attempt 2 of 4)". */
export type RetryState = {
  /** The attempt that will be made when the wait ends. */
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  /** When the wait ends (ms since the epoch). */
  untilMs: number;
  provider: string;
  model: string;
  error: ErrorInfo;
};

/**
 * One per user request, held by the service that started it: shows the pending retry, if any, and skips its wait
 * on "Retry now". Cancel is the request's AbortSignal, which also ends a wait.
 */
export class RetryControl {
  private current: { state: RetryState; wake: () => void } | null = null;
  private readonly listeners = new Set<(state: RetryState | null) => void>();

  /** The retry being waited for, or null. */
  get pending(): RetryState | null {
    return this.current?.state ?? null;
  }

  /** Skips the pending wait; false when nothing was waiting. */
  retryNow(): boolean {
    if (!this.current) return false;
    this.current.wake();
    return true;
  }

  subscribe(listener: (state: RetryState | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Waits out `state.delayMs` (or until "Retry now"); rejects with AbortedError when `signal` aborts. */
  async wait(clock: Clock, state: RetryState, signal?: AbortSignal): Promise<void> {
    try {
      await sleep(clock, state.delayMs, signal, (wake) => {
        this.current = { state, wake };
        this.notify();
      });
    } finally {
      this.current = null;
      this.notify();
    }
  }

  private notify(): void {
    const state = this.pending;
    for (const listener of this.listeners) listener(state);
  }
}
