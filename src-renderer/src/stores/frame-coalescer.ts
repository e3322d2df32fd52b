/**
 * Collects items arriving at any rate and hands them over at most once per frame.
 * The scheduler is injected: `requestAnimationFrame` in the page (with a timer fallback for hidden pages, where
 * animation frames stop), a fake in tests.
 */
export type Schedule = (run: () => void) => void;

export class FrameCoalescer<T> {
  private pending: T[] = [];
  private scheduled = false;

  constructor(
    private readonly apply: (items: T[]) => void,
    private readonly schedule: Schedule,
  ) {}

  push(item: T): void {
    this.pending.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /** Hands over what is pending now (also called by the scheduled frame). */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    this.apply(items);
  }
}

/** The next animation frame, or a timer when the page is hidden and frames do not come. */
export function nextFrame(fallbackMs = 250): Schedule {
  return (run) => {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      run();
    };
    const frame = requestAnimationFrame(once);
    const timer = setTimeout(once, fallbackMs);
  };
}
