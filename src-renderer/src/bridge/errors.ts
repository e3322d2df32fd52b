import type { ErrorInfo, ErrorKind } from '@contract/usage';

/**
 * A bridge call that did not succeed: carries main's ErrorInfo (kind, human message, what to do) so the UI can
 * show the message and offer the right action. Never carries a stack trace from main or any secret.
 */
export class BridgeCallError extends Error {
  readonly info: ErrorInfo;
  readonly call: string;

  constructor(call: string, info: ErrorInfo) {
    super(info.message);
    this.name = 'BridgeCallError';
    this.call = call;
    this.info = info;
  }

  get kind(): ErrorKind {
    return this.info.kind;
  }
}

export function connectionLost(call: string): BridgeCallError {
  return new BridgeCallError(call, {
    kind: 'connection',
    message: 'The connection to Modeldesk dropped before this finished.',
    retryable: true,
    action: 'Check that Modeldesk is still running, then try again.',
  });
}

export function connectionUnavailable(call: string, waitedMs: number): BridgeCallError {
  return new BridgeCallError(call, {
    kind: 'connection',
    message: `Modeldesk could not be reached for ${Math.round(waitedMs / 1000)} s.`,
    retryable: true,
    action: 'Check that Modeldesk is still running (npm run serve), then try again.',
  });
}

/** Turns anything a call may throw into a BridgeCallError (preload validation errors, unexpected shapes). */
export function asBridgeCallError(call: string, error: unknown): BridgeCallError {
  if (error instanceof BridgeCallError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new BridgeCallError(call, { kind: 'bad_request', message, retryable: false });
}

/** The human text for an error: its message, then what to do when main says. */
export function describeError(error: unknown): string {
  if (error instanceof BridgeCallError) {
    return error.info.action ? `${error.info.message} ${error.info.action}` : error.info.message;
  }
  return error instanceof Error ? error.message : String(error);
}
