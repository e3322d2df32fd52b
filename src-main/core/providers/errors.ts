/**
 * One error hierarchy for every provider. Whatever goes wrong in a call (an HTTP status, an error inside a 200
 * stream, a reset socket, one of our timeouts, an abort, a request we refused to send) becomes a `ProviderError`
 * with a stable `kind`, whether retrying can help, how long the provider asked us to wait, and a message a person
 * can act on. `toInfo()` is its serializable face; no key ever reaches it (see `scrubSecrets`).
 */
import { ERROR_WORDS, type WordContext } from '@contract/error-words';
import type { ErrorInfo, ErrorKind, TimeoutPhase } from '@contract/usage';

export type ErrorContext = {
  /** The provider's display name for messages ("OpenAI", "Anthropic", "Ollama"...). */
  providerLabel: string;
  /** The configured provider id, stored in ErrorInfo.provider. */
  provider?: string;
  model?: string;
  /** Configured keys and tokens to scrub from anything that reaches a message. */
  secrets?: readonly string[];
  /** Where the provider lives, for connection messages. */
  baseURL?: string;
};

type ProviderErrorInit = Omit<ErrorInfo, 'retryable'> & { retryable?: boolean; cause?: unknown };

const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set([
  'rate_limit',
  'overloaded',
  'server',
  'timeout',
  'connection',
]);

export class ProviderError extends Error {
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;
  readonly provider?: string;
  readonly model?: string;
  readonly requestId?: string;
  readonly timeoutPhase?: TimeoutPhase;
  readonly providerCode?: string;
  readonly action?: string;

  constructor(init: ProviderErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ProviderError';
    this.kind = init.kind;
    this.retryable = init.retryable ?? RETRYABLE_KINDS.has(init.kind);
    this.retryAfterMs = init.retryAfterMs;
    this.status = init.status;
    this.provider = init.provider;
    this.model = init.model;
    this.requestId = init.requestId;
    this.timeoutPhase = init.timeoutPhase;
    this.providerCode = init.providerCode;
    this.action = init.action;
  }

  /** Rebuilds an error from its serializable face (for example from a stream's `error` event). */
  static fromInfo(info: ErrorInfo): ProviderError {
    return new ProviderError(info);
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { kind: this.kind, message: this.message, retryable: this.retryable };
    if (this.retryAfterMs !== undefined) info.retryAfterMs = this.retryAfterMs;
    if (this.status !== undefined) info.status = this.status;
    if (this.provider !== undefined) info.provider = this.provider;
    if (this.model !== undefined) info.model = this.model;
    if (this.requestId !== undefined) info.requestId = this.requestId;
    if (this.timeoutPhase !== undefined) info.timeoutPhase = this.timeoutPhase;
    if (this.providerCode !== undefined) info.providerCode = this.providerCode;
    if (this.action !== undefined) info.action = this.action;
    return info;
  }
}

/** A request we refuse to send: the message says what to change. */
export function invalidRequest(ctx: ErrorContext, message: string): ProviderError {
  return new ProviderError({
    kind: 'bad_request',
    message,
    action: 'Change the request as the message says and send it again.',
    retryable: false,
    provider: ctx.provider,
    model: ctx.model,
  });
}

export function unconfigured(ctx: ErrorContext, what: string): ProviderError {
  return new ProviderError({
    kind: 'unconfigured',
    message: `${headlineOf('unconfigured', ctx)}: ${what}. ${actionOf('unconfigured', ctx)}`,
    action: actionOf('unconfigured', ctx),
    retryable: false,
    provider: ctx.provider,
    model: ctx.model,
  });
}

export function abortedError(ctx: ErrorContext): ProviderError {
  return new ProviderError({
    kind: 'aborted',
    message: `${headlineOf('aborted', ctx)}.`,
    action: actionOf('aborted', ctx),
    retryable: false,
    provider: ctx.provider,
    model: ctx.model,
  });
}

const PHASE_WORDS: Record<TimeoutPhase, string> = {
  connect: 'did not start answering',
  first_token: 'sent no first token',
  idle: 'stopped sending in the middle of the answer',
  total: 'did not finish',
};

