/**
 * Turns a rule's fault into what the protocol would really send: an HTTP error with the provider's body and
 * retry headers, a reset connection, a replayed recording, or a break for the delivery to apply mid-response.
 */
import type { BodyBreak, Exchange, StreamBreak } from './delivery';
import { resetBeforeHeaders, sendJson, sendRaw } from './delivery';
import { errorBody } from './provider-errors';
import type { ErrorSpec } from './provider-errors';
import { rateLimitHeaders } from './provider-headers';
import type { EmulatorProtocol, Fault } from './types';

export type FaultContext = {
  ex: Exchange;
  protocol: EmulatorProtocol;
  /** Headers every response of this protocol carries (the request id). */
  baseHeaders: Record<string, string>;
  requestId: string | undefined;
  model: string | undefined;
  stream: boolean;
};

/** What the handler does next: the fault has been answered, or the reply goes out broken. */
export type FaultOutcome =
  { handled: true } | { handled: false; streamBreak?: StreamBreak; bodyBreak?: BodyBreak };

export function sendError(
  ctx: FaultContext,
  spec: ErrorSpec,
  headers: Record<string, string> = {},
): Promise<void> {
  const body = errorBody(ctx.protocol, {
    ...spec,
    ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
    ...(ctx.model ? { model: ctx.model } : {}),
  });
  return sendJson(ctx.ex, spec.status, { ...ctx.baseHeaders, ...headers }, body);
}

function shouldRetryHeader(shouldRetry: boolean | undefined): Record<string, string> {
  return shouldRetry === undefined ? {} : { 'x-should-retry': String(shouldRetry) };
}

const OVERLOADED_MESSAGES: Partial<Record<EmulatorProtocol, string>> = {
  openai: 'The engine is currently overloaded, please try again later',
  'ollama-openai': 'server busy, please try again.  maximum pending requests exceeded',
  ollama: 'server busy, please try again.  maximum pending requests exceeded',
};

function rateLimitResponse(ctx: FaultContext, fault: Extract<Fault, { kind: 'rate-limit' }>): Promise<void> {
  const explicit =
    fault.retryAfterSeconds !== undefined ||
    fault.retryAfterMs !== undefined ||
    fault.retryAfterDate !== undefined;
  const waitMs = fault.retryAfterMs ?? (fault.retryAfterSeconds ?? 1) * 1000;
  const headers: Record<string, string> = {};
  if (fault.retryAfterDate !== undefined) headers['retry-after'] = fault.retryAfterDate;
  else if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  else if (!explicit && ctx.protocol !== 'gemini') headers['retry-after'] = '1';
  if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
  const state = fault.rateLimit ?? { requests: { limit: 10_000, remaining: 0, resetMs: waitMs } };
  return sendError(
    ctx,
    { status: 429, retryDelaySeconds: waitMs / 1000, ...(fault.message ? { message: fault.message } : {}) },
    {
      ...rateLimitHeaders(ctx.protocol, state),
      ...headers,
      ...shouldRetryHeader(fault.shouldRetry),
      ...fault.headers,
    },
  );
}

/** The error a `stream-error` fault stands for. */
function streamErrorSpec(
  protocol: EmulatorProtocol,
  fault: Extract<Fault, { kind: 'stream-error' }>,
): ErrorSpec {
  const errorType = fault.errorType ?? (protocol === 'anthropic' ? 'overloaded_error' : undefined);
  return {
    status: errorType === 'overloaded_error' ? 529 : 500,
    ...(errorType ? { errorType } : {}),
    ...(fault.message ? { message: fault.message } : {}),
  };
}

export async function applyFault(ctx: FaultContext, fault: Fault): Promise<FaultOutcome> {
  switch (fault.kind) {
    case 'status':
      await sendError(
        ctx,
        {
          status: fault.status,
          ...(fault.errorType ? { errorType: fault.errorType } : {}),
          ...(fault.message ? { message: fault.message } : {}),
        },
        { ...shouldRetryHeader(fault.shouldRetry), ...fault.headers },
      );
      return { handled: true };
    case 'rate-limit':
      await rateLimitResponse(ctx, fault);
      return { handled: true };
    case 'overloaded': {
      const anthropic = ctx.protocol === 'anthropic';
      const message = fault.message ?? OVERLOADED_MESSAGES[ctx.protocol];
      await sendError(ctx, {
        status: anthropic ? 529 : 503,
        ...(anthropic ? { errorType: 'overloaded_error' } : {}),
        ...(message ? { message } : {}),
      });
      return { handled: true };
    }
    case 'reset-before-headers':
      resetBeforeHeaders(ctx.ex);
      return { handled: true };
    case 'replay':
      sendRaw(
        ctx.ex,
        fault.status ?? 200,
        { ...ctx.baseHeaders, 'content-type': fault.contentType, ...fault.headers },
        fault.body,
      );
      return { handled: true };
    case 'stream-error':
      if (!ctx.stream) {
        await sendError(ctx, streamErrorSpec(ctx.protocol, fault));
        return { handled: true };
      }
      return {
        handled: false,
        streamBreak: {
          kind: 'stream-error',
          afterChunks: fault.afterChunks,
          spec: streamErrorSpec(ctx.protocol, fault),
        },
      };
    case 'cut-mid-stream':
      return ctx.stream
        ? { handled: false, streamBreak: { kind: 'cut-mid-stream', afterChunks: fault.afterChunks } }
        : { handled: false, bodyBreak: { kind: 'cut-mid-stream' } };
    case 'malformed-json':
      return ctx.stream
        ? { handled: false, streamBreak: { kind: 'malformed-json', afterChunks: fault.afterChunks ?? 0 } }
        : { handled: false, bodyBreak: { kind: 'malformed-json' } };
  }
}
