/**
 * What every kind of call planning needs: the planner (target to plan), the facts verdicts name (which providers
 * are set up, their names), the catalogue, the budgets, where images live, and how a provider counts tokens.
 */
import type { ModelInfo, ProviderKind } from '@contract/models';
import type { Catalogue } from '../catalogue/catalogue';
import type { BudgetGuard } from '../ledger/budgets';
import type { ImageFileOf } from './conversation-request';
import type { CallPlanner } from './target';
import type { PlanFacts } from './verdict';

export type PlanningDeps = {
  planner: Pick<CallPlanner, 'plan' | 'planCounted' | 'named'>;
  facts: PlanFacts;
  catalogue: () => Catalogue;
  /** Which adapter serves a provider (token counting differs per provider); guessed from its id otherwise. */
  kindOf?: (provider: string) => ProviderKind | undefined;
  budgets: Pick<BudgetGuard, 'check' | 'reserve' | 'status'>;
  fileOf: ImageFileOf;
};

const KINDS: readonly ProviderKind[] = ['anthropic', 'openai', 'azure', 'gemini', 'ollama'];

/** The adapter kind of a model's provider: as the deps say, else the standard provider of that id. */
export function kindOfModel(
  deps: Pick<PlanningDeps, 'kindOf'>,
  model: Pick<ModelInfo, 'provider'>,
): ProviderKind {
  return (
    deps.kindOf?.(model.provider) ?? KINDS.find((kind) => kind === model.provider) ?? 'openai-compatible'
  );
}
