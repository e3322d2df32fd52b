/**
 * One call to one provider, as the pipeline makes it: passes the signal, the timeouts and the key to the adapter,
 * hears every HTTP response (for the rate limiter and for the server's retry hints), and turns whatever happens
 * into a `ProviderCallResult`. A stream forwards its content only from its first token on: before that a failure
 * can still be retried or fall back without the reader ever seeing the failed attempt; after it, it cannot.
 * A stream cut after its first token was billed for what it had sent: where the provider's usage had not arrived
 * yet (OpenAI reports it last, Anthropic its output last), the usage is estimated from the request's counted
 * input and the text that arrived, and marked `estimated`, never left at zero.
 */
import { emptyUsage, totalInputTokens, type ErrorInfo, type Usage } from '@contract/usage';
import { requestIdFromHeaders } from '../providers/errors';
import { countTextTokens } from '../providers/token-count';
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
  /** The request's input tokens as counted before sending: the estimate for a stream cut before its usage came. */
  inputTokens?: number;
};

/** The text a stream delivered before it broke, by kind. */
type Arrived = { text: string[]; thinking: string[]; tools: string[] };

/** The usage of a stream cut after its first token: what the provider reported, else an estimate, never zero. */
async function cutUsage(reported: Usage, arrived: Arrived, inputTokens: number | undefined): Promise<Usage> {
  const usage: Usage = structuredClone(reported);
  let estimated = false;
  if (totalInputTokens(usage) === 0 && inputTokens !== undefined && inputTokens > 0) {
    usage.input.uncached = inputTokens;
    estimated = true;
  }
  const text = await countTextTokens(arrived.text.join('') + arrived.tools.join(''));
  const thinking = await countTextTokens(arrived.thinking.join(''));
  if (text > usage.output.text) {
    usage.output.text = text;
    estimated = true;
  }
  if (thinking > usage.output.reasoning) {
    usage.output.reasoning = thinking;
    estimated = true;
  }
  if (estimated) usage.source = 'estimated';
  return usage;
}

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
  const started = call.now();
  const arrived: Arrived = { text: [], thinking: [], tools: [] };
  /** A failure after the first token: its usage completed by an estimate, and what arrived as the partial answer. */
  const cut = async (error: ErrorInfo, reported: Usage, partial?: ChatResponse) => {
    if (!committed) return failed(error, false, reported, partial);
    const usage = await cutUsage(reported, arrived, call.inputTokens);
    const text = arrived.text.join('');
    const answer: ChatResponse = partial
      ? { ...partial, usage }
      : {
          provider: candidate.provider,
          model: candidate.model,
          text,
          content: text ? [{ type: 'text', text }] : [],
          finishReason: 'error',
          rawFinishReason: null,
          usage,
          timing: { totalMs: call.now() - started },
        };
    if (requestId !== undefined && answer.requestId === undefined) answer.requestId = requestId;
    return failed(error, true, usage, answer);
  };
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
          return await cut(withContext(event.error, context), event.partial.usage, event.partial);
        default:
          if (!committed) await commit();
          if (event.type === 'text-delta') arrived.text.push(event.text);
          else if (event.type === 'thinking-delta') arrived.thinking.push(event.text);
          else if (event.type === 'tool-call-delta') arrived.tools.push(event.argumentsDelta);
          await content(event);
      }
    }
    const error: ErrorInfo = {
      kind: 'connection',
      message: `The stream from ${candidate.provider} ended before the answer was complete.`,
      retryable: true,
      ...context,
    };
    return await cut(error, lastUsage ?? emptyUsage('partial'));
  } catch (error) {
    return await cut(errorInfoOf(error, context), lastUsage ?? emptyUsage('partial'));
  }
}
