/**
 * Throttled progress per job: changes are gathered and sent at most once per interval (the items that changed
 * since the last event), and at once when the job's state changes (`flush`). A job of thousands of fast items
 * thus sends a few events a second, never one per call.
 */
export type ProgressSink = (jobId: string, itemIds: string[]) => void;

type Pending = { itemIds: Set<string>; timer: ReturnType<typeof setTimeout> | null };

export class ProgressThrottle {
  private readonly pending = new Map<string, Pending>();
  /** When each job's last event went out. */
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly send: ProgressSink,
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  /** Notes a change (of an item, when given); the event follows within the interval. */
  changed(jobId: string, itemId?: string): void {
    const entry = this.entry(jobId);
    if (itemId !== undefined) entry.itemIds.add(itemId);
    if (entry.timer) return;
    const wait = Math.max(0, (this.lastSent.get(jobId) ?? -Infinity) + this.intervalMs - this.now());
    entry.timer = setTimeout(() => this.flush(jobId), wait);
  }

  /** Sends the job's event now, with every item changed since the last one. */
  flush(jobId: string, itemIds: readonly string[] = []): void {
    const entry = this.pending.get(jobId);
    if (entry?.timer) clearTimeout(entry.timer);
    this.pending.delete(jobId);
    const ids = new Set([...(entry?.itemIds ?? []), ...itemIds]);
    this.lastSent.set(jobId, this.now());
    this.send(jobId, [...ids]);
  }

  /** Drops what is waiting (the app is closing). */
  dispose(): void {
    for (const entry of this.pending.values()) if (entry.timer) clearTimeout(entry.timer);
    this.pending.clear();
  }

  private entry(jobId: string): Pending {
    let entry = this.pending.get(jobId);
    if (!entry) {
      entry = { itemIds: new Set(), timer: null };
      this.pending.set(jobId, entry);
    }
    return entry;
  }
}
