import type {
  BridgeResult,
  CallInput,
  CallName,
  CallOutput,
  EventName,
  EventPayload,
  WireFromRenderer,
  WireToRenderer,
} from '@contract/bridge';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff';
import { connectionLost, connectionUnavailable } from './errors';
import { unwrapResult } from './result';
import type { Bridge, ConnectionStatus } from './types';

export type WebSocketBridgeOptions = {
  /** ws://host/bridge?secret=… */
  url: string;
  /** The WebSocket class (the browser's, or Node's global one in tests). */
  WebSocketImpl?: typeof WebSocket;
  backoff?: BackoffOptions;
  /** How long a call made while disconnected waits for the link before it fails. */
  queueTimeoutMs?: number;
  onListenerError?: (event: EventName, error: unknown) => void;
};

type Pending = { name: string; resolve: (result: unknown) => void; reject: (error: Error) => void };
type Queued = { frame: WireFromRenderer; pending: Pending; timer: ReturnType<typeof setTimeout> };
type Listener = (payload: unknown) => void;

/**
 * The web host's transport: calls and events as JSON frames over one WebSocket (`WireFromRenderer`/`WireToRenderer`).
 * Reconnects with backoff; calls made while the link is down wait for it (up to `queueTimeoutMs`); calls in flight
 * when it drops fail with a `connection` error, since main may or may not have done them.
 */
export function createWebSocketBridge(options: WebSocketBridgeOptions): Bridge {
  const WebSocketImpl = options.WebSocketImpl ?? globalThis.WebSocket;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const queueTimeoutMs = options.queueTimeoutMs ?? 60_000;

  let socket: WebSocket | null = null;
  let status: ConnectionStatus = { state: 'connecting', attempt: 0, reconnected: false };
  let everOpen = false;
  let closed = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let nextId = 1;
  const inFlight = new Map<number, Pending>();
  const queue: Queued[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const statusListeners = new Set<(s: ConnectionStatus) => void>();

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    for (const listener of statusListeners) listener(status);
  };

  const transmit = (frame: WireFromRenderer, pending: Pending) => {
    inFlight.set(frame.id, pending);
    socket!.send(JSON.stringify(frame));
  };

  const flushQueue = () => {
    while (queue.length > 0 && socket?.readyState === WebSocketImpl.OPEN) {
      const queued = queue.shift()!;
      clearTimeout(queued.timer);
      transmit(queued.frame, queued.pending);
    }
  };

  const onFrame = (data: unknown) => {
    if (typeof data !== 'string') return;
    let frame: WireToRenderer;
    try {
      frame = JSON.parse(data) as WireToRenderer;
    } catch {
      return;
    }
    if (frame.t === 'result') {
      const pending = inFlight.get(frame.id);
      if (!pending) return;
      inFlight.delete(frame.id);
      pending.resolve(frame.result);
    } else if (frame.t === 'event') {
      const set = listeners.get(frame.name);
      if (!set) return;
      for (const listener of [...set]) {
        try {
          listener(frame.payload);
        } catch (error) {
          options.onListenerError?.(frame.name, error);
        }
      }
    }
  };

  const scheduleReconnect = () => {
    const attempt = status.state === 'reconnecting' ? status.attempt + 1 : 1;
    setStatus({ state: 'reconnecting', attempt, reconnected: false });
    reconnectTimer = setTimeout(connect, backoffDelay(attempt - 1, backoff));
  };

  function connect() {
    reconnectTimer = null;
    if (closed) return;
    const ws = new WebSocketImpl(options.url);
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      setStatus({ state: 'open', attempt: 0, reconnected: everOpen });
      everOpen = true;
      flushQueue();
    };
    ws.onmessage = (event: MessageEvent) => {
      if (socket === ws) onFrame(event.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      const dropped = [...inFlight.values()];
      inFlight.clear();
      for (const pending of dropped) pending.reject(connectionLost(pending.name));
      if (!closed) scheduleReconnect();
    };
    // An error is always followed by close, which does the work.
    ws.onerror = () => {};
  }

  connect();

  return {
    host: 'web',
    call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
      return new Promise<unknown>((resolve, reject) => {
        const frame: WireFromRenderer = { t: 'call', id: nextId++, name, input: input ?? {} };
        const pending: Pending = { name, resolve, reject };
        if (closed) {
          reject(connectionLost(name));
        } else if (socket?.readyState === WebSocketImpl.OPEN) {
          transmit(frame, pending);
        } else {
          const timer = setTimeout(() => {
            const index = queue.findIndex((q) => q.frame.id === frame.id);
            if (index >= 0) queue.splice(index, 1);
            reject(connectionUnavailable(name, queueTimeoutMs));
          }, queueTimeoutMs);
          queue.push({ frame, pending, timer });
        }
      }).then((result) => unwrapResult<CallOutput<N>>(name, result as BridgeResult<CallOutput<N>>));
    },
    on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const wrapped = listener as Listener;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      for (const queued of queue.splice(0)) {
        clearTimeout(queued.timer);
        queued.pending.reject(connectionLost(queued.pending.name));
      }
      const ws = socket;
      socket = null;
      for (const pending of inFlight.values()) pending.reject(connectionLost(pending.name));
      inFlight.clear();
      ws?.close();
      setStatus({ state: 'offline', attempt: 0, reconnected: false });
    },
  };
}