export function timeoutError(ctx: ErrorContext, phase: TimeoutPhase, ms: number): ProviderError {
  const seconds = Math.round(ms / 100) / 10;
  return new ProviderError({
    kind: 'timeout',
    timeoutPhase: phase,
    message: `${ctx.providerLabel} ${PHASE_WORDS[phase]} within ${seconds} s (${phase} timeout). ${actionOf('timeout', ctx)}`,
    action: actionOf('timeout', ctx),
    provider: ctx.provider,
    model: ctx.model,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Secrets

const KEY_PATTERNS: readonly RegExp[] = [
  // OpenAI quotes part of a wrong key: "Incorrect API key provided: sk-proj-****abcd."
  /(api[ _-]?key provided:?\s*)\S+?(?=[.,;\s]|$)/gi,
  /\b(?:sk-ant-|sk-proj-|sk-or-v1-|sk-|gsk_|xai-|AIza)[A-Za-z0-9_*-]{6,}/g,
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g,
];

/** Removes configured secrets and anything that looks like an API key from a text. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of KEY_PATTERNS) {
    out = out.replace(pattern, (match: string, prefix?: string) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[redacted]` : '[redacted]',
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Retry hints

/** The server's word on when to retry: `retry-after-ms`, then `retry-after` (seconds or an HTTP date). */
export function retryAfterFromHeaders(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Google's `RetryInfo.retryDelay` ("34.4s") inside an error body. */
function retryDelayFromBody(body: unknown): number | undefined {
  const details = findProperty(body, 'details');
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    const delay = isRecord(detail) ? detail['retryDelay'] : undefined;
    if (typeof delay === 'string') {
      const match = /^(\d+(?:\.\d+)?)s$/.exec(delay.trim());
      if (match?.[1]) return Math.round(Number(match[1]) * 1000);
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Classification

export type ErrorFacts = {
  status?: number;
  headers?: Headers;
  /** The parsed error body, or its `error` member, as the provider sent it. */
  body?: unknown;
  /** The provider's message, when known apart from the body. */
  providerMessage?: string;
  requestId?: string;
  /** True for errors that arrived inside a stream that began with HTTP 200. */
  inStream?: boolean;
};

const CONTEXT_PATTERNS = [
  /context[_ ]length/i,
  /context window/i,
  /maximum context/i,
  /prompt is too long/i,
  /input is too long/i,
  /too many (input )?tokens/i,
  /exceeds? the (model'?s? )?(maximum|max) (number of )?tokens/i,
  /reduce the length/i,
];
const FILTER_PATTERNS = [
  /content[_ ]filter/i,
  /content[_ ]policy/i,
  /content management policy/i,
  /responsibleaipolicyviolation/i,
  /safety (system|filter)/i,
  /\bblocked\b.*\bsafety\b/i,
];

/** For errors without a status or a known code (Ollama's error lines): what the words say. */
const MESSAGE_KINDS: ReadonlyArray<[RegExp, CallErrorKind]> = [
  [/\b(model|deployment)\b.*\bnot found\b|does not exist|no such model/i, 'not_found'],
  [/overloaded|server busy|capacity|unavailable/i, 'overloaded'],
  [/rate limit|too many requests/i, 'rate_limit'],
  [/unauthori[sz]ed|invalid api key|authentication/i, 'authentication'],
];

const CODE_KINDS: Record<string, CallErrorKind> = {
  overloaded_error: 'overloaded',
  rate_limit_error: 'rate_limit',
  rate_limit_exceeded: 'rate_limit',
  insufficient_quota: 'rate_limit',
  resource_exhausted: 'rate_limit',
  authentication_error: 'authentication',
  invalid_api_key: 'authentication',
  unauthenticated: 'authentication',
  permission_error: 'permission',
  permission_denied: 'permission',
  billing_error: 'permission',
  not_found_error: 'not_found',
  model_not_found: 'not_found',
  not_found: 'not_found',
  api_error: 'server',
  server_error: 'server',
  internal: 'server',
  timeout_error: 'timeout',
  request_too_large: 'bad_request',
  invalid_request_error: 'bad_request',
  context_length_exceeded: 'context_length',
  string_above_max_length: 'context_length',
  content_filter: 'content_filter',
  content_policy_violation: 'content_filter',
  unavailable: 'overloaded',
};

/** Which code kinds may sharpen a kind read from a generic status. */
const REFINES: Partial<Record<CallErrorKind, readonly CallErrorKind[]>> = {
  bad_request: [
    'context_length',
    'content_filter',
    'rate_limit',
    'authentication',
    'permission',
    'not_found',
  ],
  server: ['overloaded', 'rate_limit', 'timeout'],
};

function kindFromStatus(status: number): CallErrorKind {
  if (status === 401) return 'authentication';
  if (status === 402 || status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limit';
  if (status === 503 || status === 529) return 'overloaded';
  if (status >= 500 || status === 409) return 'server';
  return 'bad_request';
}

/** Reads `message`, `type`, `code` from the many error body shapes providers send. */
function describeBody(body: unknown): { message?: string; code?: string } {
  const root = Array.isArray(body) ? body[0] : body;
  if (typeof root === 'string') return { message: root };
  if (!isRecord(root)) return {};
  const inner = isRecord(root['error']) ? root['error'] : root;
  const message =
    typeof inner['message'] === 'string'
      ? inner['message']
      : typeof inner['error'] === 'string'
        ? inner['error']
        : undefined;
  // OpenAI's `code` is more telling than its `type` (`rate_limit_exceeded` beside `requests`); numeric codes are
  // only the status again (Azure, Google).
  const codeCandidates = [inner['code'], inner['type'], inner['status']];
  const code = codeCandidates.find(
    (c): c is string => typeof c === 'string' && c !== 'error' && c !== '' && !/^\d+$/.test(c),
  );
  return { message, code };
}

/** The kinds a provider call can end with (budgets and output validation are decided above the adapters). */
type CallErrorKind = Exclude<ErrorKind, 'budget' | 'invalid_output'>;

/** The table's words for a kind (`@contract/error-words`), about this provider. */
function actionOf(kind: CallErrorKind, ctx: ErrorContext): string {
  return ERROR_WORDS[kind].action(wordContext(ctx));
}

function headlineOf(kind: CallErrorKind, ctx: ErrorContext): string {
  return ERROR_WORDS[kind].headline(wordContext(ctx));
}

function wordContext(ctx: ErrorContext): WordContext {
  const c: WordContext = { provider: ctx.providerLabel, model: ctx.model };
  if (ctx.baseURL) c.baseURL = ctx.baseURL;
  return c;
}

/** Classifies an error the provider described: an HTTP error response or an error inside a stream. */
export function classifyProviderError(ctx: ErrorContext, facts: ErrorFacts): ProviderError {
  const described = describeBody(facts.body);
  const rawMessage = facts.providerMessage ?? described.message;
  const code = described.code;
  const codeKind = code ? CODE_KINDS[code.toLowerCase()] : undefined;
  const worded = MESSAGE_KINDS.find(([pattern]) => pattern.test(rawMessage ?? ''))?.[1];
  const text = `${rawMessage ?? ''} ${code ?? ''}`;

  let kind: CallErrorKind;
  if (code?.toLowerCase() === 'overloaded_error') kind = 'overloaded';
  else if (CONTEXT_PATTERNS.some((p) => p.test(text))) kind = 'context_length';
  else if (FILTER_PATTERNS.some((p) => p.test(text))) kind = 'content_filter';
  else if (facts.status !== undefined) {
    kind = kindFromStatus(facts.status);
    // A generic status with a telling code keeps the code's kind (Google's 502 `UNAVAILABLE` is overload).
    if (codeKind && REFINES[kind]?.includes(codeKind)) kind = codeKind;
  } else kind = codeKind ?? worded ?? 'server';
  // A generic server error whose words say busy or rate limited (Ollama's error lines) is that.
  if (kind === 'server' && (worded === 'overloaded' || worded === 'rate_limit')) kind = worded;

  let retryable = RETRYABLE_KINDS.has(kind);
  if (code?.toLowerCase() === 'insufficient_quota') retryable = false;
  const shouldRetry = facts.headers?.get('x-should-retry');
  if (shouldRetry === 'true') retryable = true;
  if (shouldRetry === 'false') retryable = false;

  const retryAfterMs = retryAfterFromHeaders(facts.headers) ?? retryDelayFromBody(facts.body);
  const requestId =
    facts.requestId ?? requestIdFromHeaders(facts.headers) ?? stringProperty(facts.body, 'request_id');

  const action =
    code?.toLowerCase() === 'insufficient_quota'
      ? `Your ${ctx.providerLabel} quota is used up: add credit to the account or use another provider.`
      : actionOf(kind, ctx);
  const statusPart =
    facts.status !== undefined ? ` (HTTP ${facts.status})` : facts.inStream ? ' mid-answer' : '';
  const said = rawMessage ? `: ${truncate(scrubSecrets(rawMessage, ctx.secrets), 300)}` : '';
  const message = `${sentence(`${headlineOf(kind, ctx)}${statusPart}${said}`)} ${action}`;

  return new ProviderError({
    kind,
    message,
    action,
    retryable,
    retryAfterMs,
    status: facts.status,
    provider: ctx.provider,
    model: ctx.model,
    requestId,
    providerCode: code ? scrubSecrets(code, ctx.secrets) : undefined,
  });
}

/** A failure below HTTP: refused, reset, DNS, TLS. */
export function connectionError(ctx: ErrorContext, cause: unknown): ProviderError {
  const detail = describeCause(cause);
  const message = `${headlineOf('connection', ctx)}${detail ? ` (${scrubSecrets(detail, ctx.secrets)})` : ''}. ${actionOf('connection', ctx)}`;
  return new ProviderError({
    kind: 'connection',
    message,
    action: actionOf('connection', ctx),
    provider: ctx.provider,
    model: ctx.model,
    cause,
  });
}

/** A body that is not the JSON the protocol promises. */
export function malformedResponseError(ctx: ErrorContext, cause: unknown, requestId?: string): ProviderError {
  return new ProviderError({
    kind: 'server',
    message: `${ctx.providerLabel} sent a response that could not be read (not valid JSON). ${actionOf('server', ctx)}`,
    action: actionOf('server', ctx),
    provider: ctx.provider,
    model: ctx.model,
    requestId,
    cause,
  });
}

/** A stream that ended cleanly at the socket level but before the provider said it was done. */
export function truncatedStreamError(ctx: ErrorContext, requestId?: string): ProviderError {
  return new ProviderError({
    kind: 'connection',
    message: `${ctx.providerLabel} closed the stream before the answer was complete. ${actionOf('connection', ctx)}`,
    action: actionOf('connection', ctx),
    provider: ctx.provider,
    model: ctx.model,
    requestId,
  });
}

export function requestIdFromHeaders(headers: Headers | undefined): string | undefined {
  if (!headers) return undefined;
  return (
    headers.get('request-id') ??
    headers.get('x-request-id') ??
    headers.get('apim-request-id') ??
    headers.get('x-ms-request-id') ??
    undefined
  );
}

function describeCause(cause: unknown): string | undefined {
  const parts: string[] = [];
  let current: unknown = cause;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !parts.includes(code)) parts.push(code);
    current = current.cause;
  }
  if (parts.length > 0) return parts.join(', ');
  return cause instanceof Error ? cause.message : undefined;
}

function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function findProperty(body: unknown, key: string): unknown {
  const root = Array.isArray(body) ? body[0] : body;
  if (!isRecord(root)) return undefined;
  if (key in root) return root[key];
  return isRecord(root['error']) ? root['error'][key] : undefined;
}

function stringProperty(body: unknown, key: string): string | undefined {
  const value = findProperty(body, key);
  return typeof value === 'string' ? value : undefined;
}
