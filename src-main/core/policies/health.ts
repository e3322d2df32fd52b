/**
 * Provider health: `ok`, `degraded`, `down`, `unconfigured` (or `unknown` before anything is known), from cheap
 * checks that spend no tokens (the adapter's `health()`, which lists models) and from live traffic: the error
 * rate over a sliding window, a latency average (EWMA) per provider and per model, and a circuit breaker per
 * provider. Listeners hear about every change of state, circuit or message (the renderer shows them).
 */
import type { HealthState, ProviderHealth } from '@contract/models';
import type { ErrorInfo, ErrorKind } from '@contract/usage';
import type { ProviderAdapter } from '../providers/types';
import { systemClock, type Clock } from './clock';
import { CircuitBreaker, DEFAULT_BREAKER_OPTIONS, type BreakerOptions } from './circuit-breaker';

export type HealthOptions = {
  /** Every provider the user has (configured or not). */
  providers: () => string[];
  /** The provider's adapter; undefined when it is not configured (the same function the pipeline gets). */
  adapterFor: (provider: string) => ProviderAdapter | undefined;
  /** A provider's name for messages ("OpenAI"); its id when absent. */
  labelFor?: (provider: string) => string;
  clock?: Clock;
  breaker?: Partial<BreakerOptions>;
  /** How far back the error rate looks. */
  windowMs?: number;
  /** The error rate at which a provider is degraded, once the window holds `minSamples` calls. */
  degradedErrorRate?: number;
  minSamples?: number;
  /** Weight of the newest latency in the average. */
  latencyAlpha?: number;
  /** How long a health check may take. */
  checkTimeoutMs?: number;
};

/** What a finished provider call tells about its provider. `latencyMs`: time to first token, or the whole call. */
export type TrafficResult = { ok: true; latencyMs: number } | { ok: false; error: ErrorInfo };

/** Errors that say the provider is unavailable: they count against the circuit. */
const AVAILABILITY_FAILURES: ReadonlySet<ErrorKind> = new Set([
  'connection',
  'timeout',
  'server',
  'overloaded',
]);
const KEY_FAILURES: ReadonlySet<ErrorKind> = new Set(['authentication', 'permission']);

type ProviderRecord = {
  breaker: CircuitBreaker;
  outcomes: Array<{ at: number; ok: boolean }>;
  latencyMs?: number;
  keyProblem?: string;
  probe?: { at: number; ok: boolean; latencyMs: number; message?: string };
  lastSuccessAt?: number;
  lastNotified?: string;
};

const MAX_OUTCOMES = 200;

export class HealthMonitor {
  private readonly clock: Clock;
  private readonly records = new Map<string, ProviderRecord>();
  private readonly modelLatency = new Map<string, number>();
  private readonly listeners = new Set<(changed: ProviderHealth[]) => void>();
  private readonly breakerOptions: BreakerOptions;

  constructor(private readonly options: HealthOptions) {
    this.clock = options.clock ?? systemClock;
    this.breakerOptions = { ...DEFAULT_BREAKER_OPTIONS, ...options.breaker };
  }

