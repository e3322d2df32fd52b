/**
 * Chat: sending a message and streaming its answer to the window that asked, through the call pipeline
 * (retries, rate limits, fallback, cache), saving the answer as it arrives, writing one ledger row per provider
 * call; plus stop, "Retry now" and acknowledgements. What is sent, to which models, whether it can be sent at all
 * and what it may cost is planned in `planning/` (ChatPlanning), the composer's estimate included.
 * One answer at a time per conversation.
 */
import { randomUUID } from 'node:crypto';
import type { CallOutput, CallParsedInput, ChatStreamEvent, Estimate } from '@contract/bridge';
import type { Message } from '@contract/conversations';
import { withAction } from '@contract/error-words';
import type { EventBus } from '../bridge/events';
import { ServiceError, notFound } from '../errors/service-error';
import type { Ledger } from '../ledger/ledger';
import type { Reservation } from '../ledger/budgets';
import type { Logger } from '../logging/logger';
import { targetOf, type CallPlan, type ChatPlanning, type PreparedSend } from '../planning/index';
import type { CallOutcome } from '../policies/call-records';
import type { CallPipeline } from '../policies/pipeline';
import { RetryControl } from '../policies/retry';
import type { ChatRequest } from '../providers/types';
import type { AttachmentStore } from '../storage/attachments';
import { DEFAULT_TITLE, type ConversationStore } from '../storage/conversations';
import { attemptsOf, costOfRecords } from './ledger-entries';
import { AnswerRounds } from './answer-rounds';
import type { ChatTools } from '../tools/chat-tools';
import type { OfferedTool } from '../tools/tool-loop';
import type { ToolApproval } from '@contract/tools';
import type { ProviderRegistry } from './provider-registry';
import type { StructuredAnswers } from './structured-answers';
import { StreamRelay } from './stream-relay';

