/**
 * How every adapter runs a call: one transport per call, SDK errors turned into ProviderErrors, and a stream that
 * always ends with exactly one `finish` or `error` event (the error carrying what had arrived).
 */
import * as Anthropic from '@anthropic-ai/sdk';
import * as OpenAI from 'openai';
import type { Usage } from '@contract/usage';
import {
  ProviderError,
  abortedError,
  classifyProviderError,
  connectionError,
  malformedResponseError,
  requestIdFromHeaders,
  scrubSecrets,
  timeoutError,
  truncatedStreamError,
  type ErrorContext,
} from './errors';
import { ResponseBuilder, type BuilderIdentity } from './normalize';
import { CallTransport, type CallMode } from './transport';
import type { CallOptions, ChatResponse, HealthProbe, StreamEvent, Timeouts } from './types';

type SdkAPIError = Anthropic.APIError | OpenAI.APIError;

function isSdkAPIError(error: unknown): error is SdkAPIError {
  return error instanceof Anthropic.APIError || error instanceof OpenAI.APIError;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

function isNetworkFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    if (current instanceof TypeError && /terminated|fetch failed|other side closed/i.test(current.message))
      return true;
    current = current.cause;
  }
  return false;
}

/** Turns anything a call threw into a ProviderError; the transport knows whether we stopped it ourselves. */
export function toProviderError(error: unknown, transport: CallTransport, ctx: ErrorContext): ProviderError {
  if (error instanceof ProviderError) return error;
  const ended = transport.ended;
  if (ended?.kind === 'aborted') return abortedError(ctx);
  if (ended?.kind === 'timeout') return timeoutError(ctx, ended.phase, ended.ms);
  const requestId = requestIdFromHeaders(transport.response?.headers);

  if (error instanceof Anthropic.APIUserAbortError || error instanceof OpenAI.APIUserAbortError) {
    return abortedError(ctx);
  }
  if (
    error instanceof Anthropic.APIConnectionTimeoutError ||
    error instanceof OpenAI.APIConnectionTimeoutError
  ) {
    return timeoutError(ctx, 'total', transport.elapsedMs);
  }
  if (error instanceof Anthropic.APIConnectionError || error instanceof OpenAI.APIConnectionError) {
    const cause = error.cause ?? error;
    return cause instanceof SyntaxError
      ? malformedResponseError(ctx, cause, requestId)
      : connectionError(ctx, cause);
  }
  if (isSdkAPIError(error)) {
    return classifyProviderError(ctx, {
      status: error.status,
      headers: error.headers ?? transport.response?.headers,
      body: error.error,
      requestId: error.requestID ?? requestId,
      inStream: error.status === undefined,
      providerMessage: error.error === undefined ? error.message : undefined,
    });
  }
  if (error instanceof SyntaxError) return malformedResponseError(ctx, error, requestId);
  if (isNetworkFailure(error)) return connectionError(ctx, error);
  const detail = error instanceof Error ? error.message : String(error);
  return new ProviderError({
    kind: 'server',
    message: `The call to ${ctx.providerLabel} failed unexpectedly: ${scrubSecrets(detail, ctx.secrets)}`,
    action: 'Try again; if it keeps happening, report it with the log file.',
    provider: ctx.provider,
    model: ctx.model,
    requestId,
    cause: error,
  });
}

export type CallSetup = { ctx: ErrorContext; timeouts: Timeouts; options: CallOptions };

/** Runs a call that is not a stream; any failure becomes a ProviderError. */
export async function runRequest<T>(
  setup: CallSetup,
  mode: Exclude<CallMode, 'stream'>,
  work: (transport: CallTransport) => Promise<T>,
): Promise<T> {
  const transport = new CallTransport(mode, setup.timeouts, setup.options);
  try {
    return await work(transport);
  } catch (error) {
    throw toProviderError(error, transport, setup.ctx);
  } finally {
    transport.dispose();
  }
}

/**
 * What an adapter's stream reader does: yields the events it builds with `builder`, and returns true when the
 * provider said the answer is complete (`message_stop`, a finish reason), false when the body simply ended.
 */
export type StreamReader = (
  transport: CallTransport,
  builder: ResponseBuilder,
) => AsyncGenerator<StreamEvent, boolean, undefined>;

export async function* runStream(
  setup: CallSetup,
  identity: BuilderIdentity,
  read: StreamReader,
  /** Usage for a stream that reported none (some OpenAI-compatible servers ignore `include_usage`). */
  estimate?: (response: ChatResponse) => Promise<Usage>,
): AsyncGenerator<StreamEvent, void, undefined> {
  const transport = new CallTransport('stream', setup.timeouts, setup.options);
  const builder = new ResponseBuilder(identity, () => transport.markContent());
  const timing = () => ({ ttftMs: transport.ttftMs, totalMs: transport.elapsedMs });
  try {
    let failure: ProviderError | undefined;
    try {
      const completed = yield* read(transport, builder);
      if (transport.ended) failure = toProviderError(undefined, transport, setup.ctx);
      else if (!completed)
        failure = truncatedStreamError(setup.ctx, requestIdFromHeaders(transport.response?.headers));
    } catch (error) {
      failure = toProviderError(error, transport, setup.ctx);
    }
    if (failure) {
      yield { type: 'error', error: failure.toInfo(), partial: builder.build(timing(), 'partial') };
      return;
    }
    const response = builder.build(timing(), 'final');
    if (!builder.hasUsage && estimate) response.usage = await estimate(response);
    yield { type: 'finish', response };
  } finally {
    transport.dispose();
  }
}

/** Timing of an answer that came in one body: its first token arrived with the rest. */
export function wholeBodyTiming(transport: CallTransport): ChatResponse['timing'] {
  const totalMs = transport.elapsedMs;
  return { ttftMs: totalMs, totalMs };
}

/** A health probe: runs a cheap check and reports, never throws. */
export async function probe(check: () => Promise<number>, ctx: ErrorContext): Promise<HealthProbe> {
  const started = performance.now();
  try {
    const models = await check();
    return { ok: true, latencyMs: Math.round(performance.now() - started), models };
  } catch (error) {
    const failure =
      error instanceof ProviderError
        ? error
        : new ProviderError({ kind: 'server', message: `${ctx.providerLabel} health check failed.` });
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: failure.toInfo() };
  }
}
