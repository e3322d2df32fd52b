/**
 * Call planning for chat: the composer's estimate (`chat.estimate`) and the preparation of a send, from the same
 * steps in the same order, so that what the composer shows is what a send does. Target to plan (Auto planned
 * again with the real count), the verdict (can any model of the plan take it: capabilities, a provider set up,
 * the context window after the profile's strategy, the budgets), the request and its parameters; and the ledger
 * rows of answers a crash cut off.
 */
import { offerAfterOutage, type FailedAnswer } from './outage-offer';
import type { Estimate } from '@contract/bridge';
import type { Attachment, Message } from '@contract/conversations';
import { errorText } from '@contract/error-words';
import { computeCost, maxRequestCostMicros } from '@contract/money';
import type { ModelInfo, ProviderKind } from '@contract/models';
import { emptyUsage } from '@contract/usage';
import { DEFAULT_OUTPUT_RESERVE } from '../catalogue/auto';
import { infoOf } from '../errors/service-error';
import type { Reservation } from '../ledger/budgets';
import type { LedgerEntry } from '../ledger/ledger';
import type { Requirements } from '../policies/fallback';
import { countTextTokens } from '../providers/index';
import type { ChatMessage, ChatRequest, ToolDefinition } from '../providers/types';
import { toolDefinitions, type OfferedTool } from '../tools/tool-loop';
import type { ContextFit, ContextFitter, ContextInput } from './context-fit';
import {
  estimateTokens,
  imagesOf,
  toChatMessages,
  userContent,
  type TokenEstimate,
} from './conversation-request';
import { interruptedEntry } from './interrupted';
import { outputLimit, requestParams } from './request';
import { kindOfModel, type PlanningDeps } from './planning-deps';
import type { CallPlan, CallTarget } from './target';
import {
  blockedOf,
  judgeCandidates,
  refusalOf,
  retiredVerdictOf,
  suggestionsFor,
  verdictError,
  type Verdict,
} from './verdict';

/** The tools the next answer of a conversation may use (the conversation's choice, else its profile's). */
export type ToolOffer = (
  conversationId: string | undefined,
  profileId: string | undefined,
  options: { start: boolean },
) => Promise<OfferedTool[]>;

export type ChatPlanningDeps = PlanningDeps & { context: ContextFitter; tools?: ToolOffer };

export type EstimateInput = {
  conversationId?: string;
  /** The conversation's messages so far (none for a new chat). */
  history: readonly Message[];
  text: string;
  attachments: readonly Attachment[];
  target: CallTarget;
  schema?: Record<string, unknown>;
};

export type SendInput = {
  conversationId: string;
  /** The conversation's messages, the new question included. */
  history: readonly Message[];
  target: CallTarget;
  schema?: Record<string, unknown>;
  /** The messages again, after the context strategy changed them (left out, summarized). */
  reload: () => readonly Message[];
};

/** A send, ready for the call pipeline: its plan, its request (everything but the model), its budget hold. */
export type PreparedSend = {
  plan: CallPlan;
  request: Omit<ChatRequest, 'model'>;
  /** The tools the model is offered (none: the answer is one round, as ever). */
  tools: OfferedTool[];
  inputTokens: number;
  reservation: Reservation;
  /** The conversation has images: a model offered after an outage must see them. */
  needsVision: boolean;
  /** Fitting the context changed stored messages (some left out or brought back, a summary put in). */
  historyChanged: boolean;
};

type Planned = { plan: CallPlan; counted: TokenEstimate };

export class ChatPlanning {
  constructor(private readonly deps: ChatPlanningDeps) {}

  kindOf(model: Pick<ModelInfo, 'provider'>): ProviderKind {
    return kindOfModel(this.deps, model);
  }

