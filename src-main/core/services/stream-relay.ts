/**
 * Carries one streaming answer to the renderer with batching and backpressure. Events are coalesced (consecutive
 * text or thinking deltas are joined into one event, appended in place: a chunk costs a string append, no object)
 * and sent at most once per frame interval; at most `window` batches may be unacknowledged (`chat.ack`, which the
 * renderer sends at most every 50 ms), so a renderer that falls behind receives fewer, larger batches instead of a
 * queue of tiny ones. Before a batch is sent, its text is handed to `persist` (saved at once), so every token the user
 * has seen survives a crash. If acknowledgements stop (a throttled background window), a batch still goes after
 * `ackTimeoutMs`.
 */
import type { ChatStreamBatch, ChatStreamEvent } from '@contract/bridge';

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
  private lastSentAt = 0;
  private drained: Array<() => void> = [];
  private unsavedText = '';
  private unsavedThinking = '';

  constructor(private readonly options: StreamRelayOptions) {
    this.intervalMs = options.intervalMs ?? 16;
    this.window = options.window ?? 8;
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
      this.open = null;
      this.pending.push(event);
    }
    this.schedule(this.intervalMs);
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
    if (this.pending.length > 0) this.flushSoon();
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
      this.schedule(Math.max(this.intervalMs, this.ackTimeoutMs - (now - this.lastSentAt)));
      return;
    }
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