  subscribe(listener: (changed: ProviderHealth[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  all(): ProviderHealth[] {
    return this.options.providers().map((provider) => this.get(provider));
  }

  get(provider: string): ProviderHealth {
    const record = this.records.get(provider);
    const health: ProviderHealth = {
      provider,
      state: 'unknown',
      circuit: record?.breaker.state ?? 'closed',
    };
    if (record?.probe) health.checkedAt = record.probe.at;
    if (record?.latencyMs !== undefined) health.latencyMs = Math.round(record.latencyMs);
    const rate = record ? this.errorRate(record) : undefined;
    if (rate !== undefined) health.errorRate = rate;
    const { state, message } = this.judge(provider, record, rate);
    health.state = state;
    if (message) health.message = message;
    return health;
  }

  /** Average latency of a model (`provider:model`), or of its provider when the model has no calls yet. */
  latencyOf(ref: string, provider: string): number | undefined {
    return this.modelLatency.get(ref) ?? this.records.get(provider)?.latencyMs;
  }

  /**
   * Asks the provider's circuit for a call. Refused: an error naming the provider and when it will be tried
   * again, without touching the network.
   */
  admit(provider: string): { allowed: true; probe: boolean } | { allowed: false; error: ErrorInfo } {
    const record = this.entry(provider);
    const admission = record.breaker.admit();
    if (admission.allowed) return admission;
    const label = this.label(provider);
    const now = this.clock.now();
    const failures = record.breaker.failuresInARow;
    const error: ErrorInfo = {
      kind: 'server',
      providerCode: 'circuit_open',
      provider,
      retryable: true,
      message:
        admission.retryAt === null
          ? `${label} has been failing; Modeldesk is testing it with one call and sends more once that succeeds.`
          : `${label} failed ${failures} times in a row, so Modeldesk is not calling it for another ${seconds(admission.retryAt - now)}.`,
      action: 'Wait a little, or pick a model from another provider.',
    };
    if (admission.retryAt !== null) error.retryAfterMs = Math.max(0, admission.retryAt - now);
    return { allowed: false, error };
  }

  /** Learns from a finished provider call. `probe`: the call was the half-open circuit's trial. */
  record(provider: string, ref: string, result: TrafficResult, probe: boolean): void {
    const record = this.entry(provider);
    const now = this.clock.now();
    if (result.ok) {
      record.lastSuccessAt = now;
      record.keyProblem = undefined;
      this.pushOutcome(record, now, true);
      const alpha = this.options.latencyAlpha ?? 0.3;
      record.latencyMs = ewma(record.latencyMs, result.latencyMs, alpha);
      this.modelLatency.set(ref, ewma(this.modelLatency.get(ref), result.latencyMs, alpha));
      record.breaker.success();
    } else if (AVAILABILITY_FAILURES.has(result.error.kind)) {
      this.pushOutcome(record, now, false);
      record.breaker.failure();
    } else {
      if (result.error.kind === 'rate_limit') this.pushOutcome(record, now, false);
      if (KEY_FAILURES.has(result.error.kind)) record.keyProblem = result.error.message;
      record.breaker.release(probe);
    }
    this.notifyIfChanged(provider);
  }

  /** The cheap check: lists models through the adapter, spending no tokens. */
  async check(provider: string, signal?: AbortSignal): Promise<ProviderHealth> {
    const adapter = this.options.adapterFor(provider);
    if (!adapter) {
      this.notifyIfChanged(provider);
      return this.get(provider);
    }
    const record = this.entry(provider);
    const timeout = AbortSignal.timeout(this.options.checkTimeoutMs ?? 10_000);
    const started = this.clock.now();
    try {
      const probe = await adapter.health({ signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      record.probe = { at: this.clock.now(), ok: probe.ok, latencyMs: probe.latencyMs };
      if (probe.error) record.probe.message = probe.error.message;
      if (probe.ok) record.keyProblem = undefined;
      else if (probe.error && KEY_FAILURES.has(probe.error.kind)) record.keyProblem = probe.error.message;
    } catch (error) {
      const info = (error as { toInfo?: () => ErrorInfo }).toInfo?.();
      if (info?.kind === 'aborted' && signal?.aborted) throw error;
      record.probe = {
        at: this.clock.now(),
        ok: false,
        latencyMs: this.clock.now() - started,
        message: info?.message ?? `${this.label(provider)} did not answer the health check.`,
      };
      if (info && KEY_FAILURES.has(info.kind)) record.keyProblem = info.message;
    }
    this.notifyIfChanged(provider);
    return this.get(provider);
  }

  async checkAll(signal?: AbortSignal): Promise<ProviderHealth[]> {
    return Promise.all(this.options.providers().map((provider) => this.check(provider, signal)));
  }

  /** Checks every provider now and then every `intervalMs`, in the background; returns a function that stops it. */
  startChecks(intervalMs: number): () => void {
    let stopped = false;
    let cancel = () => {};
    const round = () => {
      void this.checkAll().finally(() => {
        if (!stopped) cancel = this.clock.setTimer(round, intervalMs, { background: true });
      });
    };
    round();
    return () => {
      stopped = true;
      cancel();
    };
  }

  private judge(
    provider: string,
    record: ProviderRecord | undefined,
    rate: number | undefined,
  ): { state: HealthState; message?: string } {
    const label = this.label(provider);
    if (!this.options.adapterFor(provider)) {
      return {
        state: 'unconfigured',
        message: `${label} is not set up: add its key or address in Settings.`,
      };
    }
    if (!record) return { state: 'unknown' };
    const circuit = record.breaker.state;
    if (circuit === 'open') {
      const retryAt = record.breaker.retryAt ?? this.clock.now();
      return {
        state: 'down',
        message: `${label} failed ${record.breaker.failuresInARow} times in a row; Modeldesk tries it again in ${seconds(retryAt - this.clock.now())}.`,
      };
    }
    if (record.keyProblem) return { state: 'down', message: record.keyProblem };
    const probe = record.probe;
    if (probe && !probe.ok && probe.at >= (record.lastSuccessAt ?? 0)) {
      return { state: 'down', message: probe.message ?? `${label} did not answer the health check.` };
    }
    if (circuit === 'half-open') {
      return {
        state: 'degraded',
        message: `${label} has been failing; the next call tests whether it is back.`,
      };
    }
    const threshold = this.options.degradedErrorRate ?? 0.25;
    if (rate !== undefined && rate >= threshold) {
      return { state: 'degraded', message: `${Math.round(rate * 100)}% of recent calls to ${label} failed.` };
    }
    if (!probe && record.outcomes.length === 0 && record.lastSuccessAt === undefined)
      return { state: 'unknown' };
    return { state: 'ok' };
  }

  private errorRate(record: ProviderRecord): number | undefined {
    this.prune(record, this.clock.now());
    if (record.outcomes.length < (this.options.minSamples ?? 4)) return undefined;
    const failures = record.outcomes.filter((o) => !o.ok).length;
    return failures / record.outcomes.length;
  }

  private pushOutcome(record: ProviderRecord, at: number, ok: boolean): void {
    record.outcomes.push({ at, ok });
    if (record.outcomes.length > MAX_OUTCOMES) record.outcomes.shift();
    this.prune(record, at);
  }

  private prune(record: ProviderRecord, now: number): void {
    const since = now - (this.options.windowMs ?? 5 * 60_000);
    while (record.outcomes.length > 0 && (record.outcomes[0]?.at ?? now) < since) record.outcomes.shift();
  }

  private entry(provider: string): ProviderRecord {
    let record = this.records.get(provider);
    if (!record) {
      record = {
        breaker: new CircuitBreaker(this.breakerOptions, this.clock, () => this.notifyIfChanged(provider)),
        outcomes: [],
      };
      this.records.set(provider, record);
    }
    return record;
  }

  private label(provider: string): string {
    return this.options.labelFor?.(provider) ?? provider;
  }

  private notifyIfChanged(provider: string): void {
    const health = this.get(provider);
    const signature = `${health.state}|${health.circuit}|${health.state === 'down' && health.circuit === 'open' ? '' : (health.message ?? '')}`;
    const record = this.entry(provider);
    if (signature === record.lastNotified) return;
    record.lastNotified = signature;
    for (const listener of this.listeners) listener([health]);
  }
}

function ewma(previous: number | undefined, sample: number, alpha: number): number {
  return previous === undefined ? sample : previous + alpha * (sample - previous);
}

function seconds(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 120 ? `${s} s` : `${Math.ceil(s / 60)} min`;
}
