/**
 * Target to plan: turns what the user chose (a profile, a model, or the conversation's stored choice) into what
 * the call pipeline needs: the ordered candidates (primary, then the fallback chain; Auto's choice and its
 * next-cheapest capable models), the system prompt and parameters, routing, cache and context strategy.
 * `planCounted` plans with the real input count: Auto's choice depends on it, so Auto plans twice.
 */
import type { ModelInfo } from '@contract/models';
import type { ContextStrategy, GenerationParams, RoutingStrategy } from '@contract/profiles';
import { chooseAuto } from '../catalogue/auto';
import type { Catalogue } from '../catalogue/catalogue';
import type { Profiles } from '../catalogue/profiles';
import type { Candidate } from '../policies/fallback';
import { refusalOf, retiredVerdictOf, verdictError } from './verdict';
import { asServiceError } from '../errors/service-error';

export type CallTarget = { profileId?: string; model?: string };

/** The target of a call: what the user picked now, else what the conversation (or the job) remembers. */
export function targetOf(
  picked: CallTarget,
  stored?: { profileId?: string | undefined; model?: string | undefined } | null,
): CallTarget {
  if (picked.profileId || picked.model) return picked;
  const target: CallTarget = {};
  if (stored?.profileId) target.profileId = stored.profileId;
  if (stored?.model) target.model = stored.model;
  return target;
}

export type PlanNeeds = {
  images: boolean;
  tools?: boolean;
  structuredOutput?: boolean;
  inputTokens: number;
  maxOutputTokens?: number;
};

export type CallPlan = {
  /** The profile whose settings are used (after aliases), if any. */
  profileId?: string;
  /** Primary first, then the fallbacks. */
  candidates: Candidate[];
  primary: ModelInfo;
  autoReason?: string;
  systemPrompt?: string;
  params: GenerationParams;
  routing: RoutingStrategy;
  routingKey?: string;
  fallbackOnAuthError: boolean;
  cache: 'auto' | 'on' | 'off';
  context: ContextStrategy;
};

export type CallPlannerDeps = {
  catalogue: () => Catalogue;
  profiles: () => Profiles;
  /** The profile used when the target names none. */
  defaultProfileId: () => string;
  /** Settings → fallback on authentication errors, for profiles that do not say. */
  fallbackOnAuthError: () => boolean;
};

/** A catalogue model as a candidate of the call pipeline; a retired one marked unavailable, with why. */
export function candidateOf(model: ModelInfo): Candidate {
  const candidate: Candidate = {
    id: model.id,
    provider: model.provider,
    model: model.model,
    contextWindow: model.contextWindow,
    maxOutputTokens: model.maxOutputTokens,
    capabilities: model.capabilities,
  };
  if (model.maxInputTokens !== undefined) candidate.maxInputTokens = model.maxInputTokens;
  const retired = retiredVerdictOf(model);
  if (retired) {
    const error = verdictError(retired);
    candidate.unavailable = { kind: error.kind, reason: error.message };
  }
  return candidate;
}

export class CallPlanner {
  constructor(private readonly deps: CallPlannerDeps) {}

  plan(target: CallTarget, needs: PlanNeeds): CallPlan {
    try {
      return this.build(target, needs);
    } catch (error) {
      throw asServiceError(error);
    }
  }

  /**
   * The plan for a request whose input `count` measures for a plan's primary model (its tokenizer and image
   * formula): planned once to pick a tokenizer, and, when Auto chose, again with the real count so that the
   * model it picks has room for it.
   */
  async planCounted<T extends { inputTokens: number }>(
    target: CallTarget,
    needs: Omit<PlanNeeds, 'inputTokens'>,
    count: (plan: CallPlan) => Promise<T>,
  ): Promise<{ plan: CallPlan; counted: T }> {
    let plan = this.plan(target, { ...needs, inputTokens: 0 });
    let counted = await count(plan);
    if (plan.autoReason !== undefined) {
      plan = this.plan(target, { ...needs, inputTokens: counted.inputTokens });
      counted = await count(plan);
    }
    return { plan, counted };
  }

  /**
   * The model a target names (the model picked, else its profile's, after aliases) with the profile it came
   * from; null under Auto, or when the target names nothing the catalogue knows.
   */
  named(target: CallTarget): { model: ModelInfo; profileId?: string } | null {
    const catalogue = this.deps.catalogue();
    if (target.model) {
      const model = catalogue.find(target.model);
      return model ? { model } : null;
    }
    try {
      const resolved = this.deps.profiles().resolve(target.profileId ?? this.deps.defaultProfileId());
      if (resolved.target.kind !== 'model') return null;
      const model = catalogue.find(resolved.target.model);
      return model ? { model, profileId: resolved.profile.id } : null;
    } catch {
      return null; // An unknown profile: planning says so with its own refusal.
    }
  }

  private build(target: CallTarget, needs: PlanNeeds): CallPlan {
    const catalogue = this.deps.catalogue();
    const resolved = this.deps.profiles().resolve(target.profileId ?? this.deps.defaultProfileId());
    let primary: ModelInfo;
    let chain: string[];
    let autoReason: string | undefined;
    if (target.model) {
      // A model the user picked by name is the one that answers: fallback chains belong to profiles.
      primary = catalogue.get(target.model);
      chain = [];
    } else if (resolved.target.kind === 'auto') {
      const choice = chooseAuto(catalogue.list(), {
        needs: {
          vision: needs.images,
          tools: needs.tools,
          structuredOutput: needs.structuredOutput,
        },
        inputTokens: needs.inputTokens,
        maxOutputTokens: needs.maxOutputTokens ?? resolved.params.maxOutputTokens,
        qualityFloor: resolved.target.qualityFloor,
      });
      primary = choice.model;
      chain = choice.fallback;
      autoReason = choice.reason;
    } else {
      primary = catalogue.get(resolved.target.model);
      chain = resolved.fallback;
    }
    const fallbacks = chain
      .filter((ref) => ref !== primary.id)
      .map((ref) => catalogue.find(ref))
      .filter((m): m is ModelInfo => m !== undefined && m.id !== primary.id);
    const models = [primary, ...fallbacks];
    // The first model that can still answer is the one the request is prepared for (tokens, window, budget).
    const answering = models.find((m) => retiredVerdictOf(m) === null);
    if (!answering) throw refusalOf(retiredVerdictOf(primary)!);
    const plan: CallPlan = {
      profileId: resolved.profile.id,
      candidates: models.map(candidateOf),
      primary: answering,
      params: resolved.params,
      routing: resolved.routing,
      routingKey: resolved.profile.id,
      fallbackOnAuthError: resolved.profile.fallbackOnAuthError || this.deps.fallbackOnAuthError(),
      cache: resolved.cache,
      context: resolved.context,
    };
    if (autoReason !== undefined) plan.autoReason = autoReason;
    if (resolved.systemPrompt) plan.systemPrompt = resolved.systemPrompt;
    return plan;
  }
}
