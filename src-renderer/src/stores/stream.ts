/**
 * The streaming answers' live state. Batches from main are coalesced and committed at most once per animation frame;
 * only the streaming message's view subscribes to its entry, so history never re-renders per token. Each committed
 * batch is acknowledged to main (`chat.ack`), which holds back and coalesces while the page is behind.
 */
import { create } from 'zustand';
import type { ChatStreamBatch } from '@contract/bridge';
import type { Message } from '@contract/conversations';
import { bridge } from '../bridge';
import { countRender } from '../lib/render-stats';
import { FrameCoalescer, nextFrame } from './frame-coalescer';
import { acknowledgements, applyBatches, type LiveStream, type LiveStreams } from './stream-reducer';

type StreamState = { streams: LiveStreams };

export const useStreamStore = create<StreamState>(() => ({ streams: {} }));

/** Registers a stream main just started, before its first batch arrives (so Stop shows at once). */
export function beginStream(ids: { streamId: string; conversationId: string; messageId: string }): void {
  useStreamStore.setState((s) =>
    s.streams[ids.messageId]
      ? s
      : {
          streams: {
            ...s.streams,
            [ids.messageId]: { ...ids, text: '', thinking: '', phase: 'connecting', fallbacks: [], seq: -1 },
          },
        },
  );
}

/** Forgets a stream (after its message was stored, or when it was stopped and main has the final message). */
export function endStream(messageId: string): void {
  useStreamStore.setState((s) => {
    if (!s.streams[messageId]) return s;
    const { [messageId]: _gone, ...rest } = s.streams;
    return { streams: rest };
  });
}

/**
 * Forgets every stream still in progress: after a reconnect main sends their batches to no one (the window has a new
 * client id), so what they show would freeze. Their answers are read from storage instead.
 */
export function abandonStreams(): void {
  useStreamStore.setState((s) => {
    const kept = Object.fromEntries(Object.entries(s.streams).filter(([, stream]) => stream.final));
    return Object.keys(kept).length === Object.keys(s.streams).length ? s : { streams: kept };
  });
}

/** The live stream of a conversation still in progress, if any. */
export function activeStreamOf(streams: LiveStreams, conversationId: string | null): LiveStream | undefined {
  if (!conversationId) return undefined;
  for (const stream of Object.values(streams)) {
    if (stream.conversationId === conversationId && !stream.final) return stream;
  }
  return undefined;
}

/** Subscribes to `chat.stream`; `onFinal` receives each stored message (done or failed). Returns the unsubscribe. */
export function listenToStreams(onFinal: (message: Message) => void): () => void {
  const coalescer = new FrameCoalescer<ChatStreamBatch>((batches) => {
    countRender('streamCommits');
    const streams = applyBatches(useStreamStore.getState().streams, batches);
    useStreamStore.setState({ streams });
    for (const [streamId, seq] of acknowledgements(batches)) {
      bridge.call('chat.ack', { streamId, seq }).catch(() => {});
    }
    const finished = new Set<string>();
    for (const batch of batches) {
      if (batch.events.some((e) => e.type === 'done' || e.type === 'error')) finished.add(batch.messageId);
    }
    for (const messageId of finished) {
      const final = streams[messageId]?.final;
      if (final) onFinal(final);
      endStream(messageId);
    }
  }, nextFrame());
  return bridge.on('chat.stream', (batch) => coalescer.push(batch));
}
