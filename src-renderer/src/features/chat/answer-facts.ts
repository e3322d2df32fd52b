/**
 * What an answer's footer and error say about how it was served: the fallback that happened and why, and, when it
 * failed because a provider was unavailable, the model to offer instead. Pure: tested apart from the views.
 */
import type { Message } from '@contract/conversations';
import type { ModelInfo } from '@contract/models';
import type { Profile } from '@contract/profiles';
import type { ErrorInfo } from '@contract/usage';

export type AttemptsSummary = { fellBack: boolean; text: string };

/**
 * How the models of the chain fared, when more than the first one was involved: "Claude Sonnet 4.5 failed
 * (overloaded after 3 attempts), so GPT-4.1 answered" after a fallback; "Claude Sonnet 4.5 failed (…), GPT-4.1 failed
 * (…)" when none answered. Null when the first model answered, or when it alone was tried (its error says it all).
 */
export function describeAttempts(message: Message, nameOf: (ref: string) => string): AttemptsSummary | null {
  const attempts = message.attempts ?? [];
  const passed = attempts.filter((a) => a.outcome === 'failed' || a.outcome === 'skipped');
  if (passed.length === 0) return null;
  const served = attempts.find((a) => a.outcome === 'served')?.model;
  if (!served && new Set(passed.map((a) => a.model)).size < 2) return null;
  const why = passed
    .map(
      (a) =>
        `${nameOf(a.model)} ${a.outcome === 'skipped' ? 'was skipped' : 'failed'}${a.reason ? ` (${a.reason})` : ''}`,
    )
    .join(', ');
  return served
    ? { fellBack: true, text: `${why}, so ${nameOf(served)} answered` }
    : { fellBack: false, text: why };
}

/** Errors where another provider may well succeed: the provider is down, overloaded or unreachable. */
const OUTAGE_KINDS: ReadonlySet<ErrorInfo['kind']> = new Set([
  'overloaded',
  'server',
  'connection',
  'timeout',
  'rate_limit',
]);

export function isOutage(error: ErrorInfo): boolean {
  return OUTAGE_KINDS.has(error.kind);
}

/**
 * The model to offer after an outage: first the answer's profile's own chain (its model, then its fallbacks), then
 * the cheapest configured model of another provider at the same quality or better (one tier below when there is
 * none); never one that was already tried,
 * nor one of a provider that just failed.
 */
export function fallbackOffer(
  message: Message,
  profile: Profile | undefined,
  models: readonly ModelInfo[],
  needsVision: boolean,
): ModelInfo | undefined {
  const tried = new Set<string>([
    ...(message.model ? [message.model] : []),
    ...(message.attempts ?? []).map((a) => a.model),
  ]);
  const providerOf = (ref: string) => ref.slice(0, ref.indexOf(':'));
  const failedProviders = new Set([...tried].map(providerOf));
  const usable = (m: ModelInfo | undefined): m is ModelInfo =>
    m !== undefined &&
    m.configured !== false &&
    !m.deprecated &&
    !tried.has(m.id) &&
    !failedProviders.has(m.provider) &&
    (!needsVision || m.capabilities.vision);
  const chain = profile?.kind === 'model' ? [profile.model, ...profile.fallback] : [];
  for (const ref of chain) {
    const model = models.find((m) => m.id === ref);
    if (usable(model)) return model;
  }
  const tier = models.find((m) => m.id === message.model)?.qualityTier ?? 1;
  return models
    .filter((m) => usable(m) && m.qualityTier >= tier - 1)
    .sort(
      (a, b) =>
        Number(a.qualityTier < tier) - Number(b.qualityTier < tier) ||
        (a.prices?.inputPerM ?? Infinity) - (b.prices?.inputPerM ?? Infinity),
    )[0];
}
