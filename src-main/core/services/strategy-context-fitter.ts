/**
 * The profile's context strategy, applied: when everything fits, nothing happens (and turns dropped earlier come
 * back); otherwise the planner (`core/context`) says which turns to leave out, and `apply` marks them dropped or
 * has the summary model summarize them (its calls in the ledger as `summary`) and keeps the summary in their place.
 */
import type { Message } from '@contract/conversations';
import { planContext, Summarizer, type PlanMessage } from '../context/index';
import type { Ledger } from '../ledger/ledger';
import type { CallPipeline } from '../policies/pipeline';
import type { ConversationStore } from '../storage/conversations';
import {
  candidateOf,
  estimateTokens,
  toChatMessages,
  type ContextFit,
  type ContextFitter,
  type ContextInput,
  type ImageFileOf,
} from '../planning/index';
import { ledgerEntryOf } from './ledger-entries';
import type { ProviderRegistry } from './provider-registry';
import { ServiceError } from '../errors/service-error';

export type StrategyContextFitterDeps = {
  conversations: ConversationStore;
  pipeline: CallPipeline;
  registry: ProviderRegistry;
  ledger: Ledger;
  fileOf: ImageFileOf;
};

/** What the planner needs to know of each stored message. */
function counted(message: Message): boolean {
  if (message.excluded === 'summarized') return false;
  if (message.role === 'assistant') return message.text.trim() !== '' && message.status !== 'streaming';
  return true;
}

export class StrategyContextFitter implements ContextFitter {
  private readonly summarizer: Summarizer;

  constructor(private readonly deps: StrategyContextFitterDeps) {
    this.summarizer = new Summarizer(deps.pipeline);
  }

  private async planOf(input: ContextInput) {
    const model = input.plan.primary;
    const room = model.contextWindow - input.outputReserve;
    const candidates = input.messages.filter(counted);
    const messages: PlanMessage[] = [];
    let sentTokens = 0;
    for (const message of candidates) {
      const chat = toChatMessages([{ ...message, excluded: undefined }], { fileOf: this.deps.fileOf });
      const { inputTokens } = await estimateTokens(chat, message.attachments, model, input.kind);
      const planned: PlanMessage = { id: message.id, role: message.role, tokens: inputTokens };
      if (message.pinned) planned.pinned = true;
      if (message.excluded) planned.excluded = message.excluded;
      else sentTokens += inputTokens;
      messages.push(planned);
    }
    // What the messages do not account for: the system prompt, the chat format, a message not yet stored.
    const newTokens = input.newMessageTokens ?? 0;
    if (newTokens > 0) messages.push({ id: '(new message)', role: 'user', tokens: newTokens });
    const systemPromptTokens = Math.max(0, input.inputTokens - newTokens - sentTokens);
    const summaryModel = input.plan.context.summaryModel
      ? this.deps.registry.catalogue().find(input.plan.context.summaryModel)
      : undefined;
    const plan = planContext({
      messages,
      systemPromptTokens,
      contextWindow: model.contextWindow,
      outputReserve: input.outputReserve,
      strategy: input.plan.context,
      summaryContextWindow: (summaryModel ?? model).contextWindow,
    });
    return { plan, room };
  }

  async plan(input: ContextInput): Promise<ContextFit> {
    const previouslyLeftOut = input.messages.some((m) => m.excluded === 'dropped');
    const room = input.plan.primary.contextWindow - input.outputReserve;
    if (input.inputTokens <= room && !previouslyLeftOut) {
      return {
        fits: true,
        overByTokens: 0,
        action: 'none',
        excludedMessageIds: [],
        inputTokens: input.inputTokens,
      };
    }
    const { plan } = await this.planOf(input);
    return {
      fits: plan.fits,
      overByTokens: plan.overByTokens,
      action: plan.action,
      excludedMessageIds: plan.excludedMessageIds,
      inputTokens: plan.inputTokens,
    };
  }

  async apply(input: ContextInput & { conversationId: string }): Promise<ContextFit> {
    const fit = await this.plan(input);
    if (!fit.fits) return fit;
    const { conversations } = this.deps;
    const leftOut = new Set(fit.excludedMessageIds);
    const back = input.messages
      .filter((m) => m.excluded === 'dropped' && !leftOut.has(m.id))
      .map((m) => m.id);
    if (back.length > 0) conversations.setExcluded(back, null);
    if (fit.action === 'drop-oldest') {
      conversations.setExcluded(fit.excludedMessageIds, 'dropped');
      return { ...fit, changedHistory: true };
    }
    if (fit.action !== 'summarize') return back.length > 0 ? { ...fit, changedHistory: true } : fit;

    const { plan } = await this.planOf(input);
    if (plan.droppedMessageIds.length > 0) conversations.setExcluded(plan.droppedMessageIds, 'dropped');
    const byId = new Map(input.messages.map((m) => [m.id, m]));
    const sources = plan.summarizeMessageIds.map((id) => byId.get(id)).filter((m): m is Message => !!m);
    const catalogue = this.deps.registry.catalogue();
    const summaryModel =
      (input.plan.context.summaryModel && catalogue.find(input.plan.context.summaryModel)) ||
      input.plan.primary;
    const candidates = [summaryModel, input.plan.primary]
      .filter((m, i, all) => all.findIndex((o) => o.id === m.id) === i)
      .map(candidateOf);
    const context = {
      purpose: 'summary' as const,
      role: 'summary' as const,
      conversationId: input.conversationId,
      profileId: input.plan.profileId,
    };
    const result = await this.summarizer.summarize({
      messages: sources,
      candidates,
      onAttempt: (record) =>
        this.deps.ledger.append(
          ledgerEntryOf(
            record,
            context,
            catalogue.find(`${record.provider}:${record.model}`)?.prices ?? null,
          ),
        ),
    });
    if (!result.ok) {
      throw new ServiceError({
        ...result.error,
        message: `The older turns could not be summarized to make room: ${result.error.message}`,
        action:
          result.error.action ??
          "Try again, or set the profile's context strategy to drop the oldest turns in Settings → Profiles.",
      });
    }
    const records = this.deps.ledger.byRequest(result.outcome.requestId);
    const costs = records.map((r) => r.costMicros);
    conversations.insertSummary({
      conversationId: input.conversationId,
      text: result.text,
      replaces: sources.map((m) => m.id),
      model: result.model,
      usage: result.usage,
      costMicros: costs.includes(null) ? null : costs.reduce<number>((a, b) => a + (b ?? 0), 0),
    });
    return { ...fit, changedHistory: true };
  }
}