export type ChatServiceDeps = {
  conversations: ConversationStore;
  attachments: AttachmentStore;
  pipeline: CallPipeline;
  planning: ChatPlanning;
  registry: ProviderRegistry;
  ledger: Ledger;
  events: EventBus;
  logger: Logger;
  structured: StructuredAnswers;
  /** The tool loop; without it, answers never use tools. */
  tools?: ChatTools;
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

  /** What sending this now would cost and do, and whether it can be sent (main's verdict, for the composer). */
  async estimate(input: EstimateInput): Promise<Estimate> {
    const found = input.conversationId ? this.deps.conversations.get(input.conversationId) : null;
    if (input.conversationId && !found) throw notFound('conversation');
    const estimate: Parameters<ChatPlanning['estimate']>[0] = {
      history: found?.messages ?? [],
      text: input.text,
      attachments: this.deps.attachments.require(input.attachments),
      target: targetOf(input.target, found?.conversation),
    };
    if (input.conversationId) estimate.conversationId = input.conversationId;
    if (input.schema) estimate.schema = input.schema;
    return this.deps.planning.estimate(estimate);
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
    const target = targetOf(input.target, conversation);
    // Nothing is stored until main has said the message can go: a refused send (budget, context, a model that
    // cannot take it) leaves the conversation as it was. The plan is made over the history as it will be.
    const before = conversations.get(conversation.id)?.messages ?? [];
    /** Where an edit or a regeneration cuts the conversation (that message and everything after it). */
    let cutFrom: string | undefined;
    let asked: Message | undefined;
    let pending: Message | undefined;
    if (input.regenerateOf) {
      const replaced = conversations.getMessage(input.regenerateOf);
      if (!replaced || replaced.conversationId !== conversation.id || replaced.role !== 'assistant') {
        throw notFound('answer', 'Reload the conversation.');
      }
      const index = before.findIndex((m) => m.id === replaced.id);
      asked = before
        .slice(0, index)
        .reverse()
        .find((m) => m.role === 'user');
      if (!asked) throw ServiceError.of('bad_request', 'There is no question to answer again.');
      cutFrom = replaced.id;
    } else {
      if (input.text.trim() === '' && input.attachments.length === 0) {
        throw ServiceError.of('bad_request', 'The message is empty.', 'Type a message or attach an image.');
      }
      const attached = attachments.require(input.attachments);
      if (input.editOf) {
        const edited = conversations.getMessage(input.editOf);
        if (!edited || edited.conversationId !== conversation.id || edited.role !== 'user') {
          throw notFound('message', 'Reload the conversation.');
        }
        cutFrom = edited.id;
      }
      pending = {
        id: 'pending',
        conversationId: conversation.id,
        role: 'user',
        text: input.text,
        attachments: attached,
        createdAt: Date.now(),
        status: 'complete',
      };
    }
    const history = () => {
      const stored = conversations.get(conversation.id)?.messages ?? [];
      const cut = cutFrom === undefined ? -1 : stored.findIndex((m) => m.id === cutFrom);
      const kept = cut >= 0 ? stored.slice(0, cut) : stored;
      return pending ? [...kept, pending] : kept;
    };

    let prepared: PreparedSend;
    try {
      const send: Parameters<ChatPlanning['prepare']>[0] = {
        conversationId: conversation.id,
        history: history(),
        target,
        reload: history,
      };
      if (input.schema) send.schema = input.schema;
      prepared = await this.deps.planning.prepare(send);
    } catch (error) {
      this.changed(conversation.id);
      throw error;
    }

    if (cutFrom !== undefined) conversations.deleteFrom(cutFrom);
    let userMessage: Message;
    if (asked) userMessage = asked;
    else {
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
    const { plan, reservation } = prepared;

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
    active.done = this.run({
      active,
      plan,
      request: prepared.request,
      tools: prepared.tools,
      inputTokens: prepared.inputTokens,
      needsVision: prepared.needsVision,
      answerId: answer.id,
      regenerate: input.regenerateOf !== undefined,
      reservation,
      schema: input.schema,
    })
      .catch((error: unknown) => {
        this.deps.logger.error('The answer could not be finished', error);
        return undefined;
      })
      .then((finished) => {
        this.streams.delete(streamId);
        this.changed(conversation.id, finished && [finished]);
      });
    // Unless a cut or the context's fitting changed the history, all that changed is the two new messages (and the
    // conversation's title and times).
    const onlyAdded = cutFrom === undefined && !prepared.historyChanged;
    this.changed(conversation.id, onlyAdded ? [userMessage, answer] : undefined);
    return { streamId, userMessageId: userMessage.id, assistantMessageId: answer.id };
  }

  private pricesOf(ref: string) {
    return this.deps.registry.catalogue().find(ref)?.prices ?? null;
  }

  private async run(job: {
    active: ActiveStream;
    plan: CallPlan;
    request: Omit<ChatRequest, 'model'>;
    tools: OfferedTool[];
    inputTokens: number;
    needsVision: boolean;
    answerId: string;
    regenerate: boolean;
    reservation: Reservation;
    schema?: Record<string, unknown>;
  }): Promise<Message | undefined> {
    const { active, plan, answerId } = job;
    const context = {
      purpose: 'chat' as const,
      conversationId: active.conversationId,
      messageId: answerId,
      profileId: plan.profileId,
    };
    const rounds = new AnswerRounds(this.deps, {
      plan,
      answerId,
      inputTokens: job.inputTokens,
      regenerate: job.regenerate,
      context,
      signal: active.abort.signal,
      retry: active.retry,
      relay: active.relay,
    });
    let outcome: CallOutcome | undefined;
    try {
      // With tools, the tool loop runs the rounds; without, the answer is one round.
      outcome =
        job.tools.length > 0 && this.deps.tools
          ? await this.deps.tools.answer({
              rounds,
              request: job.request,
              offered: job.tools,
              streamId: active.id,
              answerId,
              signal: active.abort.signal,
              push: (event) => active.relay.push(event),
            })
          : await rounds.stream(1, job.request);
    } finally {
      active.relay.persistNow();
    }
    if (!outcome) return undefined;
    let cost = costOfRecords(rounds.records());
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
    if (structured) cost = costOfRecords(rounds.records().concat(structured.records));
    job.reservation.settle(cost);
    const records = rounds.records().concat(structured?.records ?? []);
    const message = this.finish(answerId, outcome, records, cost, plan, structured, job.needsVision);
    this.deps.logger.content('answer', message.text, { conversationId: active.conversationId });
    const last: ChatStreamEvent =
      message.status === 'error' && message.error
        ? { type: 'error', error: message.error, message }
        : { type: 'done', message };
    // The conversation is free for the next message the moment its answer is final.
    this.streams.delete(active.id);
    await active.relay.finish(last);
    return message;
  }

  private finish(
    answerId: string,
    outcome: CallOutcome,
    records: Parameters<typeof attemptsOf>[1],
    cost: number | null,
    plan: CallPlan,
    structured: Awaited<ReturnType<StructuredAnswers['check']>> | undefined,
    needsVision: boolean,
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
    if (!outcome.aborted) {
      result.error = withAction(outcome.error, { provider: this.labelOf(outcome.error.provider) });
      const instead = this.deps.planning.offerAfterOutage({
        error: outcome.error,
        attempts,
        chain: plan.candidates.map((c) => c.id),
        needsVision,
      });
      if (instead) result.error.instead = instead;
    }
    return this.deps.conversations.finishAssistantMessage(answerId, result);
  }

  private labelOf(provider: string | undefined): string | undefined {
    return provider === undefined ? undefined : this.deps.registry.labelOf(provider);
  }

  /** Tells the windows a conversation changed; with `messages` when they are all that changed in it. */
  private changed(conversationId: string, messages?: readonly Message[]): void {
    const conversation = messages ? this.deps.conversations.getConversation(conversationId) : null;
    this.deps.events.emit('conversations.changed', {
      ids: [conversationId],
      ...(messages && conversation
        ? { update: { conversations: [conversation], messages: [...messages] } }
        : {}),
    });
  }

  stop(streamId: string): boolean {
    const active = this.streams.get(streamId);
    if (!active) return false;
    active.abort.abort();
    return true;
  }

  /** The user's word on a tool call of an answer streaming now. */
  approveTool(streamId: string, callId: string, decision: ToolApproval): boolean {
    if (!this.streams.has(streamId)) return false;
    return this.deps.tools?.approvals.decide(streamId, callId, decision) ?? false;
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
