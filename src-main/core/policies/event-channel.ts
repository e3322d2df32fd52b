/**
 * A one-consumer async queue between a producer that pushes events (some from callbacks, where it cannot yield)
 * and a `for await` loop that reads them. `push` resolves once the reader has caught up to `highWater` queued
 * events, so a producer that awaits it streams no faster than the reader reads. When the reader stops early,
 * `onStop` runs (the producer is cancelled) and further pushes are dropped.
 */
export class EventChannel<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private readonly drained: Array<() => void> = [];
  private wakeReader: (() => void) | null = null;
  private closed = false;
  private stopped = false;
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly onStop: () => void,
    private readonly highWater = 64,
  ) {}

  push(item: T): Promise<void> {
    if (this.closed || this.stopped) return Promise.resolve();
    this.items.push(item);
    this.wake();
    if (this.items.length < this.highWater) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  fail(error: unknown): void {
    this.failure = { error };
    this.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    try {
      while (true) {
        const item = this.items.shift();
        if (item !== undefined) {
          if (this.items.length < this.highWater) this.release();
          yield item;
          continue;
        }
        if (this.failure) throw this.failure.error;
        if (this.closed) return;
        await new Promise<void>((resolve) => (this.wakeReader = resolve));
      }
    } finally {
      if (!this.closed) {
        this.stopped = true;
        this.items.length = 0;
        this.release();
        this.onStop();
      }
    }
  }

  private wake(): void {
    const wake = this.wakeReader;
    this.wakeReader = null;
    wake?.();
  }

  private release(): void {
    for (const resolve of this.drained.splice(0)) resolve();
  }
}
