export type BackoffOptions = {
  /** Wait before the first reconnect attempt. */
  initialMs: number;
  /** The longest wait between attempts. */
  maxMs: number;
  factor: number;
};

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5000, factor: 2 };

/** Wait before reconnect attempt `attempt` (0-based): grows by `factor` up to `maxMs`. */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const delay = options.initialMs * options.factor ** Math.max(0, attempt);
  return Math.min(options.maxMs, Math.round(delay));
}
