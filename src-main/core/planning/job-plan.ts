/**
 * Call planning for batch jobs: the plan every item of a run shares (Auto planned again with the largest item's
 * count, so that the model it picks has room for every item), the verdict (can any model of the plan take these
 * items), the estimate shown before a job starts (`batch.estimate`), each item's request (the job's prompt and
 * the item's image as one user turn, the profile's system prompt first, its parameters, a schema's response
 * format) and input tokens (the prompt counted once, plus the image by its stored dimensions and the provider's
 * image formula), and the ledger row of an item a crash cut off.
 */
import type { BatchItem } from '@contract/batch';
import type { CallOutput } from '@contract/bridge';
import type { Attachment } from '@contract/conversations';
import { maxRequestCostMicros } from '@contract/money';
import type { ProviderKind } from '@contract/models';
import type { LedgerEntry } from '../ledger/ledger';
import type { Requirements } from '../policies/fallback';
import { imageTokens, type ImageFormula } from '../providers/index';
import type { ChatMessage, ChatRequest, ImageMediaType } from '../providers/types';
import { kindOfModel, type PlanningDeps } from './planning-deps';
import { estimateTokens, localCountOptions } from './conversation-request';
import { interruptedEntry } from './interrupted';
import { outputLimit, requestParams } from './request';
import type { CallPlan, CallTarget } from './target';
import { blockedOf, judgeCandidates, refusalOf, suggestionsFor, type Verdict } from './verdict';

type ImageSize = Pick<Attachment, 'width' | 'height'>;

export type JobPlan = {
  plan: CallPlan;
  /** The longest answer an item may get: the profile's limit, else the model's. */
  outputLimit: number;
  /** Input tokens of the prompt (and system prompt) without the image. */
  promptTokens: number;
  formula: ImageFormula;
  /** An item's input tokens: the prompt plus its image. */
  tokensOf(image: ImageSize): number;
  /** Why no model of the plan can take these items, when none can. */
  verdict: Verdict | null;
};

export type JobInput = {
  target: CallTarget;
  prompt: string;
  images: readonly ImageSize[];
  schema?: Record<string, unknown> | undefined;
};

function promptMessages(prompt: string, systemPrompt: string | undefined): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (systemPrompt) messages.push({ role: 'system', content: systemPrompt });
  messages.push({ role: 'user', content: prompt });
  return messages;
}

export class JobPlanning {
  constructor(private readonly deps: PlanningDeps) {}

  kindOf(plan: CallPlan): ProviderKind {
    return kindOfModel(this.deps, plan.primary);
  }

  /** The plan of a job's items, with its verdict (never thrown: `require` refuses). */
  async plan(input: JobInput): Promise<JobPlan> {
    const needs = { images: true, structuredOutput: input.schema !== undefined };
    const { plan, counted } = await this.deps.planner.planCounted(input.target, needs, async (p) => {
      const measured = await this.measure(p, input.prompt);
      const largest = Math.max(0, ...input.images.map((image) => measured.tokensOf(image)));
      return { ...measured, inputTokens: largest };
    });
    const requirements: Requirements = {
      images: true,
      tools: false,
      structuredOutput: needs.structuredOutput,
      inputTokens: counted.inputTokens,
    };
    if (plan.params.maxOutputTokens !== undefined) requirements.maxOutputTokens = plan.params.maxOutputTokens;
    const { inputTokens: _largest, ...measured } = counted;
    return { ...measured, plan, verdict: judgeCandidates(plan, requirements, this.deps.facts) };
  }

  /** The plan of a job that is to run: one no model can take is refused with its verdict's words. */
  async require(input: JobInput): Promise<JobPlan> {
    const jobPlan = await this.plan(input);
    if (jobPlan.verdict) throw refusalOf(jobPlan.verdict);
    return jobPlan;
  }

