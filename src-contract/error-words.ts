/**
 * How each kind of error reads, in one table: its few words (for a list or a ledger row), its headline naming the
 * provider, what to do about it, and the ways out the window offers beside it. Main words its errors with it
 * (provider errors, fallback reasons, refusals) and the window shows the same words. Zod-free: the renderer
 * imports it at run time.
 */
import type { ErrorInfo, ErrorKind } from './usage';

/** A way out the window offers beside an error, as a button. */
export type ErrorOffer = 'open-settings' | 'open-budgets' | 'retry' | 'other-model';

/** What the words may name: the provider by the name the user knows it by, the model, where it lives. */
export type WordContext = { provider?: string | undefined; model?: string | undefined; baseURL?: string };

export type ErrorWords = {
  /** A few words: `rate limited`, `key rejected`. */
  short: string;
  /** A sentence's subject and verb, without the full stop: `Anthropic rejected the API key`. */
  headline: (c: WordContext) => string;
  /** What the user can do about it, in a sentence. */
  action: (c: WordContext) => string;
  offers: readonly ErrorOffer[];
};

const who = (c: WordContext) => c.provider ?? 'The provider';
const whom = (c: WordContext) => c.provider ?? 'the provider';
const TRY_LATER = (c: WordContext) => `${who(c)} is busy; try again shortly or pick another model.`;

export const ERROR_WORDS: Readonly<Record<ErrorKind, ErrorWords>> = {
  authentication: {
    short: 'key rejected',
    headline: (c) => `${who(c)} rejected the API key`,
    action: (c) => `Check the API key for ${whom(c)} in Settings → Providers.`,
    offers: ['open-settings', 'other-model'],
  },
  permission: {
    short: 'access refused',
    headline: (c) => `${who(c)} refused access`,
    action: (c) => `Check that your ${whom(c)} account may use this model and that its billing is in order.`,
    offers: ['open-settings', 'other-model'],
  },
  not_found: {
    short: 'model not found',
    headline: (c) =>
      `${who(c)} does not know ${c.model ? `the model "${c.model}" (or its endpoint)` : 'this endpoint'}`,
    action: () => 'Check the model name (or the deployment, on Azure) and the provider’s base URL.',
    offers: ['other-model', 'open-settings'],
  },
  bad_request: {
    short: 'request rejected',
    headline: (c) => `${who(c)} rejected the request`,
    action: () => 'Change the request as the provider says and send it again.',
    offers: ['other-model'],
  },
  context_length: {
    short: 'too long for the model',
    headline: (c) => `The conversation is too long for this model at ${whom(c)}`,
    action: () => 'Shorten the conversation or attachments, or pick a model with a larger context window.',
    offers: ['other-model'],
  },
  content_filter: {
    short: 'blocked by the content filter',
    headline: (c) => `${who(c)}’s content filter blocked the request`,
    action: () => 'Rephrase the request; the provider’s safety filter blocked it.',
    offers: ['other-model'],
  },
  rate_limit: {
    short: 'rate limited',
    headline: (c) => `${who(c)} is rate limiting this key`,
    action: () => 'Wait a moment and try again, or lower the request rate for this provider.',
    offers: ['retry', 'other-model'],
  },
  overloaded: {
    short: 'overloaded',
    headline: (c) => `${who(c)} is overloaded`,
    action: TRY_LATER,
    offers: ['retry', 'other-model'],
  },
  server: {
    short: 'server error',
    headline: (c) => `${who(c)} failed with a server error`,
    action: (c) => `${who(c)} had a problem on its side; try again shortly.`,
    offers: ['retry', 'other-model'],
  },
  timeout: {
    short: 'timed out',
    headline: (c) => `${who(c)} timed out`,
    action: () => 'Try again, or raise this timeout in the provider settings if the model is slow.',
    offers: ['retry', 'other-model'],
  },
  connection: {
    short: 'connection failed',
    headline: (c) => `Could not talk to ${whom(c)}`,
    action: (c) => `Check your network and that ${c.baseURL ?? whom(c)} is reachable.`,
    offers: ['retry', 'other-model'],
  },
  aborted: {
    short: 'cancelled',
    headline: (c) => `The request to ${whom(c)} was cancelled`,
    action: () => 'Send it again if you still want the answer.',
    offers: ['retry'],
  },
  budget: {
    short: 'over budget',
    headline: () => 'Over budget',
    action: () => 'Raise the budget in Costs → Budgets, or let calls through for now.',
    offers: ['open-budgets'],
  },
  unconfigured: {
    short: 'not set up',
    headline: (c) => `${who(c)} is not set up`,
    action: (c) => `Add it in Settings → Providers → ${who(c)}.`,
    offers: ['open-settings', 'other-model'],
  },
  invalid_output: {
    short: 'answered in the wrong shape',
    headline: () => 'The answer did not match the requested format',
    action: () => 'Try again, or choose another model.',
    offers: ['retry', 'other-model'],
  },
};

/** The error's message, then what to do about it unless the message already says so. */
export function errorText(error: ErrorInfo | Pick<ErrorInfo, 'message' | 'action'>): string {
  const action = error.action?.trim();
  if (!action || error.message.includes(action)) return error.message;
  return `${error.message} ${action}`;
}

/** The error with the table's action for its kind when it carries none of its own. */
export function withAction(error: ErrorInfo, context: WordContext = {}): ErrorInfo {
  if (error.action) return error;
  return { ...error, action: ERROR_WORDS[error.kind].action(context) };
}
