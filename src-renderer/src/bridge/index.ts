import type { CallInput, CallName, CallOutput, EventName, EventPayload } from '@contract/bridge';
import { buildAttachmentUrl } from './attachments';
import { createElectronBridge } from './electron';
import { BridgeCallError } from './errors';
import { takeBridgeSecret } from './secret';
import type { Bridge, ConnectionStatus, PreloadApi } from './types';
import { createWebSocketBridge } from './websocket';

export { BridgeCallError, describeError } from './errors';
export type { ConnectionStatus } from './types';

type Connection =
  | { kind: 'electron'; bridge: Bridge }
  | { kind: 'web'; bridge: Bridge; secret: string }
  | { kind: 'none'; reason: string };

let connection: Connection | null = null;

function connectOnce(): Connection {
  if (connection) return connection;
  const preload = (window as Window & { modeldesk?: PreloadApi }).modeldesk;
  if (preload?.calls && preload.events) {
    connection = { kind: 'electron', bridge: createElectronBridge(preload) };
    return connection;
  }
  const secret = takeBridgeSecret(window.location, window.history, window.sessionStorage);
  if (!secret) {
    connection = {
      kind: 'none',
      reason: 'This page needs the link Modeldesk printed when it started (it carries a one-time secret).',
    };
    return connection;
  }
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${window.location.host}/bridge?secret=${encodeURIComponent(secret)}`;
  const bridge = createWebSocketBridge({
    url,
    onListenerError: (name, error) => console.error(`A listener for ${name} failed`, error),
  });
  connection = { kind: 'web', bridge, secret };
  return connection;
}

/** Why the bridge cannot be reached at all (web page opened without its secret), or null. */
export function bridgeUnavailableReason(): string | null {
  const c = connectOnce();
  return c.kind === 'none' ? c.reason : null;
}

function requireBridge(name: string): Bridge {
  const c = connectOnce();
  if (c.kind === 'none') {
    throw new BridgeCallError(name, { kind: 'connection', message: c.reason, retryable: false });
  }
  return c.bridge;
}

const OFFLINE: ConnectionStatus = { state: 'offline', attempt: 0, reconnected: false };

/** The renderer's one way to main, whichever host it runs under. */
export const bridge = {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
    try {
      return requireBridge(name).call(name, input);
    } catch (error) {
      return Promise.reject(error);
    }
  },
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void {
    const c = connectOnce();
    return c.kind === 'none' ? () => {} : c.bridge.on(name, listener);
  },
  status(): ConnectionStatus {
    const c = connectOnce();
    return c.kind === 'none' ? OFFLINE : c.bridge.status();
  },
  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    const c = connectOnce();
    return c.kind === 'none' ? () => {} : c.bridge.onStatus(listener);
  },
};

/** How transfer files travel here: over HTTP with this run's secret (web host), or by main's dialogs (Electron). */
export function transferHost(): { kind: 'web'; secret: string } | { kind: 'electron' } | { kind: 'none' } {
  const c = connectOnce();
  if (c.kind === 'web') return { kind: 'web', secret: c.secret };
  return c.kind === 'electron' ? { kind: 'electron' } : { kind: 'none' };
}

/** The URL an <img> loads a stored attachment from, under the current host. */
export function attachmentUrl(hash: string): string {
  const c = connectOnce();
  if (c.kind === 'electron') return buildAttachmentUrl(hash, { kind: 'electron' });
  if (c.kind === 'web') return buildAttachmentUrl(hash, { kind: 'web', secret: c.secret });
  return '';
}
