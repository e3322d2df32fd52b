/**
 * Request parameters: what a plan's profile asks of every call (answer length, sampling, stop sequences, seed,
 * reasoning), and a JSON schema's response format. Chat and batch requests both take them from here.
 */
import type { ChatRequest } from '../providers/types';
import type { CallPlan } from './target';

export type RequestParams = Omit<ChatRequest, 'model' | 'messages'>;

/** The parameters of the plan's profile, as a request carries them (unset ones left out). */
export function requestParams(
  plan: Pick<CallPlan, 'params'>,
  schema?: Record<string, unknown>,
): RequestParams {
  const p = plan.params;
  const out: RequestParams = {};
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
  if (schema) out.responseFormat = { type: 'json_schema', name: 'answer', schema };
  return out;
}

/** The longest answer a call may get: the profile's limit, else the model's. Budgets hold its cost. */
export function outputLimit(plan: Pick<CallPlan, 'params' | 'primary'>): number {
  return plan.params.maxOutputTokens ?? plan.primary.maxOutputTokens;
}
