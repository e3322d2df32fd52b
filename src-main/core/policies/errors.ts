/**
 * Errors as the policies see them: everything a call throws becomes an `ErrorInfo` (the serializable face, no keys).
 */
import { ERROR_WORDS } from '@contract/error-words';
import type { ErrorInfo, ErrorKind } from '@contract/usage';
import { AbortedError } from './clock';

type CallContext = { provider: string; model: string };

/** The error with the provider and model it happened at, where it does not say already. */
export function withContext(info: ErrorInfo, context: CallContext): ErrorInfo {
  return { ...info, provider: info.provider ?? context.provider, model: info.model ?? context.model };
}

/** The ErrorInfo of anything a call threw: the adapters' ProviderError, our AbortedError, or an unexpected failure. */
export function errorInfoOf(error: unknown, context: CallContext): ErrorInfo {
  const carrier = error as { toInfo?: () => ErrorInfo } | null;
  if (carrier && typeof carrier.toInfo === 'function') return withContext(carrier.toInfo(), context);
  if (error instanceof AbortedError || (error instanceof Error && error.name === 'AbortError')) {
    return { kind: 'aborted', message: 'The request was cancelled.', retryable: false, ...context };
  }
  // Not an error the adapters describe: no detail (it could carry anything), only what to do.
  return {
    kind: 'server',
    message: `The call to ${context.provider} failed unexpectedly.`,
    action: 'Try again; if it keeps happening, report it with the log file.',
    retryable: false,
    ...context,
  };
}

/** A few words per error kind, for reasons in the attempts list and the ledger (`@contract/error-words`). */
export function kindWords(kind: ErrorKind): string {
  return ERROR_WORDS[kind].short;
}
