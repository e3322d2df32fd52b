/**
 * The streaming answers' live state. Batches from main are coalesced and committed at most once per animation frame;
 * only the streaming message's view subscribes to its entry, so history never re-renders per token. Applied batches
 * are acknowledged to main (`chat.ack`, paced: ack-pacer.ts), which holds back and coalesces while the page is behind.
 */
import { useRef } from 'react';
import { create } from 'zustand';
import type { ChatStreamBatch } from '@contract/bridge';
import type { Message } from '@contract/conversations';
import { bridge } from '../bridge';
import { countRender } from '../lib/render-stats';
import { AckPacer } from './ack-pacer';
import { FrameCoalescer, nextFrame } from './frame-coalescer';
import {
  acknowledgements,
  applyBatches,
  statusOf,
  type LiveStatus,
  type LiveStream,
  type LiveStreams,
} from './stream-reducer';

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

/**
 * The status of a message's live stream (undefined when `following` is false or there is none). The view renders
 * only when the status changes, not when only the text grew: the text is followed with `liveTextOf`.
 */
export function useLiveStatus(messageId: string, following: boolean): LiveStatus | undefined {
  const last = useRef<{ stream: LiveStream; status: LiveStatus } | null>(null);
  return useStreamStore((s) => {
    const stream = following ? s.streams[messageId] : undefined;
    if (!stream) return undefined;
    const cached = last.current;
    if (cached?.stream === stream) return cached.status;
    const status = statusOf(stream, cached?.status);
    last.current = { stream, status };
    return status;
  });
}

/** A live stream's text, read and followed outside React (the streaming Markdown draws it). */
/** The growing text of an answer being streamed, read and followed outside React (the chat's Markdown draws it). */
export type LiveText = {
  read(): string;
  /** Calls `listener` with the whole text each time it grew; returns the unsubscribe. */
  subscribe(listener: (text: string) => void): () => void;
};

export function liveTextOf(messageId: string): LiveText {
  const read = () => useStreamStore.getState().streams[messageId]?.text ?? '';
  return {
    read,
    subscribe: (listener) => {
      let last = read();
      return useStreamStore.subscribe((s) => {
        const text = s.streams[messageId]?.text;
        if (text === undefined || text === last) return;
        last = text;
        listener(text);
      });
    },
  };
}

/** Subscribes to `chat.stream`; `onFinal` receives each stored message (done or failed). Returns the unsubscribe. */
export function listenToStreams(onFinal: (message: Message) => void): () => void {
  const acks = new AckPacer({
    send: (streamId, seq) => void bridge.call('chat.ack', { streamId, seq }).catch(() => {}),
  });
  const coalescer = new FrameCoalescer<ChatStreamBatch>((batches) => {
    countRender('streamCommits');
    const streams = applyBatches(useStreamStore.getState().streams, batches);
    useStreamStore.setState({ streams });
    const finished = new Set<string>();
    const ended = new Set<string>();
    for (const batch of batches) {
      if (batch.events.some((e) => e.type === 'done' || e.type === 'error')) {
        finished.add(batch.messageId);
        ended.add(batch.streamId);
      }
    }
    for (const [streamId, seq] of acknowledgements(batches)) acks.applied(streamId, seq, ended.has(streamId));
    for (const messageId of finished) {
      const final = streams[messageId]?.final;
      if (final) onFinal(final);
      endStream(messageId);
    }
  }, nextFrame());
  return bridge.on('chat.stream', (batch) => coalescer.push(batch));
}
