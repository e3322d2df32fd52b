import type { BridgeApi, BridgeResult, CallName, EventName } from '@contract/bridge';

/** What Electron's preload exposes on `window.modeldesk`: one function per call and per event name. */
export type PreloadApi = {
  calls: Record<CallName, (input: unknown) => Promise<BridgeResult<unknown>>>;
  events: Record<EventName, (listener: (payload: unknown) => void) => () => void>;
};

/** open: calls go through; connecting/reconnecting: calls wait; offline: no way to reach main (no secret, no preload). */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'offline';

export type ConnectionStatus = {
  state: ConnectionState;
  /** Reconnect attempts since the link was last open. */
  attempt: number;
  /** True once the link has been open and then came back: the UI reloads what it shows. */
  reconnected: boolean;
};

export type Bridge = BridgeApi & {
  readonly host: 'electron' | 'web';
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
};