  /** What sending this now would cost and do, and, when it cannot be sent, why (`blocked`) and what instead. */
  async estimate(input: EstimateInput): Promise<Estimate> {
    const { fileOf } = this.deps;
    const pending: ChatMessage = {
      role: 'user',
      content: userContent(input.text, input.attachments, fileOf),
    };
    const images = [...imagesOf(input.history), ...input.attachments];
    const tools = await this.offered(input.conversationId, input.target.profileId, false);
    const needs = this.needsOf(images.length > 0, input.schema, tools.length > 0);
    const retired = this.retiredTarget(input.target);
    let planned: Planned;
    try {
      planned = await this.plan(
        input.target,
        needs,
        images,
        (plan) => [...toChatMessages(input.history, { systemPrompt: plan.systemPrompt, fileOf }), pending],
        tools,
      );
    } catch (error) {
      const info = infoOf(error);
      if (!info) throw error;
      return {
        ...NOTHING,
        ...(retired ? { retired } : {}),
        blocked: { reason: errorText(info), error: info, suggestions: suggestionsFor(needs, this.models()) },
      };
    }
    const { plan, counted } = planned;
    const model = plan.primary;
    const newMessage = await estimateTokens([pending], input.attachments, model, this.kindOf(model));
    const reserve = answerReserve(plan);
    const fit = await this.deps.context.plan({
      ...this.contextInput(input.history, plan, counted, reserve),
      newMessageTokens: newMessage.inputTokens,
    });
    const limit = outputLimit(plan);
    const maxCostMicros = maxRequestCostMicros(model.prices, fit.inputTokens, limit);
    const estimate: Estimate = {
      model: model.id,
      inputTokens: fit.inputTokens,
      method: counted.method,
      imageTokens: counted.imageTokens,
      maxOutputTokens: limit,
      inputCostMicros: computeCost(
        { ...emptyUsage('estimated'), input: { uncached: fit.inputTokens, cacheRead: 0, cacheWrite: 0 } },
        model.prices,
      ).costMicros,
      maxCostMicros,
      contextWindow: model.contextWindow,
      context: {
        fits: fit.fits,
        overByTokens: fit.overByTokens,
        excludedMessageIds: fit.excludedMessageIds,
        action: fit.action,
        answerTokens: reserve,
      },
    };
    if (plan.autoReason) estimate.autoChoice = { model: model.id, reason: plan.autoReason };
    if (retired) estimate.retired = retired;
    const verdict =
      judgeCandidates(plan, needs, this.deps.facts) ??
      contextVerdict(plan, fit, reserve) ??
      this.budgetVerdict(input.conversationId, maxCostMicros);
    if (verdict)
      estimate.blocked = blockedOf(
        verdict,
        suggestionsFor(this.suggestionNeeds(needs, verdict, fit), this.models()),
      );
    return estimate;
  }

  /**
   * Prepares a send: the plan, the verdict (a send no model can take is refused before anything happens, with
   * the words the composer shows), the context strategy applied, the request, and the budget held for it.
   */
  async prepare(input: SendInput): Promise<PreparedSend> {
    const { fileOf } = this.deps;
    const images = imagesOf(input.history);
    const tools = await this.offered(input.conversationId, input.target.profileId, true);
    const needs = this.needsOf(images.length > 0, input.schema, tools.length > 0);
    const { plan, counted } = await this.plan(
      input.target,
      needs,
      images,
      (p) => toChatMessages(input.history, { systemPrompt: p.systemPrompt, fileOf }),
      tools,
    );
    const unservable = judgeCandidates(plan, needs, this.deps.facts);
    if (unservable) throw refusalOf(unservable);
    const reserve = answerReserve(plan);
    const fit = await this.deps.context.apply({
      ...this.contextInput(input.history, plan, counted, reserve),
      conversationId: input.conversationId,
    });
    const tooLong = contextVerdict(plan, fit, reserve);
    if (tooLong) throw refusalOf(tooLong);
    const messages = toChatMessages(input.reload(), { systemPrompt: plan.systemPrompt, fileOf });
    const reservation = this.deps.budgets.reserve({
      conversationId: input.conversationId,
      maxCostMicros: maxRequestCostMicros(plan.primary.prices, fit.inputTokens, outputLimit(plan)),
    });
    return {
      plan,
      request: { messages, ...requestParams(plan, input.schema) },
      tools,
      inputTokens: fit.inputTokens,
      reservation,
      needsVision: needs.images,
      historyChanged: fit.changedHistory === true,
    };
  }

  /** The model to offer instead of a failed answer's (an outage only; `outage-offer.ts`). */
  offerAfterOutage(failed: FailedAnswer): string | undefined {
    return offerAfterOutage(failed, {
      models: this.deps.catalogue().list(),
      isConfigured: (provider) => this.deps.facts.isConfigured(provider),
    });
  }

