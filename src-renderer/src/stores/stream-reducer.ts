/**
 * Applies `chat.stream` batches to the live state of streaming answers (pure: the store and tests share it).
 * Text deltas are appended; status, retry, fallback, model and usage events update the answer's status line;
 * `done` and `error` carry the stored message, which then replaces the live state.
 */
import type { ChatStreamBatch } from '@contract/bridge';
import type { Message } from '@contract/conversations';
import type { ErrorInfo, Usage } from '@contract/usage';

export type StreamPhase = 'queued' | 'rate-limited' | 'connecting' | 'streaming' | 'done' | 'error';

export type LiveRetry = {
  attempt: number;
  maxAttempts: number;
  untilMs: number;
  provider: string;
  model: string;
  error: ErrorInfo;
};

export type LiveStream = {
  streamId: string;
  conversationId: string;
  messageId: string;
  /** The answer so far, line endings normalized (CR dropped) so the Markdown blocks' offsets hold. */
  text: string;
  thinking: string;
  phase: StreamPhase;
  detail?: string;
  queuePosition?: number;
  untilMs?: number;
  retry?: LiveRetry;
  fallbacks: Array<{ from: string; to: string; reason: string }>;
  model?: string;
  provider?: string;
  autoReason?: string;
  usage?: Usage;
  /** The stored message, once `done` or `error` arrived. */
  final?: Message;
  error?: ErrorInfo;
  /** The highest batch sequence number applied (acknowledged to main). */
  seq: number;
};

export type LiveStreams = Readonly<Record<string, LiveStream>>;

const stripCarriageReturns = (text: string) => (text.includes('\r') ? text.replace(/\r/g, '') : text);

function start(batch: ChatStreamBatch): LiveStream {
  return {
    streamId: batch.streamId,
    conversationId: batch.conversationId,
    messageId: batch.messageId,
    text: '',
    thinking: '',
    phase: 'connecting',
    fallbacks: [],
    seq: -1,
  };
}

function applyBatch(current: LiveStream | undefined, batch: ChatStreamBatch): LiveStream {
  const next: LiveStream = current ? { ...current } : start(batch);
  if (batch.seq <= next.seq) return current ?? next;
  next.seq = batch.seq;
  let text = '';
  let thinking = '';
  for (const event of batch.events) {
    switch (event.type) {
      case 'text':
        text += event.text;
        next.phase = 'streaming';
        next.retry = undefined;
        break;
      case 'thinking':
        thinking += event.text;
        next.phase = 'streaming';
        break;
      case 'status':
        next.phase = event.phase;
        next.detail = event.detail;
        next.queuePosition = event.position;
        next.untilMs = event.untilMs;
        if (event.phase === 'streaming') next.retry = undefined;
        break;
      case 'retry':
        next.retry = {
          attempt: event.attempt,
          maxAttempts: event.maxAttempts,
          untilMs: event.untilMs,
          provider: event.provider,
          model: event.model,
          error: event.error,
        };
        next.phase = event.error.kind === 'rate_limit' ? 'rate-limited' : 'connecting';
        break;
      case 'fallback':
        next.fallbacks = [...next.fallbacks, { from: event.from, to: event.to, reason: event.reason }];
        break;
      case 'model':
        next.model = event.model;
        next.provider = event.provider;
        next.autoReason = event.autoReason;
        break;
      case 'usage':
        next.usage = event.usage;
        break;
      case 'done':
        next.final = event.message;
        next.phase = 'done';
        next.retry = undefined;
        break;
      case 'error':
        next.final = event.message;
        next.error = event.error;
        next.phase = 'error';
        next.retry = undefined;
        break;
      case 'tool-call':
        break;
    }
  }
  if (text) next.text += stripCarriageReturns(text);
  if (thinking) next.thinking += stripCarriageReturns(thinking);
  return next;
}

/** The live streams after these batches (a new object only when something changed), keyed by message id. */
export function applyBatches(state: LiveStreams, batches: readonly ChatStreamBatch[]): LiveStreams {
  if (batches.length === 0) return state;
  const next: Record<string, LiveStream> = { ...state };
  for (const batch of batches) next[batch.messageId] = applyBatch(next[batch.messageId], batch);
  return next;
}

/** The highest sequence number per stream in these batches: what to acknowledge. */
export function acknowledgements(batches: readonly ChatStreamBatch[]): Map<string, number> {
  const acks = new Map<string, number>();
  for (const batch of batches) acks.set(batch.streamId, Math.max(acks.get(batch.streamId) ?? -1, batch.seq));
  return acks;
}

/**
 * What a streaming answer's view shows besides its growing text: its phase, retries, fallbacks, model, thinking,
 * final message. The text itself is drawn outside React (the Markdown's live tail follows it), so a batch that only
 * adds text, or usage the view does not show, changes nothing here.
 */
export type LiveStatus = Omit<LiveStream, 'text' | 'seq' | 'usage'> & {
  /** Whether any text has arrived (the view shows the Markdown from then on). */
  hasText: boolean;
};

/** `stream`'s status: `previous` itself when nothing it holds changed (so a view selecting it does not render). */
export function statusOf(stream: LiveStream, previous?: LiveStatus): LiveStatus {
  const { text, seq: _seq, usage: _usage, ...shown } = stream;
  const status: LiveStatus = { ...shown, hasText: text !== '' };
  if (!previous) return status;
  const keys = new Set([...Object.keys(status), ...Object.keys(previous)]) as Set<keyof LiveStatus>;
  for (const key of keys) if (!Object.is(status[key], previous[key])) return status;
  return previous;
}
