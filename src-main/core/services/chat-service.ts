/**
 * Chat: sending a message and streaming its answer to the window that asked, through the call pipeline
 * (retries, rate limits, fallback, cache), saving the answer as it arrives, writing one ledger row per provider
 * call, holding the budget while the call runs; plus stop, "Retry now", acknowledgements and the composer's live
 * estimate. One answer at a time per conversation.
 */
import { randomUUID } from 'node:crypto';
import type { CallOutput, CallParsedInput, ChatStreamEvent, Estimate } from '@contract/bridge';
import type { Attachment, Conversation, Message } from '@contract/conversations';
import { computeCost, maxRequestCostMicros } from '@contract/money';
import type { ModelInfo, ProviderKind } from '@contract/models';
import { emptyUsage, type ErrorInfo } from '@contract/usage';
import type { EventBus } from '../bridge/events';
import { DEFAULT_OUTPUT_RESERVE } from '../catalogue/auto';
import type { BudgetGuard, Reservation } from '../ledger/budgets';
import type { Ledger } from '../ledger/ledger';
import type { CallOutcome, PipelineStreamEvent } from '../policies/call-records';
import type { CallPipeline } from '../policies/pipeline';
import { RetryControl } from '../policies/retry';
import type { ChatMessage, ChatRequest } from '../providers/types';
import type { AttachmentStore } from '../storage/attachments';
import { DEFAULT_TITLE, type ConversationStore } from '../storage/conversations';
import type { Logger } from '../storage/logger';
import type { CallPlan, CallPlanner, CallTarget } from './call-planner';
import { estimateTokens, isSent, toChatMessages, userContent } from './conversation-request';
import type { ContextFitter } from './context-fitter';
import { attemptsOf, costOfRecords, ledgerEntryOf } from './ledger-entries';
import type { ProviderRegistry } from './provider-registry';
import { ServiceError, notFound } from './service-error';
import type { StructuredAnswers } from './structured-answers';
import { StreamRelay } from './stream-relay';

export type ChatServiceDeps = {
  conversations: ConversationStore;
  attachments: AttachmentStore;
  pipeline: CallPipeline;
  planner: CallPlanner;
  registry: ProviderRegistry;
  ledger: Ledger;
  budgets: BudgetGuard;
  events: EventBus;
  logger: Logger;
  context: ContextFitter;
  structured: StructuredAnswers;
};

type ActiveStream = {
  id: string;
  clientId: string;
  conversationId: string;
  abort: AbortController;
  retry: RetryControl;
  relay: StreamRelay;
  done: Promise<void>;
};

type SendInput = CallParsedInput<'chat.send'>;
type EstimateInput = CallParsedInput<'chat.estimate'>;

const TITLE_LENGTH = 60;

