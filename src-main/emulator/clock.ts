/**
 * Real time for the emulator, captured when this module loads: tests elsewhere fake the global timers and
 * `Date` (vitest's fake timers), and the emulator's pacing must keep running on the real clock regardless.
 */
import { clearTimeout as realClearTimeout, setTimeout as realSetTimeout } from 'node:timers';
import { performance } from 'node:perf_hooks';

const perfNow = performance.now.bind(performance);
const timeOrigin = performance.timeOrigin;

/** Milliseconds since the epoch, with sub-millisecond precision, on the real clock. */
export function now(): number {
  return timeOrigin + perfNow();
}

/** Waits at least `ms` of real time; resolves early (with false) when `signal` aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return sleepUntil(now() + ms, signal);
}

/**
 * Waits until the real clock reaches `deadline` (ms since the epoch), never returning early: timers fire on
 * whole milliseconds, so the wait goes on until the deadline has truly passed. False when `signal` aborts.
 */
export async function sleepUntil(deadline: number, signal?: AbortSignal): Promise<boolean> {
  for (let left = deadline - now(); left > 0; left = deadline - now()) {
    if (!(await timer(Math.ceil(left), signal))) return false;
  }
  return !signal?.aborted;
}

function timer(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      realClearTimeout(handle);
      resolve(false);
    };
    const handle = realSetTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
