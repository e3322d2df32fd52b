/**
 * Call planning, the one home of call preparation for chat and batch: target to plan (`target.ts`), what a
 * conversation sends and how many tokens that is (`conversation-request.ts`), the verdict on whether any model
 * of the plan can take a request and the words it is refused with (`verdict.ts`), request parameters
 * (`request.ts`), the estimates (`chat-plan.ts`, `job-plan.ts`), the model offered after an outage
 * (`outage-offer.ts`) and the ledger rows of calls a crash cut off (`interrupted.ts`).
 */
export { ChatPlanning, type ChatPlanningDeps, type PreparedSend } from './chat-plan';
export type { ContextFit, ContextFitter, ContextInput } from './context-fit';
export {
  estimateTokens,
  imagesOf,
  isSent,
  toChatMessages,
  userContent,
  type ImageFileOf,
} from './conversation-request';
export { JobPlanning, type JobInput, type JobPlan } from './job-plan';
export { kindOfModel, type PlanningDeps } from './planning-deps';
export { offerAfterOutage, type FailedAnswer, type OutageFacts } from './outage-offer';
export { outputLimit, requestParams } from './request';
export { candidateOf, CallPlanner, targetOf, type CallPlan, type CallTarget } from './target';
export { VERDICT_WORDS, verdictError, type Verdict, type VerdictKind } from './verdict';
