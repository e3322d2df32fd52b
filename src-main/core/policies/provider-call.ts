/**
 * One call to one provider, as the pipeline makes it: passes the signal, the timeouts and the key to the adapter,
 * hears every HTTP response (for the rate limiter and for the server's retry hints), and turns whatever happens
 * into a `ProviderCallResult`. A stream forwards its content only from its first token on: before that a failure
 * can still be retried or fall back without the reader ever seeing the failed attempt; after it, it cannot.
 */
import { emptyUsage, type ErrorInfo, type Usage } from '@contract/usage';
import { requestIdFromHeaders } from '../providers/errors';
import type { CallOptions, ChatRequest, ChatResponse, ProviderAdapter, Timeouts } from '../providers/types';
import { contentEventsOf, type ContentEvent } from './call-records';
import { errorInfoOf, withContext } from './errors';
import type { Candidate } from './fallback';
import { retryHints, type RetryHints } from './headers';

export type ProviderCallResult =
  | { ok: true; response: ChatResponse }
  | {
      ok: false;
      error: ErrorInfo;
      /** A stream's first token had arrived: no retry, no fallback. */
      committed: boolean;
      /** What arrived before the failure (zeros when nothing did). */
      usage: Usage;
      partial?: ChatResponse;
      hints: RetryHints;
      status?: number;
      requestId?: string;
      ttftMs?: number;
    };

export type ProviderCall = {
  adapter: ProviderAdapter;
  candidate: Candidate;
  request: Omit<ChatRequest, 'model'>;
  signal: AbortSignal;
  timeouts?: Partial<Timeouts>;
  apiKey?: string;
  now: () => number;
  /** Every HTTP response's headers, errors included. */
  onHeaders: (headers: Headers) => void;
  /** Stream mode: receives the content (awaited, for backpressure). Absent: one answer in one piece. */
  content?: (event: ContentEvent) => Promise<void>;
  /** Stream mode: the answer has begun (its first token, or a whole answer about to be streamed). */
  onCommit: () => void;
};

export async function callProvider(call: ProviderCall): Promise<ProviderCallResult> {
  const { adapter, candidate, content } = call;
  let hints: RetryHints = {};
  let status: number | undefined;
  let requestId: string | undefined;
  const options: CallOptions = {
    signal: call.signal,
    onResponse: (meta) => {
      status = meta.status;
      hints = retryHints(meta.headers, call.now());
      requestId = requestIdFromHeaders(meta.headers) ?? requestId;
      call.onHeaders(meta.headers);
    },
  };
  if (call.timeouts) options.timeouts = call.timeouts;
  if (call.apiKey !== undefined) options.apiKey = call.apiKey;
  // Each model of the chain with the catalogue's word on it: the adapter refuses what it cannot take unsent.
  const request: ChatRequest = {
    ...call.request,
    model: candidate.model,
    modelCapabilities: candidate.capabilities,
  };
  const context = { provider: candidate.provider, model: candidate.model };
  const failed = (
    error: ErrorInfo,
    committed: boolean,
    usage: Usage,
    partial?: ChatResponse,
  ): ProviderCallResult => {
    const result: ProviderCallResult = { ok: false, error, committed, usage, hints, status, requestId };
    if (partial) {
      result.partial = partial;
      if (partial.timing.ttftMs !== undefined) result.ttftMs = partial.timing.ttftMs;
    }
    return result;
  };

  if (!content || !candidate.capabilities.streaming) {
    try {
      const response = await adapter.complete(request, options);
      if (content) {
        call.onCommit();
        for (const event of contentEventsOf(response)) await content(event);
      }
      return { ok: true, response };
    } catch (error) {
      return failed(errorInfoOf(error, context), false, emptyUsage('partial'));
    }
  }

  let committed = false;
  let heldUsage: ContentEvent | undefined;
  let lastUsage: Usage | undefined;
  const commit = async () => {
    committed = true;
    call.onCommit();
    if (heldUsage) await content(heldUsage);
  };
  try {
    for await (const event of adapter.stream(request, options)) {
      switch (event.type) {
        case 'start':
          break;
        case 'usage':
          lastUsage = event.usage;
          if (committed) await content(event);
          else heldUsage = event;
          break;
        case 'finish':
          if (!committed) await commit();
          return { ok: true, response: event.response };
        case 'error':
          return failed(withContext(event.error, context), committed, event.partial.usage, event.partial);
        default:
          if (!committed) await commit();
          await content(event);
      }
    }
    const error: ErrorInfo = {
      kind: 'connection',
      message: `The stream from ${candidate.provider} ended before the answer was complete.`,
      retryable: true,
      ...context,
    };
    return failed(error, committed, lastUsage ?? emptyUsage('partial'));
  } catch (error) {
    return failed(errorInfoOf(error, context), committed, lastUsage ?? emptyUsage('partial'));
  }
}
