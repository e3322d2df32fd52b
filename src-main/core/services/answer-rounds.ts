/**
 * The model rounds of one answer through the call pipeline (one round, unless tools are used): each round's
 * events streamed to the window (status, retries, fallbacks, the model, text, thinking, usage), each provider call
 * a ledger row, each round its own request id (so what a round's retries cost is that round's overhead), rounds
 * after tool calls recorded with the role `tool_round`, and each round's text kept apart (the conversation shows
 * the tool calls between them).
 */
import { randomUUID } from 'node:crypto';
import type { ChatStreamEvent } from '@contract/bridge';
import type { LedgerRecord } from '@contract/ledger';
import type { Ledger } from '../ledger/ledger';
import type { CallPlan } from '../planning/index';
import type { CallOutcome, PipelineStreamEvent } from '../policies/call-records';
import type { CallPipeline } from '../policies/pipeline';
import type { RetryControl } from '../policies/retry';
import type { ChatRequest } from '../providers/types';
import type { ConversationStore } from '../storage/conversations';
import { ledgerEntryOf, type LedgerContext } from './ledger-entries';
import type { ProviderRegistry } from './provider-registry';
import type { StreamRelay } from './stream-relay';

export type RoundsDeps = {
  pipeline: CallPipeline;
  ledger: Ledger;
  registry: ProviderRegistry;
  conversations: ConversationStore;
};

export type RoundsJob = {
  plan: CallPlan;
  answerId: string;
  inputTokens: number;
  regenerate: boolean;
  context: LedgerContext;
  signal: AbortSignal;
  retry: RetryControl;
  relay: StreamRelay;
};

export class AnswerRounds {
  /** One per round, in order. */
  readonly requestIds: string[] = [];
  /** The text each round streamed (the answer's text is all of them, in order). */
  readonly texts: string[] = [];

  constructor(
    private readonly deps: RoundsDeps,
    private readonly job: RoundsJob,
  ) {}

  /** Streams one round; its outcome, or undefined when the stream ended without one. */
  async stream(round: number, request: Omit<ChatRequest, 'model'>): Promise<CallOutcome | undefined> {
    const { plan, relay } = this.job;
    const requestId = randomUUID();
    this.requestIds.push(requestId);
    this.texts.push('');
    if (round > 1) relay.push({ type: 'round', round });
    const context: LedgerContext = round > 1 ? { ...this.job.context, role: 'tool_round' } : this.job.context;
    const events = this.deps.pipeline.stream({
      requestId,
      candidates: plan.candidates,
      request,
      inputTokens: this.job.inputTokens,
      routing: plan.routing,
      routingKey: plan.routingKey,
      fallbackOnAuthError: plan.fallbackOnAuthError,
      cache: plan.cache,
      regenerate: this.job.regenerate,
      signal: this.job.signal,
      retryControl: this.job.retry,
      onAttempt: (record) => {
        // A retry or fallback inside a later round keeps its own role; the round's first call is the tool round.
        const roundContext = record.role === 'primary' ? context : this.job.context;
        this.deps.ledger.append(
          ledgerEntryOf(record, roundContext, this.pricesOf(record.provider, record.model)),
        );
      },
    });
    for await (const event of events) {
      if (event.type === 'end') return event.outcome;
      const mapped = this.toStreamEvent(event);
      if (!mapped) continue;
      if (mapped.type === 'model') {
        this.deps.conversations.updateStreaming(this.job.answerId, { model: mapped.model });
      }
      if (mapped.type === 'text') this.texts[this.texts.length - 1] += mapped.text;
      relay.push(mapped);
    }
    return undefined;
  }

  /** Every ledger row of every round so far. */
  records(): LedgerRecord[] {
    return this.requestIds.flatMap((id) => this.deps.ledger.byRequest(id));
  }

  private pricesOf(provider: string, model: string) {
    return this.deps.registry.catalogue().find(`${provider}:${model}`)?.prices ?? null;
  }

  private toStreamEvent(event: PipelineStreamEvent): ChatStreamEvent | null {
    const { plan } = this.job;
    switch (event.type) {
      case 'status': {
        const status: ChatStreamEvent = { type: 'status', phase: event.phase };
        if (event.detail !== undefined) status.detail = event.detail;
        if (event.position !== undefined) status.position = event.position;
        if (event.untilMs !== undefined) status.untilMs = event.untilMs;
        return status;
      }
      case 'retry':
        return {
          type: 'retry',
          attempt: event.attempt,
          maxAttempts: event.maxAttempts,
          delayMs: event.delayMs,
          untilMs: event.untilMs,
          provider: this.deps.registry.labelOf(event.provider),
          model: event.model,
          error: event.error,
        };
      case 'fallback':
        return { type: 'fallback', from: event.from, to: event.to, reason: event.reason };
      case 'model': {
        const model: ChatStreamEvent = { type: 'model', model: event.ref, provider: event.provider };
        if (plan.autoReason && event.ref === plan.primary.id) model.autoReason = plan.autoReason;
        return model;
      }
      case 'text-delta':
        return { type: 'text', text: event.text };
      case 'thinking-delta':
        return { type: 'thinking', text: event.text };
      case 'usage':
        return { type: 'usage', usage: event.usage };
      default:
        return null;
    }
  }
}
