/**
 * The preload: exposes the bridge contract's calls and events to the page, one function per name, and nothing else.
 * Runs sandboxed with context isolation; nothing of Node or Electron leaks through `contextBridge`.
 * Payloads are validated here and again in main (which never trusts the page).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_NAMES, EVENT_NAMES, calls, channelOf, type CallName, type EventName } from '@contract/bridge';

function makeCall(name: CallName) {
  return async (input: unknown): Promise<unknown> => {
    const parsed = calls[name].input.safeParse(input ?? {});
    if (!parsed.success) {
      throw new Error(`Invalid input for ${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    }
    // main answers { ok, value } or { ok: false, error } so that errors keep their kind across the bridge.
    return ipcRenderer.invoke(channelOf(name), parsed.data);
  };
}

function makeSubscribe(name: EventName) {
  return (listener: (payload: unknown) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channelOf(name), handler);
    return () => {
      ipcRenderer.removeListener(channelOf(name), handler);
    };
  };
}

const callsApi = Object.freeze(Object.fromEntries(CALL_NAMES.map((n) => [n, makeCall(n)])));
const eventsApi = Object.freeze(Object.fromEntries(EVENT_NAMES.map((n) => [n, makeSubscribe(n)])));

contextBridge.exposeInMainWorld('modeldesk', Object.freeze({ calls: callsApi, events: eventsApi }));
