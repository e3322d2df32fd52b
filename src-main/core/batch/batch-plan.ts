/**
 * What one batch item sends: the job's prompt and the item's image as one user turn (the profile's system prompt
 * first), with the profile's parameters and, when the job has a JSON schema, a structured response format. Also
 * the plan every item of a run shares (the model chain from the CallPlanner) and each item's input tokens,
 * counted locally: the prompt once, plus the image by its stored dimensions and the provider's image formula.
 */
import type { Attachment } from '@contract/conversations';
import type { ModelInfo, ProviderKind } from '@contract/models';
import { imageTokens, type ImageFormula } from '../providers/index';
import type { ChatMessage, ChatRequest, ImageMediaType } from '../providers/types';
import type { CallPlan, CallPlanner, CallTarget } from '../services/call-planner';
import { estimateTokens, localCountOptions } from '../services/conversation-request';
import { ServiceError } from '../services/service-error';

export type JobPlan = {
  plan: CallPlan;
  /** The longest answer an item may get: the profile's limit, else the model's. */
  outputLimit: number;
  /** Input tokens of the prompt (and system prompt) without the image. */
  promptTokens: number;
  formula: ImageFormula;
  /** An item's input tokens: the prompt plus its image. */
  tokensOf(image: Pick<Attachment, 'width' | 'height'>): number;
};

export type PlanInput = {
  planner: Pick<CallPlanner, 'plan'>;
  kindOf: (model: ModelInfo) => ProviderKind;
  target: CallTarget;
  prompt: string;
  images: ReadonlyArray<Pick<Attachment, 'width' | 'height'>>;
  structured: boolean;
};

function promptMessages(prompt: string, systemPrompt: string | undefined): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (systemPrompt) messages.push({ role: 'system', content: systemPrompt });
  messages.push({ role: 'user', content: prompt });
  return messages;
}

async function measure(plan: CallPlan, input: PlanInput): Promise<JobPlan> {
  const kind = input.kindOf(plan.primary);
  const counted = await estimateTokens(
    promptMessages(input.prompt, plan.systemPrompt),
    [],
    plan.primary,
    kind,
  );
  const formula = localCountOptions(kind, plan.primary.model).imageFormula;
  const promptTokens = counted.inputTokens;
  return {
    plan,
    outputLimit: plan.params.maxOutputTokens ?? plan.primary.maxOutputTokens,
    promptTokens,
    formula,
    tokensOf: (image) => promptTokens + imageTokens(formula, image.width, image.height),
  };
}

/**
 * Plans a job's calls. Auto is planned again with the largest item's tokens, so it picks a model whose context
 * fits every item. A chain where no model can see images is refused here, before anything is stored or sent.
 */
export async function planJob(input: PlanInput): Promise<JobPlan> {
  const needs = { images: true, structuredOutput: input.structured };
  let plan = input.planner.plan(input.target, { ...needs, inputTokens: 0 });
  let measured = await measure(plan, input);
  if (plan.autoReason !== undefined) {
    const largest = Math.max(0, ...input.images.map((image) => measured.tokensOf(image)));
    plan = input.planner.plan(input.target, { ...needs, inputTokens: largest });
    measured = await measure(plan, input);
  }
  if (!plan.candidates.some((c) => c.capabilities.vision)) {
    const others = plan.candidates.length > 1 ? ', nor can the models it falls back to' : '';
    throw ServiceError.of(
      'bad_request',
      `${plan.primary.displayName} cannot see images${others}.`,
      'Choose a model that can see images, or the Vision profile.',
    );
  }
  return measured;
}

/** The request of one item: everything but the model, which the pipeline fills in per candidate. */
export function itemRequest(
  jobPlan: JobPlan,
  prompt: string,
  image: { bytes: Uint8Array; mediaType: ImageMediaType },
  schema: Record<string, unknown> | undefined,
): Omit<ChatRequest, 'model'> {
  const { plan } = jobPlan;
  const messages: ChatMessage[] = [];
  if (plan.systemPrompt) messages.push({ role: 'system', content: plan.systemPrompt });
  messages.push({
    role: 'user',
    content: [
      { type: 'image', source: { kind: 'bytes', data: image.bytes, mediaType: image.mediaType } },
      { type: 'text', text: prompt },
    ],
  });
  const request: Omit<ChatRequest, 'model'> = { messages };
  const p = plan.params;
  if (p.maxOutputTokens !== undefined) request.maxOutputTokens = p.maxOutputTokens;
  if (p.temperature !== undefined) request.temperature = p.temperature;
  if (p.topP !== undefined) request.topP = p.topP;
  if (p.stop && p.stop.length > 0) request.stop = p.stop;
  if (p.seed !== undefined) request.seed = p.seed;
  if (p.reasoningEffort !== undefined || p.thinkingBudgetTokens !== undefined) {
    request.reasoning = {};
    if (p.reasoningEffort !== undefined) request.reasoning.effort = p.reasoningEffort;
    if (p.thinkingBudgetTokens !== undefined) request.reasoning.budgetTokens = p.thinkingBudgetTokens;
  }
  if (schema) request.responseFormat = { type: 'json_schema', name: 'answer', schema };
  return request;
}
