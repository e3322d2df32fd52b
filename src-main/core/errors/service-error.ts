/**
 * Errors raised on purpose anywhere in the core: each carries an ErrorInfo (kind, a message saying what to do),
 * which the bridge router hands to the renderer as is. `asServiceError` turns the catalogue's and profiles' own
 * errors (which have no ErrorInfo) into one.
 */
import type { ErrorInfo, ErrorKind } from '@contract/usage';
import { UnknownModelError } from '../catalogue/catalogue';
import { ProfileError } from '../catalogue/profiles';

export class ServiceError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.message);
    this.name = 'ServiceError';
  }

  static of(kind: ErrorKind, message: string, action?: string): ServiceError {
    const info: ErrorInfo = { kind, message, retryable: false };
    if (action !== undefined) info.action = action;
    return new ServiceError(info);
  }

  toInfo(): ErrorInfo {
    return this.info;
  }
}

/** The ErrorInfo of an error raised on purpose (anything with `toInfo`), or null for any other failure. */
export function infoOf(error: unknown): ErrorInfo | null {
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { toInfo?: unknown }).toInfo === 'function'
  ) {
    return (error as { toInfo(): ErrorInfo }).toInfo();
  }
  return null;
}

/** The catalogue's and the profiles' errors as ServiceErrors; anything else unchanged. */
export function asServiceError(error: unknown): unknown {
  if (error instanceof UnknownModelError) {
    return ServiceError.of('not_found', error.message, 'Pick a model from the Model picker.');
  }
  if (error instanceof ProfileError) {
    return ServiceError.of('bad_request', error.message, 'Fix the profile in Settings → Profiles.');
  }
  return error;
}

export const notFound = (what: string, action = 'Reload and try again.') =>
  ServiceError.of('not_found', `That ${what} no longer exists.`, action);
