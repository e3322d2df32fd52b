/**
 * Errors the storage layer raises on purpose. Each carries an ErrorInfo (kind, a message that says what to
 * do), so the bridge router passes it to the renderer as is instead of a generic internal error.
 */
import type { ErrorInfo, ErrorKind } from '@contract/usage';

export class StorageError extends Error {
  readonly kind: ErrorKind;
  readonly action: string | undefined;

  constructor(kind: ErrorKind, message: string, action?: string) {
    super(message);
    this.name = 'StorageError';
    this.kind = kind;
    this.action = action;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { kind: this.kind, message: this.message, retryable: false };
    if (this.action !== undefined) info.action = this.action;
    return info;
  }
}
