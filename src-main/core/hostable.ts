/**
 * What a host (the Electron shell or the web host) needs from the core: a router for calls, a bus for events,
 * the attachment files it serves to the page, and client lifecycle so a closed window cancels its streams.
 * Hosts only wire this to a transport; they hold no logic of their own.
 */
import type { BridgeRouter } from './bridge/router';
import type { EventBus } from './bridge/events';
import type { TransferEndpoints } from './transfer/handlers';

export type AttachmentFile = { path: string; mediaType: string; bytes: number };

export interface HostableCore {
  readonly router: BridgeRouter;
  readonly events: EventBus;
  attachmentFile(hash: string): Promise<AttachmentFile | null>;
  /** Uploads and downloads of the transfer calls, for a host that moves files itself (the web host). */
  readonly transfers?: TransferEndpoints;
  clientConnected(clientId: string): void;
  /** Cancels the client's streams and forgets its acknowledgements. */
  clientDisconnected(clientId: string): void;
  dispose(): Promise<void>;
}
