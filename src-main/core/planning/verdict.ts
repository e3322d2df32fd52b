/**
 * The verdict on a request before anything is sent: can any model of its plan take it, and if not, why and what
 * to do instead. A verdict is data, one shape per kind (`Verdict`); how it reads is `VERDICT_WORDS`, one wording
 * per kind. The error a send is refused with (`refusalOf`) and the `blocked` the composer and the batch form show
 * (`blockedOf`) are both made from it, so the window and main say the same thing with the same figures.
 *
 * To add a kind: add its shape to `Verdict` and its wording to `VERDICT_WORDS` (the table's type requires one
 * per kind), and return it from whatever decides it. Chat and batch carry verdicts without looking inside.
 */
import type { Blocked } from '@contract/bridge';
import { errorText } from '@contract/error-words';
import { formatTokens } from '@contract/format';
import type { ModelInfo } from '@contract/models';
import type { ErrorInfo, ErrorKind } from '@contract/usage';
import { ServiceError } from '../errors/service-error';
import { lifecycleNotice } from '../catalogue/lifecycle';
import { unfitReasons, type Candidate, type Requirements, type Shortfall } from '../policies/fallback';

/** What a verdict is judged on: the models of a plan, the first being the one it is prepared for. */
export type JudgedPlan = { candidates: readonly Candidate[]; primary: ModelInfo };

/** A capability a request can need that a model may lack. */
export type Capability = Extract<Shortfall, 'vision' | 'tools' | 'structuredOutput'>;

export type Verdict =
  /** No model of the plan has what the request needs (sight for its images, tools, JSON schemas). */
  | { kind: 'missing-capability'; capability: Capability; model: string; fallbacks: number }
  /** The models that could take it belong to a provider that is not set up. */
  | {
      kind: 'unconfigured';
      provider: string;
      providerLabel: string;
      /** When only some models of the plan have what the request needs: the first of them, and what. */
      capable?: { model: string; capability: Capability };
    }
  /** What would be sent does not fit the model's context window with room kept for the answer. */
  | {
      kind: 'context';
      subject: 'conversation' | 'batch-item';
      model: string;
      inputTokens: number;
      contextWindow: number;
      answerTokens: number;
    }
  /** A budget would be passed; the budget guard words it with its figures (ledger/budgets.ts). */
  | { kind: 'budget'; refusal: ErrorInfo }
  /** The model has retired: requests naming it fail at the provider, so none is sent. */
  | {
      kind: 'retired';
      model: string;
      provider: string;
      retiredOn?: string;
      successor?: { id: string; displayName: string };
    };

export type VerdictKind = Verdict['kind'];

type Wording<V> = {
  errorKind: ErrorKind;
  message: (v: V) => string;
  action: (v: V) => string;
  /** The provider to set up, for the window's "Open Settings". */
  provider?: (v: V) => string;
};

const CAN: Record<Capability, string> = {
  vision: 'can see images',
  tools: 'can use tools',
  structuredOutput: 'can answer to a JSON schema',
};
const CANNOT: Record<Capability, string> = {
  vision: 'cannot see images',
  tools: 'cannot use tools',
  structuredOutput: 'cannot answer to a JSON schema',
};
const INSTEAD: Record<Capability, string> = {
  vision: 'Choose a model that can see images (or the Vision profile), or remove the images.',
  tools: 'Choose a model that can use tools, or turn the tools off.',
  structuredOutput: 'Choose a model that can answer to a JSON schema, or stop answering as JSON.',
};

export const VERDICT_WORDS: { [K in VerdictKind]: Wording<Extract<Verdict, { kind: K }>> } = {
  'missing-capability': {
    errorKind: 'bad_request',
    message: (v) =>
      `${v.model} ${CANNOT[v.capability]}${v.fallbacks > 0 ? ', nor can the models it falls back to' : ''}.`,
    action: (v) => INSTEAD[v.capability],
  },
  unconfigured: {
    errorKind: 'unconfigured',
    message: (v) =>
      v.capable
        ? `${v.capable.model} ${CAN[v.capable.capability]}, but ${v.providerLabel} is not set up yet.`
        : `${v.providerLabel} is not set up yet.`,
    action: () => 'Add its key in Settings → Providers, or choose a model of a provider you have set up.',
    provider: (v) => v.provider,
  },
  context: {
    errorKind: 'context_length',
    message: (v) => {
      const room = v.contextWindow - v.answerTokens;
      const what = v.subject === 'conversation' ? 'This conversation' : 'The largest image with the prompt';
      const kept = v.answerTokens > 0 ? `, less ${formatTokens(v.answerTokens)} kept for the answer,` : '';
      return (
        `${what} is ${formatTokens(v.inputTokens)} input tokens: ${v.model}'s context window of ` +
        `${formatTokens(v.contextWindow)} tokens${kept} leaves room for ${formatTokens(Math.max(0, room))}, ` +
        `${formatTokens(v.inputTokens - room)} too many.`
      );
    },
    action: (v) =>
      v.subject === 'conversation'
        ? 'Start a new conversation, delete or unpin some messages, or choose a model with a larger context window.'
        : 'Choose a model with a larger context window, or use smaller images.',
  },
  budget: {
    errorKind: 'budget',
    message: (v) => v.refusal.message,
    action: (v) => v.refusal.action ?? '',
  },
  retired: {
    errorKind: 'not_found',
    // The catalogue's notice for the model, word for word: what the picker and the chat's notice show.
    message: (v) =>
      lifecycleNotice({
        displayName: v.model,
        lifecycle: {
          status: 'retired',
          ...(v.retiredOn ? { retiresOn: v.retiredOn } : {}),
          ...(v.successor ? { successor: v.successor } : {}),
        },
      }) ?? `${v.model} was retired.`,
    action: (v) =>
      v.successor
        ? `Switch to ${v.successor.displayName} (one click on the notice), or choose another model.`
        : 'Choose another model in the model picker.',
  },
};