function titleFrom(text: string): string | undefined {
  const line = text.trim().split('\n')[0]?.trim() ?? '';
  if (line === '') return undefined;
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1).trimEnd()}…` : line;
}

export class ChatService {
  private readonly streams = new Map<string, ActiveStream>();

  constructor(private readonly deps: ChatServiceDeps) {}

  /** The target of a send: what the user picked now, else what the conversation remembers. */
  private targetOf(conversation: Conversation | null, target: CallTarget): CallTarget {
    if (target.profileId || target.model) return target;
    const stored: CallTarget = {};
    if (conversation?.profileId) stored.profileId = conversation.profileId;
    if (conversation?.model) stored.model = conversation.model;
    return stored;
  }

  kindOf(model: Pick<ModelInfo, 'provider'>): ProviderKind {
    return this.deps.registry.get(model.provider)?.kind ?? 'openai-compatible';
  }

  private imagesOf(messages: readonly Message[]): Attachment[] {
    return messages.filter(isSent).flatMap((m) => m.attachments);
  }

  /** Plans the call, counting tokens for the model the plan chose (Auto plans again with the real count). */
  private async planFor(
    target: CallTarget,
    chat: ChatMessage[],
    images: Attachment[],
    schema: boolean,
  ): Promise<{ plan: CallPlan; inputTokens: number; imageTokens: number; method: 'exact' | 'estimate' }> {
    const needs = { images: images.length > 0, structuredOutput: schema };
    let plan = this.deps.planner.plan(target, { ...needs, inputTokens: 0 });
    let tokens = await estimateTokens(chat, images, plan.primary, this.kindOf(plan.primary));
    if (plan.autoReason !== undefined) {
      plan = this.deps.planner.plan(target, { ...needs, inputTokens: tokens.inputTokens });
      tokens = await estimateTokens(chat, images, plan.primary, this.kindOf(plan.primary));
    }
    return { plan, ...tokens };
  }

  private outputLimit(plan: CallPlan): number {
    return plan.params.maxOutputTokens ?? plan.primary.maxOutputTokens;
  }

  /** Room kept for the answer when fitting the context: the profile's limit, else a typical long answer. */
  private outputReserve(plan: CallPlan): number {
    return Math.min(plan.params.maxOutputTokens ?? DEFAULT_OUTPUT_RESERVE, plan.primary.maxOutputTokens);
  }

  async estimate(input: EstimateInput): Promise<Estimate> {
    const found = input.conversationId ? this.deps.conversations.get(input.conversationId) : null;
    if (input.conversationId && !found) throw notFound('conversation');
    const history = found?.messages ?? [];
    const attachments = this.deps.attachments.require(input.attachments);
    const fileOf = (hash: string) => this.deps.attachments.filePath(hash);
    const target = this.targetOf(found?.conversation ?? null, input.target);
    const pending: Message[] = [...history];
    const chatOf = (plan: CallPlan | undefined) => {
      const messages = toChatMessages(pending, { systemPrompt: plan?.systemPrompt, fileOf });
      messages.push({ role: 'user', content: userContent(input.text, attachments, fileOf) });
      return messages;
    };
    const images = [...this.imagesOf(history), ...attachments];
    let planned: Awaited<ReturnType<ChatService['planFor']>>;
    try {
      planned = await this.planFor(target, chatOf(undefined), images, false);
      if (planned.plan.systemPrompt) {
        const again = await estimateTokens(
          chatOf(planned.plan),
          images,
          planned.plan.primary,
          this.kindOf(planned.plan.primary),
        );
        planned = { ...planned, ...again };
      }
    } catch (error) {
      const info = error instanceof ServiceError || hasInfo(error) ? error.toInfo() : null;
      if (!info) throw error;
      return {
        model: null,
        inputTokens: 0,
        method: 'estimate',
        imageTokens: 0,
        maxOutputTokens: 0,
        inputCostMicros: null,
        maxCostMicros: null,
        contextWindow: null,
        context: { fits: true, overByTokens: 0, excludedMessageIds: [], action: 'none' },
        blocked: { reason: info.message, suggestions: this.suggestions(attachments.length > 0) },
      };
    }
    const { plan, inputTokens, imageTokens, method } = planned;
    const model = plan.primary;
    const limit = this.outputLimit(plan);
    const newMessage = await estimateTokens(
      [{ role: 'user', content: userContent(input.text, attachments, fileOf) }],
      attachments,
      model,
      this.kindOf(model),
    );
    const fit = await this.deps.context.plan({
      messages: history,
      newMessageTokens: newMessage.inputTokens,
      plan,
      inputTokens,
      outputReserve: this.outputReserve(plan),
      kind: this.kindOf(model),
    });
    const estimate: Estimate = {
      model: model.id,
      inputTokens: fit.inputTokens,
      method,
      imageTokens,
      maxOutputTokens: limit,
      inputCostMicros: computeCost(
        { ...emptyUsage('estimated'), input: { uncached: fit.inputTokens, cacheRead: 0, cacheWrite: 0 } },
        model.prices,
      ).costMicros,
      maxCostMicros: maxRequestCostMicros(model.prices, fit.inputTokens, limit),
      contextWindow: model.contextWindow,
      context: {
        fits: fit.fits,
        overByTokens: fit.overByTokens,
        excludedMessageIds: fit.excludedMessageIds,
        action: fit.action,
      },
    };
    if (plan.autoReason) estimate.autoChoice = { model: model.id, reason: plan.autoReason };
    const blocked = this.blockedReason(plan, attachments.length > 0 || images.length > 0, fit);
    if (blocked) estimate.blocked = blocked;
    return estimate;
  }

  /**
   * Why no model of the plan can take the request before anything is sent (no vision for the images, no provider
   * set up), as the error a send refuses with; the composer shows its message and suggestions.
   */
  private unservable(
    plan: CallPlan,
    hasImages: boolean,
  ): { error: ErrorInfo; blocked: Estimate['blocked'] } | null {
    const catalogue = this.deps.registry.catalogue();
    const models = plan.candidates.map((c) => catalogue.find(c.id)).filter((m): m is ModelInfo => !!m);
    if (hasImages && !models.some((m) => m.capabilities.vision)) {
      const message = `${plan.primary.displayName} cannot see images${models.length > 1 ? ', nor can the models it falls back to' : ''}.`;
      const action = 'Choose a model that can, or remove the images.';
      return {
        error: { kind: 'bad_request', message, action, retryable: false },
        blocked: { reason: `${message} ${action}`, suggestions: this.suggestions(true) },
      };
    }
    if (!models.some((m) => this.deps.registry.isConfigured(m.provider))) {
      const label = this.deps.registry.labelOf(plan.primary.provider);
      const message = `${label} is not set up yet.`;
      const action = 'Add its key in Settings → Providers, or choose a model of a provider you have set up.';
      return {
        error: { kind: 'unconfigured', provider: plan.primary.provider, message, action, retryable: false },
        blocked: { reason: `${message} ${action}`, suggestions: this.suggestions(hasImages) },
      };
    }
    return null;
  }

  private blockedReason(
    plan: CallPlan,
    hasImages: boolean,
    fit: { fits: boolean; action: string; overByTokens: number },
  ): Estimate['blocked'] | undefined {
    const unservable = this.unservable(plan, hasImages);
    if (unservable) return unservable.blocked;
    if (!fit.fits && fit.action === 'refuse') {
      return {
        reason: `This conversation is ${fit.overByTokens.toLocaleString('en-US')} tokens over ${plan.primary.displayName}'s context window of ${plan.primary.contextWindow.toLocaleString('en-US')}. Start a new conversation, delete some messages, or choose a model with a larger window.`,
        suggestions: this.suggestions(hasImages),
      };
    }
    return undefined;
  }

  /** Models and profiles that could take the request: configured, cheapest first, vision when images are attached. */
  private suggestions(vision: boolean): Array<{ label: string; model?: string; profileId?: string }> {
    const models = this.deps.registry
      .catalogue()
      .list()
      .filter((m) => m.configured && !m.deprecated && (!vision || m.capabilities.vision))
      .sort((a, b) => (a.prices?.inputPerM ?? Infinity) - (b.prices?.inputPerM ?? Infinity))
      .slice(0, 3)
      .map((m) => ({ label: `Use ${m.displayName}`, model: m.id }));
    const profiles = vision
      ? [
          { label: 'Use the Vision profile', profileId: 'vision' },
          { label: 'Use Auto', profileId: 'auto' },
        ]
      : [];
    return [...models, ...profiles];
  }

  async send(input: SendInput, clientId: string): Promise<CallOutput<'chat.send'>> {
    const { conversations, attachments } = this.deps;
    const conversation = conversations.getConversation(input.conversationId);
    if (!conversation || conversation.deletedAt !== undefined) throw notFound('conversation');
    for (const active of this.streams.values()) {
      if (active.conversationId === conversation.id) {
        throw ServiceError.of(
          'bad_request',
          'An answer is still coming in this conversation.',
          'Wait for it to finish, or stop it first.',
        );
      }
    }
    const target = this.targetOf(conversation, input.target);
    let userMessage: Message;
    if (input.regenerateOf) {
      const replaced = conversations.getMessage(input.regenerateOf);
      if (!replaced || replaced.conversationId !== conversation.id || replaced.role !== 'assistant') {
        throw notFound('answer', 'Reload the conversation.');
      }
      const before = conversations.get(conversation.id)?.messages ?? [];
      const index = before.findIndex((m) => m.id === replaced.id);
      const asked = before
        .slice(0, index)
        .reverse()
        .find((m) => m.role === 'user');
      if (!asked) throw ServiceError.of('bad_request', 'There is no question to answer again.');
      conversations.deleteFrom(replaced.id);
      userMessage = asked;
    } else {
      if (input.text.trim() === '' && input.attachments.length === 0) {
        throw ServiceError.of('bad_request', 'The message is empty.', 'Type a message or attach an image.');
      }
      attachments.require(input.attachments);
      if (input.editOf) {
        const edited = conversations.getMessage(input.editOf);
        if (!edited || edited.conversationId !== conversation.id || edited.role !== 'user') {
          throw notFound('message', 'Reload the conversation.');
        }
        conversations.deleteFrom(edited.id);
      }
      userMessage = conversations.addUserMessage({
        conversationId: conversation.id,
        text: input.text,
        attachments: input.attachments,
        profileId: target.profileId,
      });
      if (conversation.title === DEFAULT_TITLE) {
        const title = titleFrom(input.text);
        if (title) conversations.update(conversation.id, { title });
      }
      conversations.update(conversation.id, { draft: '' });
    }
    this.deps.logger.content('prompt', input.text, { conversationId: conversation.id });

    const fileOf = (hash: string) => attachments.filePath(hash);
    let history = conversations.get(conversation.id)?.messages ?? [];
    let planned;
    try {
      planned = await this.planFor(
        target,
        toChatMessages(history, { fileOf }),
        this.imagesOf(history),
        input.schema !== undefined,
      );
    } catch (error) {
      this.changed(conversation.id);
      throw error;
    }
    const { plan } = planned;
    const unservable = this.unservable(plan, this.imagesOf(history).length > 0);
    if (unservable) {
      this.changed(conversation.id);
      throw new ServiceError(unservable.error);
    }
    const fit = await this.deps.context.apply({
      conversationId: conversation.id,
      messages: history,
      plan,
      inputTokens: planned.inputTokens,
      outputReserve: this.outputReserve(plan),
      kind: this.kindOf(plan.primary),
    });
    if (!fit.fits) {
      this.changed(conversation.id);
      throw new ServiceError({
        kind: 'context_length',
        retryable: false,
        message: `This conversation is ${fit.overByTokens.toLocaleString('en-US')} tokens over ${plan.primary.displayName}'s context window of ${plan.primary.contextWindow.toLocaleString('en-US')}.`,
        action:
          'Start a new conversation, delete or unpin some messages, or choose a model with a larger context window.',
      });
    }
    history = conversations.get(conversation.id)?.messages ?? history;
    const chat = toChatMessages(history, { systemPrompt: plan.systemPrompt, fileOf });
    const inputTokens = fit.inputTokens;

    let reservation: Reservation;
    try {
      reservation = this.deps.budgets.reserve({
        conversationId: conversation.id,
        maxCostMicros: maxRequestCostMicros(plan.primary.prices, inputTokens, this.outputLimit(plan)),
      });
    } catch (error) {
      this.changed(conversation.id);
      throw error;
    }

    const answer = conversations.createAssistantMessage({
      conversationId: conversation.id,
      model: plan.primary.id,
      profileId: plan.profileId,
      autoReason: plan.autoReason,
    });
    const streamId = randomUUID();
    const abort = new AbortController();
    const retry = new RetryControl();
    const relay = new StreamRelay({
      streamId,
      conversationId: conversation.id,
      messageId: answer.id,
      send: (batch) => this.deps.events.emit('chat.stream', batch, clientId),
      persist: (text, thinking) => conversations.appendStreamed(answer.id, text, thinking),
    });
    const active: ActiveStream = {
      id: streamId,
      clientId,
      conversationId: conversation.id,
      abort,
      retry,
      relay,
      done: Promise.resolve(),
    };
    this.streams.set(streamId, active);
    const request: Omit<ChatRequest, 'model'> = { messages: chat, ...this.paramsOf(plan) };
    if (input.schema) {
      request.responseFormat = { type: 'json_schema', name: 'answer', schema: input.schema };
    }
    active.done = this.run({
      active,
      plan,
      request,
      inputTokens,
      answerId: answer.id,
      regenerate: input.regenerateOf !== undefined,
      reservation,
      schema: input.schema,
    })
      .catch((error: unknown) => this.deps.logger.error('The answer could not be finished', error))
      .finally(() => {
        this.streams.delete(streamId);
        this.changed(conversation.id);
      });
    this.changed(conversation.id);
    return { streamId, userMessageId: userMessage.id, assistantMessageId: answer.id };
  }

  private paramsOf(plan: CallPlan): Omit<ChatRequest, 'model' | 'messages'> {
    const p = plan.params;
    const out: Omit<ChatRequest, 'model' | 'messages'> = {};
    if (p.maxOutputTokens !== undefined) out.maxOutputTokens = p.maxOutputTokens;
    if (p.temperature !== undefined) out.temperature = p.temperature;
    if (p.topP !== undefined) out.topP = p.topP;
    if (p.stop && p.stop.length > 0) out.stop = p.stop;
    if (p.seed !== undefined) out.seed = p.seed;
    if (p.reasoningEffort !== undefined || p.thinkingBudgetTokens !== undefined) {
      out.reasoning = {};
      if (p.reasoningEffort !== undefined) out.reasoning.effort = p.reasoningEffort;
      if (p.thinkingBudgetTokens !== undefined) out.reasoning.budgetTokens = p.thinkingBudgetTokens;
    }
    return out;
  }

  private pricesOf(ref: string) {
    return this.deps.registry.catalogue().find(ref)?.prices ?? null;
  }

  private async run(job: {
    active: ActiveStream;
    plan: CallPlan;
    request: Omit<ChatRequest, 'model'>;
    inputTokens: number;
    answerId: string;
    regenerate: boolean;
    reservation: Reservation;
    schema?: Record<string, unknown>;
  }): Promise<void> {
    const { active, plan, answerId } = job;
    const { conversations, ledger } = this.deps;
    const requestId = randomUUID();
    const context = {
      purpose: 'chat' as const,
      conversationId: active.conversationId,
      messageId: answerId,
      profileId: plan.profileId,
    };
    let outcome: CallOutcome | undefined;
    try {
      const events = this.deps.pipeline.stream({
        requestId,
        candidates: plan.candidates,
        request: job.request,
        inputTokens: job.inputTokens,
        routing: plan.routing,
        routingKey: plan.routingKey,
        fallbackOnAuthError: plan.fallbackOnAuthError,
        cache: plan.cache,
        regenerate: job.regenerate,
        signal: active.abort.signal,
        retryControl: active.retry,
        onAttempt: (record) =>
          ledger.append(ledgerEntryOf(record, context, this.pricesOf(`${record.provider}:${record.model}`))),
      });
      for await (const event of events) {
        if (event.type === 'end') {
          outcome = event.outcome;
          break;
        }
        const mapped = this.toStreamEvent(event, plan);
        if (!mapped) continue;
        if (mapped.type === 'model') conversations.updateStreaming(answerId, { model: mapped.model });
        active.relay.push(mapped);
      }
    } finally {
      active.relay.persistNow();
    }
    if (!outcome) return;
    let cost = costOfRecords(ledger.byRequest(requestId));
    const structured =
      outcome.ok && job.schema
        ? await this.deps.structured.check({
            schema: job.schema,
            outcome,
            request: job.request,
            plan,
            context,
            signal: active.abort.signal,
          })
        : undefined;
    if (structured) cost = costOfRecords(ledger.byRequest(requestId).concat(structured.records));
    job.reservation.settle(cost);
    const records = ledger.byRequest(requestId).concat(structured?.records ?? []);
    const message = this.finish(answerId, outcome, records, cost, plan, structured);
    this.deps.logger.content('answer', message.text, { conversationId: active.conversationId });
    const last: ChatStreamEvent =
      message.status === 'error' && message.error
        ? { type: 'error', error: message.error, message }
        : { type: 'done', message };
    // The conversation is free for the next message the moment its answer is final.
    this.streams.delete(active.id);
    await active.relay.finish(last);
  }

  private finish(
    answerId: string,
    outcome: CallOutcome,
    records: Parameters<typeof attemptsOf>[1],
    cost: number | null,
    plan: CallPlan,
    structured: Awaited<ReturnType<StructuredAnswers['check']>> | undefined,
  ): Message {
    const attempts = attemptsOf(outcome.steps, records);
    if (outcome.ok) {
      const r = outcome.response;
      const result: Parameters<ConversationStore['finishAssistantMessage']>[1] = {
        status: 'complete',
        model: outcome.served.ref,
        usage: r.usage,
        costMicros: cost,
        attempts,
        finishReason: r.finishReason,
        totalMs: r.timing.totalMs,
        cached: outcome.cached,
        profileId: plan.profileId,
      };
      if (r.timing.ttftMs !== undefined) result.ttftMs = r.timing.ttftMs;
      if (structured?.ok) {
        result.structured = structured.value;
        if (structured.text !== undefined) result.text = structured.text;
      } else if (structured && structured.error) {
        result.status = 'error';
        result.error = structured.error;
      }
      return this.deps.conversations.finishAssistantMessage(answerId, result);
    }
    const partial = outcome.partial;
    const result: Parameters<ConversationStore['finishAssistantMessage']>[1] = {
      status: outcome.aborted ? 'stopped' : 'error',
      costMicros: cost,
      attempts,
      finishReason: partial?.finishReason ?? 'error',
      profileId: plan.profileId,
    };
    if (outcome.served) result.model = outcome.served.ref;
    if (partial) {
      result.usage = partial.usage;
      result.totalMs = partial.timing.totalMs;
      if (partial.timing.ttftMs !== undefined) result.ttftMs = partial.timing.ttftMs;
    }
    if (!outcome.aborted) result.error = this.explain(outcome.error);
    return this.deps.conversations.finishAssistantMessage(answerId, result);
  }

  /** A provider's error with the action the chat shows beside it. */
  private explain(error: ErrorInfo): ErrorInfo {
    if (error.action) return error;
    const action: Partial<Record<ErrorInfo['kind'], string>> = {
      authentication: 'Check the key in Settings → Providers.',
      permission: 'Check that the key may use this model, in Settings → Providers.',
      unconfigured: 'Add a key in Settings → Providers, or choose another model.',
      rate_limit: 'Try again in a moment, or choose another model.',
      overloaded: 'Try again in a moment, or choose another model.',
      server: 'Try again, or choose a model from another provider.',
      connection: 'Check your connection, then try again.',
      timeout: 'Try again, or raise the timeout in Settings → Providers.',
      context_length: 'Start a new conversation or choose a model with a larger context window.',
      budget: 'Raise the budget in Costs → Budgets.',
    };
    const words = action[error.kind];
    return words ? { ...error, action: words } : error;
  }

  private toStreamEvent(event: PipelineStreamEvent, plan: CallPlan): ChatStreamEvent | null {
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
      case 'tool-call-end':
        return {
          type: 'tool-call',
          id: event.call.id,
          name: event.call.name,
          arguments: event.call.arguments,
        };
      case 'usage':
        return { type: 'usage', usage: event.usage };
      default:
        return null;
    }
  }

  private changed(conversationId: string): void {
    this.deps.events.emit('conversations.changed', { ids: [conversationId] });
  }

  stop(streamId: string): boolean {
    const active = this.streams.get(streamId);
    if (!active) return false;
    active.abort.abort();
    return true;
  }

  retryNow(streamId: string): boolean {
    return this.streams.get(streamId)?.retry.retryNow() ?? false;
  }

  ack(streamId: string, seq: number): boolean {
    const active = this.streams.get(streamId);
    if (!active) return false;
    active.relay.ack(seq);
    return true;
  }

  /** Whether an answer is streaming in this conversation (deleting it waits for a stop). */
  isStreaming(conversationId: string): boolean {
    return [...this.streams.values()].some((s) => s.conversationId === conversationId);
  }

  /** The window went away: its answers stop (what arrived is kept, marked stopped). */
  clientDisconnected(clientId: string): void {
    for (const active of this.streams.values()) {
      if (active.clientId !== clientId) continue;
      active.relay.abandon();
      active.abort.abort();
    }
  }

  async dispose(): Promise<void> {
    const running = [...this.streams.values()];
    for (const active of running) active.abort.abort();
    await Promise.allSettled(running.map((a) => a.done));
  }
}

function hasInfo(error: unknown): error is { toInfo(): ErrorInfo } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { toInfo?: unknown }).toInfo === 'function'
  );
}
