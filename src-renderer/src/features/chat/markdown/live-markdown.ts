/**
 * A streaming answer's Markdown, split into finished blocks (shown by React, each rendered once) and the growing last
 * block (drawn by `LiveTail` straight into the DOM). An update that only grows the last block costs a lex of that
 * block and a text append; React hears of it only when a block finished.
 */
import { IncrementalBlocks, type Block, type BlockSnapshot } from './blocks';
import { LiveTail } from './live-tail';

const NO_BLOCKS: readonly Block[] = [];

export class LiveMarkdown {
  private readonly blocks = new IncrementalBlocks();
  private snapshot: BlockSnapshot = { finished: NO_BLOCKS, live: null };
  /** The finished blocks as React last heard of them while streaming (changes only when a block finished). */
  private streamedFinished: readonly Block[] = NO_BLOCKS;
  private tail: LiveTail | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly makeTail: (element: HTMLElement) => LiveTail = (element) => new LiveTail(element),
  ) {}

  /** For `useSyncExternalStore`: told when the finished blocks changed. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** For `useSyncExternalStore`: the finished blocks while streaming. */
  readonly finishedBlocks = (): readonly Block[] => this.streamedFinished;

  /**
   * The streamed text so far. When a block finished, React is told (the tail follows in `syncTail`, after React has
   * committed, so the page never shows a block twice or not at all); otherwise only the tail changes.
   */
  stream(text: string): void {
    this.snapshot = this.blocks.update(text, false);
    if (this.snapshot.finished !== this.streamedFinished) {
      this.streamedFinished = this.snapshot.finished;
      for (const listener of this.listeners) listener();
    } else {
      this.tail?.show(this.snapshot.live);
    }
  }

  /** The whole text, once no more will come: every block finished (those that finished while streaming kept). */
  complete(text: string): BlockSnapshot {
    this.snapshot = this.blocks.update(text, true);
    return this.snapshot;
  }

  /** The element the growing block is drawn into (null when it is gone). */
  attachTail(element: HTMLElement | null): void {
    if (!element) {
      this.tail = null;
      return;
    }
    this.tail = this.makeTail(element);
    this.tail.show(this.snapshot.live);
  }

  /** After React committed new finished blocks: the tail shows the growing block of the same update. */
  syncTail(): void {
    this.tail?.show(this.snapshot.live);
  }
}
