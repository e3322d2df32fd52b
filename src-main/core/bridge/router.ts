/**
 * The bridge router: the single place where a call from the renderer enters the core, under either host.
 * It accepts only names the contract declares (own properties: `__proto__`, `constructor` and friends are refused),
 * validates every payload with the contract's schema, and turns every failure into a safe ErrorInfo
 * (kind, human message) so no stack trace, path or key crosses the bridge.
 */
import {
  calls,
  isCallName,
  type BridgeResult,
  type CallName,
  type CallOutput,
  type CallParsedInput,
} from '@contract/bridge';
import type { ErrorInfo } from '@contract/usage';

export type CallContext = {
  /** The window (Electron) or WebSocket connection (web host) the call came from. */
  clientId: string;
};

export type CallHandlers = {
  [N in CallName]: (input: CallParsedInput<N>, ctx: CallContext) => Promise<CallOutput<N>> | CallOutput<N>;
};

/** Anything the core throws on purpose carries an ErrorInfo; everything else is an internal error. */
export type ErrorInfoCarrier = { toInfo(): ErrorInfo };

function isInfoCarrier(error: unknown): error is ErrorInfoCarrier {
  return (
    typeof error === 'object' && error !== null && typeof (error as ErrorInfoCarrier).toInfo === 'function'
  );
}

export class BridgeInputError extends Error {}

export type RouterOptions = {
  /** Scrubs secrets and personal data from any text that leaves the core. */
  redact: (text: string) => string;
  /** Where unexpected failures are logged (already redacted by the logger). */
  onInternalError?: (name: string, error: unknown) => void;
};

export type BridgeRouter = {
  dispatch(name: unknown, input: unknown, ctx: CallContext): Promise<BridgeResult<unknown>>;
};

export function createBridgeRouter(handlers: CallHandlers, options: RouterOptions): BridgeRouter {
  const fail = (info: ErrorInfo): BridgeResult<unknown> => ({
    ok: false,
    error: { ...info, message: options.redact(info.message), bridge: true },
  });

  return {
    async dispatch(name, input, ctx) {
      if (!isCallName(name)) {
        return fail({ kind: 'bad_request', message: 'Unknown bridge call.', retryable: false });
      }
      const parsed = calls[name].input.safeParse(input ?? {});
      if (!parsed.success) {
        const where = parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || 'input'}: ${i.message}`)
          .join('; ');
        return fail({
          kind: 'bad_request',
          message: `Invalid request to ${name}: ${where}`,
          retryable: false,
        });
      }
      try {
        const handler = handlers[name] as (input: unknown, ctx: CallContext) => Promise<unknown> | unknown;
        const value = await handler(parsed.data, ctx);
        return { ok: true, value };
      } catch (error) {
        if (isInfoCarrier(error)) return fail(error.toInfo());
        options.onInternalError?.(name, error);
        return fail({
          kind: 'server',
          message: 'Modeldesk hit an internal error doing that. It has been logged; please try again.',
          retryable: true,
        });
      }
    },
  };
}
