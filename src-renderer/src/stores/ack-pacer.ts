/**
 * Paces the acknowledgements of applied stream batches (`chat.ack`): at most one per stream every
 * `STREAM_ACK_INTERVAL_MS`, the highest sequence number so far, and one more at the end of the interval for what was
 * applied since. Each acknowledgement is a bridge call and its result, a message each way, so they are sent less often
 * than batches arrive. The relay in main lets `STREAM_ACK_WINDOW` batches go unacknowledged (src-contract/streaming.ts
 * checks that this outlasts the interval), so a renderer that keeps up is never held back by the pacing, while one
 * that falls behind still is.
 */
import { STREAM_ACK_INTERVAL_MS } from '@contract/streaming';

type Timer = ReturnType<typeof setTimeout>;

export type AckPacerOptions = {
  send: (streamId: string, seq: number) => void;
  intervalMs?: number;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => Timer;
  clearTimer?: (timer: Timer) => void;
};

type StreamAcks = { sentSeq: number; sentAt: number; appliedSeq: number; timer: Timer | null };

export class AckPacer {
  private readonly streams = new Map<string, StreamAcks>();
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly setTimer: (run: () => void, ms: number) => Timer;
  private readonly clearTimer: (timer: Timer) => void;

  constructor(private readonly options: AckPacerOptions) {
    this.intervalMs = options.intervalMs ?? STREAM_ACK_INTERVAL_MS;
    this.now = options.now ?? (() => performance.now());
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer));
  }

  /** Batch `seq` of `streamId` (and all before it) is applied; `last`: the stream ended with it (acknowledged now). */
  applied(streamId: string, seq: number, last = false): void {
    let acks = this.streams.get(streamId);
    if (!acks) {
      acks = { sentSeq: -1, sentAt: Number.NEGATIVE_INFINITY, appliedSeq: -1, timer: null };
      this.streams.set(streamId, acks);
    }
    acks.appliedSeq = Math.max(acks.appliedSeq, seq);
    if (last) {
      if (acks.timer) this.clearTimer(acks.timer);
      this.flush(streamId, acks);
      this.streams.delete(streamId);
      return;
    }
    const wait = acks.sentAt + this.intervalMs - this.now();
    if (wait <= 0) this.flush(streamId, acks);
    else acks.timer ??= this.setTimer(() => this.flush(streamId, acks), wait);
  }

  private flush(streamId: string, acks: StreamAcks): void {
    acks.timer = null;
    if (acks.appliedSeq <= acks.sentSeq) return;
    acks.sentSeq = acks.appliedSeq;
    acks.sentAt = this.now();
    this.options.send(streamId, acks.sentSeq);
  }
}
