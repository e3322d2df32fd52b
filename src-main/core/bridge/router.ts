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
import { DEFAULT_INPUT_BUDGET, overBudget } from './input-budget';

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
  /** Scrubs secrets and personal data from a text that leaves the core, keeping at most `max` characters. */
  redact: (text: string, max: number) => string;
  /** Where unexpected failures are logged (already redacted by the logger). */
  onInternalError?: (name: string, error: unknown) => void;
};

export type BridgeRouter = {
  dispatch(name: unknown, input: unknown, ctx: CallContext): Promise<BridgeResult<unknown>>;
};

/** An error's message crosses the bridge with at most this many characters; other text fields with fewer. */
export const MAX_ERROR_MESSAGE = 2_000;
const MAX_ERROR_FIELD = 300;
/** What one validation problem may add to a message (a strict schema's problem repeats the unknown key). */
const MAX_ISSUE_TEXT = 200;

function clipped(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function createBridgeRouter(handlers: CallHandlers, options: RouterOptions): BridgeRouter {
  /** Every text of an error is scrubbed and bounded: it can echo input of any size (or a secret). */
  const text = (value: string, max: number) => clipped(options.redact(value, max), max + 60);
  const fail = (info: ErrorInfo): BridgeResult<unknown> => {
    const error: BridgeResult<unknown> & { ok: false } = {
      ok: false,
      error: { ...info, message: text(info.message, MAX_ERROR_MESSAGE), bridge: true },
    };
    for (const field of ['action', 'provider', 'model', 'providerCode', 'requestId'] as const) {
      const value = info[field];
      if (typeof value === 'string') error.error[field] = text(value, MAX_ERROR_FIELD);
    }
    return error;
  };

  return {
    async dispatch(name, input, ctx) {
      if (!isCallName(name)) {
        return fail({ kind: 'bad_request', message: 'Unknown bridge call.', retryable: false });
      }
      const budget = { ...DEFAULT_INPUT_BUDGET, maxChars: calls[name].maxChars };
      const over = overBudget(input, budget);
      if (over) {
        return fail({
          kind: 'bad_request',
          message: `The request to ${name} is too large: ${over}.`,
          action: 'Send less at once.',
          retryable: false,
        });
      }
      const parsed = calls[name].input.safeParse(input ?? {});
      if (!parsed.success) {
        const where = parsed.error.issues
          .slice(0, 5)
          .map((i) => clipped(`${i.path.join('.') || 'input'}: ${i.message}`, MAX_ISSUE_TEXT))
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
