/**
 * Writes the summary that replaces a conversation's older turns: one `CallPipeline.complete` with the summary
 * model (and any fallbacks after it). The caller writes each attempt's ledger row (role `summary`, purpose
 * `summary`), as `onAttempt` reports it, and stores the text with `ConversationStore.insertSummary`.
 */
import type { ErrorInfo, Usage } from '@contract/usage';
import type { AttemptRecord, CallOutcome, CallSuccess } from '../policies/call-records';
import type { Candidate } from '../policies/fallback';
import type { CallPipeline } from '../policies/pipeline';
import { DEFAULT_SUMMARY_TOKENS } from './plan';
import { summaryRequest, type SummarySource } from './summary-request';

export type SummarizeInput = {
  /** The messages to summarize, in conversation order (an earlier summary among them is folded in). */
  messages: readonly SummarySource[];
  /** The summary model first, then any fallbacks. */
  candidates: Candidate[];
  /** The summary's length limit (default DEFAULT_SUMMARY_TOKENS: what the planner kept room for). */
  maxOutputTokens?: number;
  /** Estimated input tokens of the summary request (context-window screening, tokens-per-minute limits). */
  inputTokens?: number;
  requestId?: string;
  signal?: AbortSignal;
  /** Each provider call as it ends: write its ledger row here. */
  onAttempt?: (record: AttemptRecord) => void;
};

export type SummaryResult =
  | {
      ok: true;
      text: string;
      /** The model that wrote it (`provider:model`). */
      model: string;
      usage: Usage;
      /** The summary reached its length limit and may end early. */
      truncated: boolean;
      attempts: AttemptRecord[];
      outcome: CallSuccess;
    }
  | { ok: false; error: ErrorInfo; attempts: AttemptRecord[]; outcome: CallOutcome };

const NO_SUMMARY_ACTION =
  "Choose another summary model in the profile, or set the profile's context strategy to drop the oldest turns.";

/** Why a served answer is no summary, or null when it is one. */
function unusable(outcome: CallSuccess): ErrorInfo | null {
  const { response, served } = outcome;
  const where = { provider: served.provider, model: served.model };
  if (response.finishReason === 'refusal' || response.finishReason === 'content_filter') {
    return {
      kind: 'content_filter',
      message: `${served.ref} declined to summarize the older turns of this conversation.`,
      action: NO_SUMMARY_ACTION,
      retryable: false,
      ...where,
    };
  }
  if (response.text.trim() === '') {
    return {
      kind: 'invalid_output',
      message: `${served.ref} answered the summary request with no text.`,
      action: NO_SUMMARY_ACTION,
      retryable: true,
      ...where,
    };
  }
  return null;
}

export class Summarizer {
  constructor(private readonly pipeline: Pick<CallPipeline, 'complete'>) {}

  async summarize(input: SummarizeInput): Promise<SummaryResult> {
    const maxOutputTokens = input.maxOutputTokens ?? DEFAULT_SUMMARY_TOKENS;
    const outcome = await this.pipeline.complete({
      candidates: input.candidates,
      request: summaryRequest(input.messages, { maxOutputTokens }),
      inputTokens: input.inputTokens,
      requestId: input.requestId,
      signal: input.signal,
      onAttempt: input.onAttempt,
    });
    if (!outcome.ok) return { ok: false, error: outcome.error, attempts: outcome.attempts, outcome };
    const problem = unusable(outcome);
    if (problem) return { ok: false, error: problem, attempts: outcome.attempts, outcome };
    return {
      ok: true,
      text: outcome.response.text.trim(),
      model: outcome.served.ref,
      usage: outcome.response.usage,
      truncated: outcome.response.finishReason === 'length',
      attempts: outcome.attempts,
      outcome,
    };
  }
}
