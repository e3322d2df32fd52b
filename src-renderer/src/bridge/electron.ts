import type { CallInput, CallName, CallOutput, EventName, EventPayload } from '@contract/bridge';
import { asBridgeCallError } from './errors';
import { unwrapResult } from './result';
import type { Bridge, ConnectionStatus, PreloadApi } from './types';

const OPEN: ConnectionStatus = { state: 'open', attempt: 0, reconnected: false };

/** The Electron transport: `window.modeldesk`, exposed by the preload (IPC needs no connection management). */
export function createElectronBridge(api: PreloadApi): Bridge {
  return {
    host: 'electron',
    async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
      const fn = api.calls[name];
      if (typeof fn !== 'function')
        throw asBridgeCallError(name, new Error(`The bridge has no call named ${name}.`));
      let result: unknown;
      try {
        result = await fn(input);
      } catch (error) {
        // The preload validates input and throws before anything reaches main.
        throw asBridgeCallError(name, error);
      }
      return unwrapResult<CallOutput<N>>(name, result);
    },
    on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void {
      const subscribe = api.events[name];
      if (typeof subscribe !== 'function') return () => {};
      return subscribe((payload) => listener(payload as EventPayload<N>));
    },
    status: () => OPEN,
    onStatus: () => () => {},
    close: () => {},
  };
}
