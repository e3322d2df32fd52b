/**
 * The HTTP layer under the SDKs for one call: enforces our four timeouts, links the caller's AbortSignal to the
 * request, and reports every response's status and headers (errors included) through `onResponse`.
 *
 * The SDKs get `transport.fetch` as their fetch and `transport.signal` as the request's signal. When a timer fires
 * or the caller aborts, the request is aborted at once (the socket closes); the adapter then asks `ended` why.
 *
 * Phases:
 * - connect: until the response headers arrive (for `complete()` the headers only come with the whole answer, so
 *   there the wait for headers is the first-token phase);
 * - first_token: until the adapter sees the first content delta (`markContent()`);
 * - idle: between two chunks of the response body;
 * - total: the whole call.
 */
import type { TimeoutPhase } from '@contract/usage';
import type { CallOptions, ResponseMeta, Timeouts } from './types';

export const DEFAULT_TIMEOUTS: Timeouts = {
  connectMs: 30_000,
  firstTokenMs: 120_000,
  idleMs: 60_000,
  totalMs: 900_000,
};

/** The SDKs' own per-request timeout: far above ours, so ours always decide. */
export const SDK_TIMEOUT_MS = 24 * 60 * 60 * 1000;

export function resolveTimeouts(...layers: Array<Partial<Timeouts> | undefined>): Timeouts {
  const out = { ...DEFAULT_TIMEOUTS };
  for (const layer of layers) {
    if (!layer) continue;
    for (const key of Object.keys(out) as Array<keyof Timeouts>) {
      const value = layer[key];
      if (typeof value === 'number' && value > 0) out[key] = value;
    }
  }
  return out;
}

/** stream: a streamed generation; complete: a generation answered in one body; request: anything else. */
export type CallMode = 'stream' | 'complete' | 'request';

export type CallEnd = { kind: 'aborted' } | { kind: 'timeout'; phase: TimeoutPhase; ms: number };

export class CallTransport {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timers = new Map<TimeoutPhase, ReturnType<typeof setTimeout>>();
  private readonly startedAt = performance.now();
  private firstContentAt: number | undefined;
  private endReason: CallEnd | undefined;
  private lastResponse: ResponseMeta | undefined;

  constructor(
    private readonly mode: CallMode,
    private readonly timeouts: Timeouts,
    private readonly options: Pick<CallOptions, 'signal' | 'onResponse'> = {},
  ) {
    this.signal = this.controller.signal;
    const outer = options.signal;
    if (outer?.aborted) this.stop({ kind: 'aborted' });
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
    this.arm('total', timeouts.totalMs);
    if (mode === 'stream') this.arm('first_token', timeouts.firstTokenMs);
  }

  /** Why the call was stopped, if it was: the caller aborted, or one of our timers fired. */
  get ended(): CallEnd | undefined {
    return this.endReason;
  }

  get response(): ResponseMeta | undefined {
    return this.lastResponse;
  }

  get elapsedMs(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  get ttftMs(): number | undefined {
    return this.firstContentAt === undefined ? undefined : Math.round(this.firstContentAt - this.startedAt);
  }

  /** The adapter saw content (text, thinking or a tool call): the first-token phase is over. */
  markContent(): void {
    if (this.firstContentAt !== undefined) return;
    this.firstContentAt = performance.now();
    this.disarm('first_token');
  }

  /** Stops the call now (the caller broke out of a stream, or the call is over). */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.options.signal?.removeEventListener('abort', this.onOuterAbort);
    if (!this.controller.signal.aborted) this.controller.abort();
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headersPhase: TimeoutPhase = this.mode === 'complete' ? 'first_token' : 'connect';
    const headersMs = this.mode === 'complete' ? this.timeouts.firstTokenMs : this.timeouts.connectMs;
    this.arm(headersPhase, headersMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, this.signal]) : this.signal;
    let response: Response;
    try {
      response = await fetch(input, { ...init, signal });
    } finally {
      this.disarm(headersPhase);
    }
    this.lastResponse = { status: response.status, headers: response.headers };
    this.options.onResponse?.(this.lastResponse);
    if (!response.body) return response;
    return new Response(this.watchBody(response.body), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

  private watchBody(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const idleMs = this.timeouts.idleMs;
    return body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        start: () => this.arm('idle', idleMs),
        transform: (chunk, controller) => {
          this.arm('idle', idleMs);
          controller.enqueue(chunk);
        },
        flush: () => this.disarm('idle'),
      }),
    );
  }

  private readonly onOuterAbort = (): void => this.stop({ kind: 'aborted' });

  private stop(reason: CallEnd): void {
    if (this.endReason || this.controller.signal.aborted) return;
    this.endReason = reason;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.controller.abort();
  }

  private arm(phase: TimeoutPhase, ms: number): void {
    this.disarm(phase);
    if (this.endReason || !Number.isFinite(ms)) return;
    const timer = setTimeout(() => this.stop({ kind: 'timeout', phase, ms }), ms);
    timer.unref?.();
    this.timers.set(phase, timer);
  }

  private disarm(phase: TimeoutPhase): void {
    const timer = this.timers.get(phase);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(phase);
  }
}
