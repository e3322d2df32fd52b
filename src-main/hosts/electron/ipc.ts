/**
 * IPC wiring: one `ipcMain.handle` per contract call (no generic channel), each checking its sender before the
 * router validates the payload; core events go to every window, or only to the window a stream belongs to.
 */
import { CALL_NAMES, channelOf, type BridgeResult } from '@contract/bridge';
import type { HostableCore } from '../../core/hostable';
import { isTrustedSender, type SenderFrame } from './security';

type InvokeEvent = { senderFrame: SenderFrame; sender: { id: number } };
export type IpcMainLike = {
  handle(channel: string, listener: (event: InvokeEvent, input: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
};
export type WebContentsLike = {
  id: number;
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
};

export const clientIdOf = (webContentsId: number) => `win-${webContentsId}`;

const REFUSED: BridgeResult<never> = {
  ok: false,
  error: {
    kind: 'permission',
    message: 'Refused: the call did not come from the Modeldesk window.',
    retryable: false,
    bridge: true,
  },
};

export function wireIpc(
  ipcMain: IpcMainLike,
  core: HostableCore,
  options: { devOrigin?: string; onRefused?: (channel: string) => void } = {},
) {
  for (const name of CALL_NAMES) {
    const channel = channelOf(name);
    ipcMain.handle(channel, async (event, input) => {
      if (!isTrustedSender(event.senderFrame, options.devOrigin)) {
        options.onRefused?.(channel);
        return REFUSED;
      }
      return core.router.dispatch(name, input, { clientId: clientIdOf(event.sender.id) });
    });
  }
  return () => CALL_NAMES.forEach((name) => ipcMain.removeHandler(channelOf(name)));
}

export function wireEvents(core: HostableCore, windows: () => WebContentsLike[]) {
  return core.events.subscribe(({ name, payload, to }) => {
    for (const wc of windows()) {
      if (wc.isDestroyed()) continue;
      if (to !== undefined && clientIdOf(wc.id) !== to) continue;
      wc.send(channelOf(name), payload);
    }
  });
}
