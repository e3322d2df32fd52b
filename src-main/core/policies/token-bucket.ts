/**
 * A token bucket: holds up to `capacity` tokens and refills continuously at `refillPerMs`. Taking more than it
 * holds is allowed once it is full (a request larger than the whole limit would otherwise wait forever) and
 * leaves a debt that later requests wait out.
 */
/** Refills are fractional: a bucket a billionth of a token short is full enough. */
const EPSILON = 1e-6;

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private capacity: number,
    private refillPerMs: number,
    now: number,
    initialTokens = capacity,
  ) {
    this.tokens = initialTokens;
    this.updatedAt = now;
  }

  /** A bucket for a per-minute limit, starting full. */
  static perMinute(limit: number, now: number): TokenBucket {
    return new TokenBucket(limit, limit / 60_000, now);
  }

  get limit(): number {
    return this.capacity;
  }

  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  /** Milliseconds until `amount` can be taken (0: now). */
  waitMs(amount: number, now: number): number {
    this.refill(now);
    const needed = Math.min(amount, this.capacity);
    if (this.tokens + EPSILON >= needed) return 0;
    if (this.refillPerMs <= 0) return Number.POSITIVE_INFINITY;
    return Math.ceil((needed - this.tokens) / this.refillPerMs);
  }

  take(amount: number, now: number): void {
    this.refill(now);
    this.tokens -= amount;
  }

  /** Gives back (negative: charges) the difference between an estimate taken earlier and what was used. */
  adjust(delta: number, now: number): void {
    this.refill(now);
    this.tokens = Math.min(this.capacity, this.tokens + delta);
  }

  /** A new per-minute limit from the settings: keeps the fill level, capped at the new capacity. */
  resize(limit: number, now: number): void {
    this.refill(now);
    this.capacity = limit;
    this.refillPerMs = limit / 60_000;
    this.tokens = Math.min(this.tokens, limit);
  }

  /**
   * Takes the provider's word: `remaining` now, full (`limit`) again at `resetAt`. Providers replenish
   * continuously, so the bucket refills linearly from here to there.
   */
  sync(limit: number, remaining: number, resetAt: number | undefined, now: number): void {
    this.capacity = limit;
    this.tokens = Math.min(remaining, limit);
    this.updatedAt = now;
    const untilReset = resetAt === undefined ? 0 : resetAt - now;
    this.refillPerMs =
      untilReset > 0 && remaining < limit ? (limit - remaining) / untilReset : limit / 60_000;
  }

  private refill(now: number): void {
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.refillPerMs);
      this.updatedAt = now;
    }
  }
}