  /**
   * The ledger row of an answer a crash or a kill cut off (saved up to its last token, marked interrupted): its
   * input estimated from the conversation before it, its output from the text saved.
   */
  async interruptedRow(message: Message, before: readonly Message[]): Promise<LedgerEntry | null> {
    if (message.role !== 'assistant' || !message.model) return null;
    const model = this.deps.catalogue().find(message.model);
    const input = model
      ? (
          await estimateTokens(
            toChatMessages(before, { fileOf: this.deps.fileOf }),
            imagesOf(before),
            model,
            this.kindOf(model),
          )
        ).inputTokens
      : 0;
    return interruptedEntry({
      ref: message.model,
      prices: model?.prices ?? null,
      inputTokens: input,
      outputTokens: await countTextTokens(message.text),
      context: {
        purpose: 'chat',
        conversationId: message.conversationId,
        messageId: message.id,
        profileId: message.profileId,
      },
      reason: 'Modeldesk stopped while the answer was streaming; usage estimated from what was saved.',
    });
  }

  /** What fitting the context of this plan takes: the messages, their count, the room kept for the answer. */
  private contextInput(
    messages: readonly Message[],
    plan: CallPlan,
    counted: TokenEstimate,
    reserve: number,
  ): ContextInput {
    return {
      messages,
      plan,
      inputTokens: counted.inputTokens,
      outputReserve: reserve,
      kind: this.kindOf(plan.primary),
    };
  }

  private needsOf(
    images: boolean,
    schema: Record<string, unknown> | undefined,
    tools: boolean,
  ): Requirements {
    return { images, tools, structuredOutput: schema !== undefined };
  }

  /** The tools offered; an estimate never starts a server (a send may, to list the tools of one never run). */
  private async offered(
    conversationId: string | undefined,
    profileId: string | undefined,
    start: boolean,
  ): Promise<OfferedTool[]> {
    return (await this.deps.tools?.(conversationId, profileId, { start })) ?? [];
  }

  /** When the model the target names has retired: the retired verdict's words, its successor, whose choice it is. */
  private retiredTarget(target: CallTarget): Estimate['retired'] {
    const named = this.deps.planner.named(target);
    const verdict = named ? retiredVerdictOf(named.model) : null;
    if (!named || !verdict) return undefined;
    const retired: NonNullable<Estimate['retired']> = {
      model: named.model.id,
      notice: verdictError(verdict).message,
    };
    if (verdict.successor) retired.successor = verdict.successor;
    if (named.profileId) retired.profileId = named.profileId;
    return retired;
  }

  /** Suggestions fit what blocked: for the context window, models with room for what would be sent. */
  private suggestionNeeds(needs: Requirements, verdict: Verdict, fit: ContextFit): Requirements {
    return verdict.kind === 'context' ? { ...needs, inputTokens: fit.inputTokens } : needs;
  }

  private plan(
    target: CallTarget,
    needs: Requirements,
    images: readonly Attachment[],
    chatOf: (plan: CallPlan) => ChatMessage[],
    tools: readonly OfferedTool[],
  ): Promise<Planned> {
    const definitions: ToolDefinition[] = toolDefinitions(tools).definitions;
    return this.deps.planner.planCounted(
      target,
      { images: needs.images, tools: needs.tools, structuredOutput: needs.structuredOutput },
      (plan) => estimateTokens(chatOf(plan), images, plan.primary, this.kindOf(plan.primary), definitions),
    );
  }

  private budgetVerdict(conversationId: string | undefined, maxCostMicros: number | null): Verdict | null {
    const refusal = this.deps.budgets.check({ conversationId, maxCostMicros });
    return refusal ? { kind: 'budget', refusal } : null;
  }

  private models(): ModelInfo[] {
    return this.deps.catalogue().list();
  }
}

/** Room kept for the answer when fitting the context: the profile's limit, else a typical long answer. */
function answerReserve(plan: CallPlan): number {
  return Math.min(plan.params.maxOutputTokens ?? DEFAULT_OUTPUT_RESERVE, plan.primary.maxOutputTokens);
}

/** The context verdict when what would be sent does not fit, with the figures the estimate shows. */
function contextVerdict(plan: CallPlan, fit: ContextFit, reserve: number): Verdict | null {
  if (fit.fits) return null;
  return {
    kind: 'context',
    subject: 'conversation',
    model: plan.primary.displayName,
    inputTokens: fit.inputTokens,
    contextWindow: plan.primary.contextWindow,
    answerTokens: reserve,
  };
}

/** The estimate of a request no plan could be made for (its `blocked` says why). */
const NOTHING: Estimate = {
  model: null,
  inputTokens: 0,
  method: 'estimate',
  imageTokens: 0,
  maxOutputTokens: 0,
  inputCostMicros: null,
  maxCostMicros: null,
  contextWindow: null,
  context: { fits: true, overByTokens: 0, excludedMessageIds: [], action: 'none', answerTokens: 0 },
};
