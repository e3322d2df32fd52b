/** The context strategy: what the next call sends, and the summary that replaces older turns. */
export {
  DEFAULT_SUMMARIZE_TO,
  DEFAULT_SUMMARY_TOKENS,
  SUMMARY_PROMPT_TOKENS,
  planContext,
  type ContextAction,
  type ContextPlan,
  type ContextPlanInput,
  type PlanMessage,
} from './plan';
export { summaryInstruction, summaryRequest, summaryTranscript, type SummarySource } from './summary-request';
export { Summarizer, type SummarizeInput, type SummaryResult } from './summarizer';