  /** What a job would take before it starts: tokens, the most it can cost, the budget left, or why it cannot run. */
  async estimate(input: JobInput & { images: readonly ImageSize[] }): Promise<CallOutput<'batch.estimate'>> {
    const jobPlan = await this.plan(input);
    const prices = jobPlan.plan.primary.prices;
    let inputTokens = 0;
    let maxCostMicros: number | null = 0;
    for (const image of input.images) {
      const tokens = jobPlan.tokensOf(image);
      inputTokens += tokens;
      const cost = maxRequestCostMicros(prices, tokens, jobPlan.outputLimit);
      maxCostMicros = maxCostMicros === null || cost === null ? null : maxCostMicros + cost;
    }
    const monthly = this.deps.budgets.status().find((s) => s.scope === 'monthly');
    const estimate: CallOutput<'batch.estimate'> = {
      images: input.images.length,
      inputTokens,
      maxCostMicros,
      budgetLeftMicros: monthly
        ? Math.max(0, monthly.limitMicros - monthly.spentMicros - monthly.reservedMicros)
        : null,
      model: jobPlan.plan.primary.id,
    };
    if (jobPlan.verdict) {
      const needs: Requirements = {
        images: true,
        tools: false,
        structuredOutput: input.schema !== undefined,
      };
      estimate.blocked = blockedOf(jobPlan.verdict, suggestionsFor(needs, this.deps.catalogue().list()));
    }
    return estimate;
  }

  /** The request of one item: everything but the model, which the pipeline fills in per candidate. */
  itemRequest(
    jobPlan: JobPlan,
    prompt: string,
    image: { bytes: Uint8Array; mediaType: ImageMediaType },
    schema: Record<string, unknown> | undefined,
  ): Omit<ChatRequest, 'model'> {
    const messages: ChatMessage[] = [];
    if (jobPlan.plan.systemPrompt) messages.push({ role: 'system', content: jobPlan.plan.systemPrompt });
    messages.push({
      role: 'user',
      content: [
        { type: 'image', source: { kind: 'bytes', data: image.bytes, mediaType: image.mediaType } },
        { type: 'text', text: prompt },
      ],
    });
    return { messages, ...requestParams(jobPlan.plan, schema) };
  }

  /**
   * The ledger row of an item a crash or a kill cut off, added to its item's cost: the provider most likely
   * charged for the input it received, estimated for the job's first model.
   */
  async interruptedRow(
    job: {
      id: string;
      prompt: string;
      profileId?: string | undefined;
      model?: string | undefined;
      schema?: Record<string, unknown> | undefined;
    },
    item: Pick<BatchItem, 'id' | 'attachment'>,
  ): Promise<LedgerEntry | null> {
    const target: CallTarget = {};
    if (job.profileId) target.profileId = job.profileId;
    if (job.model) target.model = job.model;
    const jobPlan = await this.plan({
      target,
      prompt: job.prompt,
      images: [item.attachment],
      schema: job.schema,
    });
    const model = jobPlan.plan.primary;
    return interruptedEntry({
      ref: model.id,
      prices: model.prices,
      inputTokens: jobPlan.tokensOf(item.attachment),
      outputTokens: 0,
      context: { purpose: 'batch', batchJobId: job.id, batchItemId: item.id, profileId: job.profileId },
      reason: 'Modeldesk stopped while this image was being answered; its input is estimated.',
    });
  }

  private async measure(plan: CallPlan, prompt: string): Promise<Omit<JobPlan, 'verdict' | 'plan'>> {
    const kind = this.kindOf(plan);
    const counted = await estimateTokens(promptMessages(prompt, plan.systemPrompt), [], plan.primary, kind);
    const formula = localCountOptions(kind, plan.primary.model).imageFormula;
    const promptTokens = counted.inputTokens;
    return {
      outputLimit: outputLimit(plan),
      promptTokens,
      formula,
      tokensOf: (image) => promptTokens + imageTokens(formula, image.width, image.height),
    };
  }
}
