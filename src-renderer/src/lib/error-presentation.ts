/**
 * How the window shows an error main sent: the headline and the ways out of the error-words table
 * (`@contract/error-words`, the table main words its errors with), the provider named as the user knows it.
 */
import { ERROR_WORDS, type ErrorOffer } from '@contract/error-words';
import type { ErrorInfo } from '@contract/usage';

export { errorText } from '@contract/error-words';

/** What the user can do about a failed answer, offered as buttons beside the message. */
export type ErrorAction = ErrorOffer;

export type ErrorPresentation = { title: string; actions: readonly ErrorAction[] };

/** `labelOf` turns a provider id into the name the user knows it by (`anthropic` → `Anthropic`). */
export function presentError(
  error: ErrorInfo,
  labelOf: (provider: string) => string = (provider) => provider,
): ErrorPresentation {
  const words = ERROR_WORDS[error.kind];
  const context = { provider: error.provider ? labelOf(error.provider) : undefined, model: error.model };
  return { title: words.headline(context), actions: words.offers };
}
