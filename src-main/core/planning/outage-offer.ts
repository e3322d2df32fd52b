/**
 * The model to offer after an outage, decided here so that the window only shows it (`ErrorInfo.instead`).
 *
 * When every model the plan tried failed because its provider was down, overloaded, unreachable, slow or out of
 * rate (the kinds that fall back, `isOutage`), the answer's error names one model to try instead: first the plan's
 * own chain (the profile's model, then its fallbacks) where one was not tried, then the cheapest configured model of
 * another provider at the same quality or better (one tier below when there is none). Never a model already tried,
 * one of a provider that just failed, one that is deprecated or retired, or, for a conversation with images, one
 * that cannot see them.
 */
import type { Attempt } from '@contract/conversations';
import type { ModelInfo } from '@contract/models';
import type { ErrorInfo } from '@contract/usage';
import { isOutage } from '../policies/fallback';

export type OutageFacts = {
  /** Every model of the catalogue. */
  models: readonly ModelInfo[];
  isConfigured(provider: string): boolean;
};

export type FailedAnswer = {
  error: ErrorInfo;
  /** What the plan did with each model, in order: skipped ones are not offered again, failed ones' providers neither. */
  attempts: readonly Pick<Attempt, 'model' | 'outcome'>[];
  /** The plan's chain: its primary, then its fallbacks. */
  chain: readonly string[];
  needsVision: boolean;
};

/** The model id to offer instead, or undefined when the failure was not an outage or nothing else fits. */
export function offerAfterOutage(failed: FailedAnswer, facts: OutageFacts): string | undefined {
  if (!isOutage(failed.error.kind)) return undefined;
  const tried = new Set(failed.attempts.map((a) => a.model));
  const failedProviders = new Set(
    failed.attempts.filter((a) => a.outcome !== 'skipped').map((a) => a.model.slice(0, a.model.indexOf(':'))),
  );
  const usable = (m: ModelInfo | undefined): m is ModelInfo =>
    m !== undefined &&
    !m.deprecated &&
    m.lifecycle?.status !== 'retired' &&
    !tried.has(m.id) &&
    !failedProviders.has(m.provider) &&
    facts.isConfigured(m.provider) &&
    (!failed.needsVision || m.capabilities.vision);
  const byId = new Map(facts.models.map((m) => [m.id, m]));
  for (const ref of failed.chain) {
    const model = byId.get(ref);
    if (usable(model)) return model.id;
  }
  const tier = byId.get(failed.chain[0] ?? '')?.qualityTier ?? 1;
  return facts.models
    .filter((m) => usable(m) && m.qualityTier >= tier - 1)
    .sort(
      (a, b) =>
        Number(a.qualityTier < tier) - Number(b.qualityTier < tier) ||
        (a.prices?.inputPerM ?? Infinity) - (b.prices?.inputPerM ?? Infinity),
    )[0]?.id;
}
