import type { ErrorInfo } from '@contract/usage';

/** What the user can do about a failed answer, offered as buttons beside the message. */
export type ErrorAction = 'open-settings' | 'open-budgets' | 'retry' | 'other-model';

export type ErrorPresentation = { title: string; actions: ErrorAction[] };

/**
 * A human title for a failed answer and the actions that can fix it, by error kind. `labelOf` turns a provider id
 * into the name the user knows it by (`anthropic` → `Anthropic`).
 */
export function presentError(
  error: ErrorInfo,
  labelOf: (provider: string) => string = (provider) => provider,
): ErrorPresentation {
  const named = error.provider ? labelOf(error.provider) : undefined;
  error = named ? { ...error, provider: named } : error;
  const provider = error.provider ? ` ${error.provider}` : ' the provider';
  switch (error.kind) {
    case 'authentication':
    case 'permission':
      return { title: `The key was refused by${provider}`, actions: ['open-settings', 'other-model'] };
    case 'unconfigured':
      return {
        title: `${error.provider ?? 'This provider'} is not set up yet`,
        actions: ['open-settings', 'other-model'],
      };
    case 'rate_limit':
      return { title: `Rate limited by${provider}`, actions: ['retry', 'other-model'] };
    case 'overloaded':
    case 'server':
      return {
        title: `${error.provider ?? 'The provider'} is unavailable right now`,
        actions: ['retry', 'other-model'],
      };
    case 'timeout':
      return { title: 'The answer took too long', actions: ['retry', 'other-model'] };
    case 'connection':
      return { title: `Could not reach${provider}`, actions: ['retry', 'other-model'] };
    case 'context_length':
      return { title: 'This conversation is too long for the model', actions: ['other-model'] };
    case 'content_filter':
      return { title: 'The provider declined to answer', actions: ['other-model'] };
    case 'budget':
      return { title: 'Over budget', actions: ['open-budgets'] };
    case 'not_found':
      return { title: 'The model was not found', actions: ['other-model', 'open-settings'] };
    case 'aborted':
      return { title: 'Stopped', actions: ['retry'] };
    case 'invalid_output':
      return { title: 'The answer did not match the requested format', actions: ['retry', 'other-model'] };
    case 'bad_request':
      return { title: 'The provider rejected the request', actions: ['other-model'] };
  }
}

/** The error's message, then what to do about it unless the message already says so. */
export function errorText(error: ErrorInfo): string {
  const action = error.action?.trim();
  if (!action || error.message.includes(action)) return error.message;
  return `${error.message} ${action}`;
}
