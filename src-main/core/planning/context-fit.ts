/**
 * Fitting a conversation into the chosen model's context window with the profile's strategy: refuse, drop the
 * oldest turns, or summarize them with a cheaper model. `plan` says what would happen (the composer's estimate);
 * `apply` does it before a send (marks messages left out, writes the summary). The implementation that acts is
 * `services/strategy-context-fitter.ts`; planning only asks.
 */
import type { Message } from '@contract/conversations';
import type { ProviderKind } from '@contract/models';
import type { CallPlan } from './target';

export type ContextInput = {
  messages: readonly Message[];
  plan: CallPlan;
  /** Input tokens of everything that would be sent now. */
  inputTokens: number;
  outputReserve: number;
  kind: ProviderKind;
  /** Tokens of a message not yet in `messages` (the composer's text). */
  newMessageTokens?: number;
};

export type ContextFit = {
  fits: boolean;
  overByTokens: number;
  action: 'none' | 'drop-oldest' | 'summarize' | 'refuse';
  excludedMessageIds: string[];
  /** Input tokens once the strategy is applied. */
  inputTokens: number;
  /** `apply` changed stored messages: left some out, brought some back, or put a summary in. */
  changedHistory?: boolean;
};

export interface ContextFitter {
  plan(input: ContextInput): Promise<ContextFit>;
  apply(input: ContextInput & { conversationId: string }): Promise<ContextFit>;
}
