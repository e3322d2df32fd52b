/**
 * A circuit breaker per provider. Closed: calls go through. After `failureThreshold` availability failures in
 * a row it opens: calls fail fast, without touching the network, until the cooldown ends. Then it is half-open:
 * one call goes through as a probe; success closes it, failure opens it again for a longer cooldown (doubled each
 * time, up to `maxCooldownMs`).
 */
import type { Clock } from './clock';

export type CircuitState = 'closed' | 'open' | 'half-open';

export type BreakerOptions = {
  failureThreshold: number;
  cooldownMs: number;
  maxCooldownMs: number;
};

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = {
  failureThreshold: 5,
  cooldownMs: 30_000,
  maxCooldownMs: 5 * 60_000,
};

/** `probe`: this call is the half-open circuit's one trial; report how it went. */
export type Admission = { allowed: true; probe: boolean } | { allowed: false; retryAt: number | null };

export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntil: number | null = null;
  private reopenings = 0;
  private probeInFlight = false;
  private cancelTimer: (() => void) | null = null;

  constructor(
    private readonly options: BreakerOptions,
    private readonly clock: Clock,
    private readonly onChange: () => void,
  ) {}

  get state(): CircuitState {
    if (this.openUntil === null) return 'closed';
    return this.clock.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** When an open circuit lets a probe through (ms since the epoch), or null when it is not open. */
  get retryAt(): number | null {
    return this.state === 'open' ? this.openUntil : null;
  }

  get failuresInARow(): number {
    return this.consecutiveFailures;
  }

  /** Asks to make a call. A half-open circuit lets one probe through and refuses the rest until it reports. */
  admit(): Admission {
    const state = this.state;
    if (state === 'closed') return { allowed: true, probe: false };
    if (state === 'open') return { allowed: false, retryAt: this.openUntil };
    if (this.probeInFlight) return { allowed: false, retryAt: null };
    this.probeInFlight = true;
    return { allowed: true, probe: true };
  }

  success(): void {
    const wasOpen = this.openUntil !== null;
    this.consecutiveFailures = 0;
    this.reopenings = 0;
    this.probeInFlight = false;
    this.openUntil = null;
    this.cancelTimer?.();
    if (wasOpen) this.onChange();
  }

  failure(): void {
    this.consecutiveFailures += 1;
    const state = this.state;
    if (state === 'half-open') {
      this.reopenings += 1;
      this.open();
    } else if (state === 'closed' && this.consecutiveFailures >= this.options.failureThreshold) {
      this.open();
    }
  }

  /** The call ended without saying anything about the provider (cancelled, a bad request): frees the probe slot. */
  release(probe: boolean): void {
    if (probe) this.probeInFlight = false;
  }

  private open(): void {
    const cooldown = Math.min(this.options.maxCooldownMs, this.options.cooldownMs * 2 ** this.reopenings);
    this.openUntil = this.clock.now() + cooldown;
    this.probeInFlight = false;
    this.cancelTimer?.();
    // Tell listeners when the cooldown ends and the circuit turns half-open.
    this.cancelTimer = this.clock.setTimer(() => this.onChange(), cooldown, { background: true });
    this.onChange();
  }
}
