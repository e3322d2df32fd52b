/**
 * Time for the policies: every wait, timestamp and timer goes through a `Clock`, so tests can drive time with
 * vitest's fake timers (the system clock looks up `Date.now` and `setTimeout` when called, not when loaded) or
 * with a clock of their own.
 */
import type { ErrorInfo } from '@contract/usage';

export type Clock = {
  now(): number;
  /**
   * Runs `fn` after `ms`; returns a function that cancels it. `background` timers (health probes, circuit
   * cooldowns) do not keep the process alive.
   */
  setTimer(fn: () => void, ms: number, options?: { background?: boolean }): () => void;
};

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms, options) {
    const timer = setTimeout(fn, Math.max(0, ms));
    if (options?.background) timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/** The error every policy wait rejects with when its signal aborts. */
export class AbortedError extends Error {
  constructor(message = 'The request was cancelled.') {
    super(message);
    this.name = 'AbortedError';
  }

  toInfo(): ErrorInfo {
    return { kind: 'aborted', message: this.message, retryable: false };
  }
}

/**
 * Waits `ms` on `clock`. Resolves early when `wake` is called (e.g. "Retry now"); rejects with `AbortedError`
 * when `signal` aborts.
 */
export function sleep(
  clock: Clock,
  ms: number,
  signal?: AbortSignal,
  onWakeHandle?: (wake: () => void) => void,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(new AbortedError());
  return new Promise<void>((resolve, reject) => {
    let cancelTimer = () => {};
    const finish = (error?: Error) => {
      cancelTimer();
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => finish(new AbortedError());
    signal?.addEventListener('abort', onAbort, { once: true });
    cancelTimer = clock.setTimer(() => finish(), ms);
    onWakeHandle?.(() => finish());
  });
}
