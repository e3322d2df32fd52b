/**
 * Room ahead of a streaming answer, so the message list sees it grow a screen at a time instead of a line at a time.
 *
 * The list is virtualized: every change of a row's height is measured by the list, which then recomputes its sizes
 * and offsets and renders again (about a millisecond each, and at 100 tok/s the answer's height changed on most
 * updates: each new line of a paragraph, a code block or a table). While an answer streams, its row is given a
 * minimum height a screen taller than its content; the content grows into that room, and the row (what the list
 * measures) changes height only when the content comes within a line of its end. Following the answer is then done
 * here: the end of the content, not the end of the row, is kept at the bottom of the view, so the room below is out
 * of sight. When the answer ends the room is taken away and the row is its content's height again.
 */

/** What a reserve needs to know of its list. */
export type ReserveHost = {
  /** The list's scrolling element. */
  scroller: HTMLElement;
  /** Whether the view follows the end of the conversation now (false once the reader scrolled up). */
  following: () => boolean;
};

/** The content may come this close to the end of its room before the room grows (about a line). */
export const RESERVE_MARGIN_PX = 32;
/** The least room added at a time (for very short windows). */
export const RESERVE_MIN_STEP_PX = 240;

export class GrowthReserve {
  private reserved = 0;
  private readonly observer: ResizeObserver;
  /** The row's padding above and below its content (fixed by the style sheet). */
  private readonly padding: { top: number; bottom: number };

  constructor(
    /** The row the list measures. */
    private readonly row: HTMLElement,
    /** What grows inside it (the answer). */
    private readonly content: HTMLElement,
    private readonly host: ReserveHost,
  ) {
    const style = getComputedStyle(row);
    this.padding = { top: parseFloat(style.paddingTop) || 0, bottom: parseFloat(style.paddingBottom) || 0 };
    // Called after layout and before paint: the room grows and the view follows in the frame the content grew.
    this.observer = new ResizeObserver(() => this.update());
    this.observer.observe(content);
  }

  /** Grows the room when the content nears its end, then keeps the content's end in view while following. */
  update(): void {
    // The row's height its content needs now (border-box, as the row's min-height is).
    const needed = this.content.offsetHeight + this.padding.top + this.padding.bottom;
    if (needed > this.reserved - RESERVE_MARGIN_PX) {
      this.reserved = needed + Math.max(RESERVE_MIN_STEP_PX, this.host.scroller.clientHeight);
      this.row.style.minHeight = `${this.reserved}px`;
    }
    if (this.host.following()) this.reveal();
  }

  /**
   * Scrolls so that the content's end (and the row's padding below it) is at the bottom of the view: the end of the
   * conversation as the reader sees it. The room below it is never shown while following, whoever scrolled there
   * (the list following a new message scrolls to its own end, which includes the room).
   */
  reveal(): void {
    const scroller = this.host.scroller;
    const offset =
      this.content.getBoundingClientRect().bottom +
      this.padding.bottom -
      scroller.getBoundingClientRect().bottom;
    if (Math.abs(offset) > 0.5) scroller.scrollTop += offset;
  }

  /** The answer ended (or its row left the page): the room goes, and the row is its content's height again. */
  release(): void {
    this.observer.disconnect();
    this.row.style.minHeight = '';
    this.reserved = 0;
  }
}
