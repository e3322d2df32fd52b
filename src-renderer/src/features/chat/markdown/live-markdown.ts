/**
 * A streaming answer's Markdown, drawn straight into the DOM: its finished blocks are added to the message's element
 * as they finish (each built once: fillBlock), and its growing last block is drawn by `LiveTail` after them. React
 * renders the message's element once and never hears of an update: one that only grows the last block costs a lex
 * of that block and a text append; one that finishes a block adds its element too.
 *
 * When the answer completes, the blocks that finished while it streamed stay (same elements); only what was still
 * growing is added, so the message ends as one that arrived complete would show (same elements, same HTML).
 */
import { blockElement } from './block-element';
import { IncrementalBlocks, type Block, type BlockSnapshot } from './blocks';
import { LiveTail } from './live-tail';

const EMPTY: BlockSnapshot = { finished: [], live: null };

export class LiveMarkdown {
  private readonly blocks = new IncrementalBlocks();
  private snapshot: BlockSnapshot = EMPTY;
  private container: HTMLElement | null = null;
  /** The finished blocks in the container, in order, with their elements. */
  private shown: Array<{ block: Block; element: HTMLElement }> = [];
  private tail: LiveTail | null = null;
  private tailElement: HTMLElement | null = null;

  constructor(
    private readonly makeTail: (element: HTMLElement) => LiveTail = (element) => new LiveTail(element),
  ) {}

  /** The streamed text so far: new finished blocks are added, then the growing block is shown. */
  stream(text: string): void {
    this.snapshot = this.blocks.update(text, false);
    this.showFinished();
    this.tail?.show(this.snapshot.live);
  }

  /** The whole text, once no more will come: every block finished (those that finished while streaming kept). */
  complete(text: string): void {
    this.snapshot = this.blocks.update(text, true);
    this.showFinished();
  }

  /** The message's element the blocks go into (null when it is gone). */
  attachContainer(element: HTMLElement | null): void {
    if (element !== this.container) {
      for (const { element: shown } of this.shown) shown.remove();
      this.shown = [];
    }
    this.container = element;
    this.showFinished();
  }

  /** The element the growing block is drawn into, the container's last child while streaming (null when gone). */
  attachTail(element: HTMLElement | null): void {
    this.tailElement = element;
    this.tail = element ? this.makeTail(element) : null;
    this.tail?.show(this.snapshot.live);
  }

  /**
   * Makes the container's blocks the snapshot's finished ones: those already shown stay (blocks keep their objects
   * while the text only grows), the rest are added before the tail; if the text was replaced, what no longer
   * belongs goes. Costs O(blocks added), plus a walk of the shown blocks only when the text was replaced.
   */
  private showFinished(): void {
    const container = this.container;
    if (!container) return;
    const finished = this.snapshot.finished;
    let same = this.shown.length;
    if (same > finished.length || (same > 0 && finished[same - 1] !== this.shown[same - 1]!.block)) {
      same = 0;
      while (same < this.shown.length && finished[same] === this.shown[same]!.block) same++;
      for (const { element } of this.shown.splice(same)) element.remove();
    }
    const before = this.tailElement?.parentNode === container ? this.tailElement : null;
    for (let i = same; i < finished.length; i++) {
      const block = finished[i]!;
      const element = blockElement(block);
      container.insertBefore(element, before);
      this.shown.push({ block, element });
    }
  }
}
