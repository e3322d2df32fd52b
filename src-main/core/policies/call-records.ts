/**
 * What the call pipeline reports: progress events for the UI, one attempt record per provider call (for the
 * ledger), and the outcome of the whole request.
 */
import type { ErrorInfo, ErrorKind, Usage } from '@contract/usage';
import type { ChatResponse, StreamEvent } from '../providers/types';
import type { RetryState } from './retry';

/** primary: the first call of the request; retry: the same model again; fallback: the first call to a later model. */
export type AttemptRole = 'primary' | 'retry' | 'fallback';

/** ok; error: failed before its first token (or a whole-body call failed); interrupted: a stream broke after it. */
export type AttemptOutcome = 'ok' | 'error' | 'aborted' | 'interrupted' | 'cached';

/** One provider call (or one cached answer): exactly what the ledger needs for one row. */
export type AttemptRecord = {
  /** Shared by every call of one user request. */
  requestId: string;
  /** 1, 2, 3... across every model of the request. */
  attempt: number;
  role: AttemptRole;
  /** `provider:model` as the chain names it; `provider` and `model` are its parts (the model the request asked for). */
  ref: string;
  provider: string;
  model: string;
  /** The model the provider says answered, when it reported one. */
  servedModel?: string;
  /** The vault id of the key the call used (key rotation); never the key itself. */
  keyId?: string;
  outcome: AttemptOutcome;
  error?: ErrorInfo;
  /** Why this call was made: the fallback's reason, or what the retry retried. Absent for the first call. */
  reason?: string;
  /**
   * The usage the provider reported, or what had arrived when the call failed or was aborted (`source: partial`);
   * zeros when nothing arrived. A cached answer spent nothing: zeros, with the original usage in `savedUsage`.
   */
  usage: Usage;
  savedUsage?: Usage;
  /** The provider's request id (from its headers), for support. */
  providerRequestId?: string;
  startedAt: number;
  ttftMs?: number;
  totalMs: number;
};

export type ServedModel = { ref: string; provider: string; model: string; role: AttemptRole };

/** One model of the chain and what became of it: the source of a message's "answered by X after Y failed". */
export type RouteStep = {
  ref: string;
  outcome: 'served' | 'skipped' | 'failed';
  /** Why it was skipped or failed (`anthropic:claude-haiku cannot see images`, `overloaded after 4 attempts`). */
  reason?: string;
  errorKind?: ErrorKind;
  /** Provider calls made to this model (0 for a skip, a refusal by the circuit breaker, or a cached answer). */
  calls: number;
};

/** Progress of a request, for the UI. */
export type PipelineEvent =
  /** A model of the chain cannot take the request at all. */
  | { type: 'skipped'; ref: string; reason: string; errorKind: ErrorKind }
  /**
   * queued: waiting behind earlier requests to the same provider or model; rate-limited: waiting for a limit;
   * connecting: the call is being made.
   */
  | {
      type: 'status';
      phase: 'queued' | 'rate-limited' | 'connecting';
      ref: string;
      provider: string;
      model: string;
      position?: number;
      untilMs?: number;
      detail?: string;
    }
  /** A retry is waiting: "Rate limited by OpenAI, retrying in 4 s (attempt 2 of 4)". `RetryControl.retryNow()` skips it. */
  | ({ type: 'retry'; ref: string } & RetryState)
  /** Moving on to the next model of the chain. */
  | { type: 'fallback'; from: string; to: string; reason: string; errorKind: ErrorKind }
  /** This model is answering: a stream's first token arrived (no retry or fallback can follow), or a call succeeded. */
  | { type: 'model'; ref: string; provider: string; model: string; role: AttemptRole; cached: boolean };

/** Content as the adapters stream it (everything but their `start`, `finish` and `error`, which the pipeline handles). */
export type ContentEvent = Exclude<StreamEvent, { type: 'start' } | { type: 'finish' } | { type: 'error' }>;

type OutcomeBase = { requestId: string; steps: RouteStep[]; attempts: AttemptRecord[] };

export type CallSuccess = OutcomeBase & {
  ok: true;
  response: ChatResponse;
  served: ServedModel;
  cached: boolean;
};

export type CallFailure = OutcomeBase & {
  ok: false;
  error: ErrorInfo;
  /** The user cancelled (the request's signal, or the stream's reader stopped). */
  aborted: boolean;
  /** What a stream had produced before it broke or was cancelled after its first token. */
  partial?: ChatResponse;
  /** The model whose stream broke after its first token. */
  served?: ServedModel;
};

export type CallOutcome = CallSuccess | CallFailure;

/** What `stream()` yields: progress, content, and last, the outcome. */
export type PipelineStreamEvent = PipelineEvent | ContentEvent | { type: 'end'; outcome: CallOutcome };

/** A finished answer as content events (a cached answer, or a model that cannot stream, shown as a stream). */
export function contentEventsOf(response: ChatResponse): ContentEvent[] {
  const events: ContentEvent[] = [];
  let toolIndex = 0;
  for (const part of response.content) {
    if (part.type === 'text') events.push({ type: 'text-delta', text: part.text });
    else if (part.type === 'thinking') {
      events.push({ type: 'thinking-delta', text: part.text });
      if (part.signature) events.push({ type: 'thinking-signature', signature: part.signature });
    } else {
      const index = toolIndex++;
      events.push({ type: 'tool-call-start', index, id: part.id, name: part.name });
      events.push({ type: 'tool-call-delta', index, argumentsDelta: part.rawArguments });
      events.push({ type: 'tool-call-end', index, call: part });
    }
  }
  events.push({ type: 'usage', usage: response.usage });
  return events;
}
