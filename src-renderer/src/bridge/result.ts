import type { BridgeResult } from '@contract/bridge';
import { BridgeCallError } from './errors';

/** Unwraps main's `BridgeResult` envelope: the value, or a typed BridgeCallError carrying main's ErrorInfo. */
export function unwrapResult<T>(call: string, result: BridgeResult<T> | unknown): T {
  if (typeof result === 'object' && result !== null && 'ok' in result) {
    const envelope = result as BridgeResult<T>;
    if (envelope.ok === true) return envelope.value;
    if (envelope.ok === false && envelope.error && typeof envelope.error.message === 'string') {
      const { bridge: _bridge, ...info } = envelope.error;
      throw new BridgeCallError(call, info);
    }
  }
  throw new BridgeCallError(call, {
    kind: 'server',
    message: `Modeldesk answered ${call} in a shape this window does not understand.`,
    retryable: false,
    action:
      'Reload the window; if it keeps happening, the app and its window are out of step: restart Modeldesk.',
  });
}
