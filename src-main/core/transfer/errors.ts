/**
 * Why a file was refused or a transfer stopped, said so that the person knows what to do; carries an ErrorInfo
 * the bridge hands to the window as is. A refusal always means nothing was changed.
 */
import type { ErrorInfo, ErrorKind } from '@contract/usage';

export class TransferError extends Error {
  override name = 'TransferError';

  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly action?: string,
  ) {
    super(message);
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { kind: this.kind, message: this.message, retryable: false };
    if (this.action !== undefined) info.action = this.action;
    return info;
  }
}

/** A file Modeldesk will not read, with the reason; nothing was imported or restored. */
export const refused = (
  reason: string,
  action = 'Check that it is the file you meant, or export it again.',
) => new TransferError('bad_request', `Nothing was imported: ${reason}`, action);
