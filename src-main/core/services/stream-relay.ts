/**
 * Carries one streaming answer to the renderer with batching and backpressure. Events are coalesced (consecutive
 * text or thinking deltas are joined into one event, appended in place: a chunk costs a string append, no object)
 * and sent at most once every `intervalMs` (the display cadence, `STREAM_INTERVAL_MS`): the first event after a
 * quiet stretch goes at once, so the first token is not held back, and every other event (usage ending a round, a
 * tool call, a retry) and the last (`finish`) go at once too, taking the text before them, so the end is not either; in between, the window gets 20 updates a second however fast the model writes. Each batch costs
 * the window a message, a store update and a frame of layout and paint, so this cadence, not the token rate, sets what
 * streaming costs (issue 16: a batch per frame kept the main thread a third busy at 100 tok/s). At most `window`
 * batches may be unacknowledged (`chat.ack`, which the renderer sends at most every `STREAM_ACK_INTERVAL_MS`), so a renderer that falls
 * behind receives fewer, larger batches instead of a queue of tiny ones. Before a batch is sent, its text is handed to `persist` (saved at once), so every token the user
 * has seen survives a crash. If acknowledgements stop (a throttled background window), a batch still goes after
 * `ackTimeoutMs`.
 */
import type { ChatStreamBatch, ChatStreamEvent } from '@contract/bridge';
import { STREAM_ACK_WINDOW, STREAM_INTERVAL_MS } from '@contract/streaming';

export type StreamRelayOptions = {
  streamId: string;
  conversationId: string;
  messageId: string;
  send: (batch: ChatStreamBatch) => void;
  /** Saves the text and thinking of a batch before it is sent. */
  persist: (text: string, thinking: string) => void;
  intervalMs?: number;
  window?: number;
  ackTimeoutMs?: number;
};

export class StreamRelay {
  private pending: ChatStreamEvent[] = [];
  /** The last pending event when it is a text or thinking delta this relay created: later deltas are appended to it. */
  private open: { type: 'text' | 'thinking'; text: string } | null = null;
  private seq = 0;
  private acked = -1;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly intervalMs: number;
  private readonly window: number;
  private readonly ackTimeoutMs: number;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  /** The pending batch waits for an acknowledgement (the timer is the acknowledgement timeout). */
  private heldByWindow = false;
  private drained: Array<() => void> = [];
  private unsavedText = '';
  private unsavedThinking = '';

  constructor(private readonly options: StreamRelayOptions) {
    this.intervalMs = options.intervalMs ?? STREAM_INTERVAL_MS;
    this.window = options.window ?? STREAM_ACK_WINDOW;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 1000;
  }

  push(event: ChatStreamEvent): void {
    if (this.closed) return;
    if (event.type === 'text') this.unsavedText += event.text;
    else if (event.type === 'thinking') this.unsavedThinking += event.text;
    if (event.type === 'text' || event.type === 'thinking') {
      if (this.open?.type === event.type) {
        this.open.text += event.text;
      } else {
        this.open = { type: event.type, text: event.text };
        this.pending.push(this.open);
      }
    } else {
      // Anything but a delta is rare and means something now (a tool call to approve, a retry, the usage that ends
      // a round): it goes at once, with the text before it, so the end of a round never waits for the cadence.
      this.open = null;
      this.pending.push(event);
      this.flushSoon();
      return;
    }
    this.schedule(this.untilNextSend());
  }

  /** Saves the text not yet saved (before the answer's row is finished), without sending anything. */
  persistNow(): void {
    if (this.unsavedText === '' && this.unsavedThinking === '') return;
    this.options.persist(this.unsavedText, this.unsavedThinking);
    this.unsavedText = '';
    this.unsavedThinking = '';
  }

  /** The renderer has applied batch `seq` (and every one before it). */
  ack(seq: number): void {
    if (seq > this.acked && seq < this.seq) this.acked = seq;
    if (this.pending.length > 0 && this.timer === null) this.schedule(this.untilNextSend());
    else if (this.pending.length > 0 && this.heldByWindow) {
      // A batch held back by the window goes as soon as the cadence allows, not after the acknowledgement timeout.
      clearTimeout(this.timer!);
      this.timer = null;
      this.schedule(this.untilNextSend());
    }
  }

  /** Sends everything still pending (the final events included) and resolves once it has gone. */
  finish(last: ChatStreamEvent): Promise<void> {
    this.open = null;
    this.pending.push(last);
    this.closed = true;
    return new Promise((resolve) => {
      this.drained.push(resolve);
      this.flushSoon();
    });
  }

  /** Drops whatever is pending (the client went away). */
  abandon(): void {
    this.closed = true;
    this.pending = [];
    this.open = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const resolve of this.drained.splice(0)) resolve();
  }

  private get unacked(): number {
    return this.seq - (this.acked + 1);
  }

  /** How long until the cadence lets the next batch go (0 after a quiet stretch). */
  private untilNextSend(): number {
    return Math.max(0, this.lastSentAt + this.intervalMs - Date.now());
  }

  /** Replaces a later flush (a frame or an acknowledgement wait away) by one right now. */
  private flushSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, delayMs);
  }

  private flush(): void {
    if (this.pending.length === 0) {
      this.resolveDrained();
      return;
    }
    const now = Date.now();
    if (this.unacked >= this.window && now - this.lastSentAt < this.ackTimeoutMs) {
      this.heldByWindow = true;
      this.schedule(Math.max(this.intervalMs, this.ackTimeoutMs - (now - this.lastSentAt)));
      return;
    }
    this.heldByWindow = false;
    const events = this.pending;
    this.pending = [];
    this.open = null;
    this.persistNow();
    this.lastSentAt = now;
    this.options.send({
      streamId: this.options.streamId,
      conversationId: this.options.conversationId,
      messageId: this.options.messageId,
      seq: this.seq++,
      events,
    });
    this.resolveDrained();
  }

  private resolveDrained(): void {
    if (this.closed && this.pending.length === 0) {
      for (const resolve of this.drained.splice(0)) resolve();
    }
  }
}