/** The verdict on a model that has retired, or null while it can still answer. */
export function retiredVerdictOf(model: ModelInfo): Extract<Verdict, { kind: 'retired' }> | null {
  if (model.lifecycle?.status !== 'retired') return null;
  const verdict: Extract<Verdict, { kind: 'retired' }> = {
    kind: 'retired',
    model: model.displayName,
    provider: model.provider,
  };
  if (model.lifecycle.retiresOn) verdict.retiredOn = model.lifecycle.retiresOn;
  if (model.lifecycle.successor) verdict.successor = model.lifecycle.successor;
  return verdict;
}

function wordingOf(verdict: Verdict): Wording<Verdict> {
  return VERDICT_WORDS[verdict.kind] as Wording<Verdict>;
}

/** The error a send refuses with: the verdict's kind of error, its message and what to do. */
export function verdictError(verdict: Verdict): ErrorInfo {
  const words = wordingOf(verdict);
  const info: ErrorInfo = {
    kind: words.errorKind,
    message: words.message(verdict),
    action: words.action(verdict),
    retryable: false,
  };
  const provider = words.provider?.(verdict);
  if (provider !== undefined) info.provider = provider;
  return info;
}

export function refusalOf(verdict: Verdict): ServiceError {
  return new ServiceError(verdictError(verdict));
}

export type Suggestion = Blocked['suggestions'][number];

/** What the composer and the batch form show instead of Send: the same words a send would refuse with. */
export function blockedOf(verdict: Verdict, suggestions: Suggestion[]): Blocked {
  const error = verdictError(verdict);
  return { reason: errorText(error), error, suggestions };
}

/** What a verdict needs to know beyond the plan: which providers are set up, and the names to say. */
export type PlanFacts = {
  isConfigured(provider: string): boolean;
  labelOf(provider: string): string;
  modelName(ref: string): string;
};

const CAPABILITIES: readonly Capability[] = ['vision', 'tools', 'structuredOutput'];

/**
 * Whether any model of the plan can take a request with these needs, by the same checks the call pipeline
 * screens its candidates with (`unfitReasons`); if none can, the verdict that says why. Missing capabilities
 * come first (no key fixes them), then a provider to set up, then the context window.
 */
export function judgeCandidates(plan: JudgedPlan, needs: Requirements, facts: PlanFacts): Verdict | null {
  // A retired model cannot take anything; the planner refuses a plan of retired models alone (retiredVerdictOf).
  const live = plan.candidates.filter((candidate) => !candidate.unavailable);
  const screened = live.map((candidate) => ({
    candidate,
    lacks: new Set(
      unfitReasons(candidate, needs, facts.isConfigured(candidate.provider)).map((u) => u.shortfall),
    ),
  }));
  if (screened.length === 0 || screened.some((s) => s.lacks.size === 0)) return null;
  const fallbacks = screened.length - 1;
  for (const capability of CAPABILITIES) {
    if (screened.every((s) => s.lacks.has(capability))) {
      return { kind: 'missing-capability', capability, model: plan.primary.displayName, fallbacks };
    }
  }
  const capable = screened.filter((s) => !CAPABILITIES.some((c) => s.lacks.has(c)));
  const notSetUp = capable.find((s) => s.lacks.has('unconfigured'));
  if (notSetUp) {
    const provider = notSetUp.candidate.provider;
    const verdict: Verdict = { kind: 'unconfigured', provider, providerLabel: facts.labelOf(provider) };
    const lacking = CAPABILITIES.find((c) => screened.some((s) => s.lacks.has(c)));
    if (lacking && capable.length < screened.length) {
      verdict.capable = { model: facts.modelName(notSetUp.candidate.id), capability: lacking };
    }
    return verdict;
  }
  const first = capable[0]?.candidate ?? live[0]!;
  return {
    kind: 'context',
    subject: 'batch-item',
    model: facts.modelName(first.id),
    inputTokens: needs.inputTokens ?? 0,
    contextWindow: first.contextWindow,
    answerTokens: Math.min(needs.maxOutputTokens ?? 0, first.maxOutputTokens),
  };
}

/**
 * Models and profiles that could take the request instead: configured models that pass the same checks, cheapest
 * first (three at most), and for images the Vision profile and Auto.
 */
export function suggestionsFor(needs: Requirements, models: readonly ModelInfo[]): Suggestion[] {
  const fitting = models
    .filter((m) => m.configured && !m.deprecated && unfitReasons(m, needs, true).length === 0)
    .sort((a, b) => (a.prices?.inputPerM ?? Infinity) - (b.prices?.inputPerM ?? Infinity))
    .slice(0, 3)
    .map((m): Suggestion => ({ label: `Use ${m.displayName}`, model: m.id }));
  const profiles: Suggestion[] = needs.images
    ? [
        { label: 'Use the Vision profile', profileId: 'vision' },
        { label: 'Use Auto', profileId: 'auto' },
      ]
    : [];
  return [...fitting, ...profiles];
}
