/**
 * Turns what the user chose (a profile, a model, or the conversation's stored choice) into what the call pipeline
 * needs: the ordered candidates (primary, then the fallback chain; Auto's choice and its next-cheapest capable
 * models), the system prompt and parameters, routing, cache and context strategy. Chat and batch both plan here.
 *
 * A retired model cannot answer: the verdict (`catalogue/lifecycle.ts` `retiredVerdict`) refuses it before anything
 * is sent. A retired model of a chain stays in it, marked unavailable, so the pipeline records it as skipped with
 * that message and the profile's fallback answers; when nothing else is left, planning fails with the verdict.
 */
import type { ModelInfo } from '@contract/models';
import type { ContextStrategy, GenerationParams, RoutingStrategy } from '@contract/profiles';
import { chooseAuto } from '../catalogue/auto';
import { retiredVerdict } from '../catalogue/lifecycle';
import type { Catalogue } from '../catalogue/catalogue';
import type { Profiles } from '../catalogue/profiles';
import type { Candidate } from '../policies/fallback';
import { asServiceError, ServiceError } from './service-error';

export type CallTarget = { profileId?: string; model?: string };

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

function candidateOf(model: ModelInfo): Candidate {
  const candidate: Candidate = {
    id: model.id,
    provider: model.provider,
    model: model.model,
    contextWindow: model.contextWindow,
    maxOutputTokens: model.maxOutputTokens,
    capabilities: model.capabilities,
  };
  if (model.maxInputTokens !== undefined) candidate.maxInputTokens = model.maxInputTokens;
  const retired = retiredVerdict(model);
  if (retired) candidate.unavailable = { kind: retired.kind, reason: retired.message };
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
    const answering = models.find((m) => retiredVerdict(m) === null);
    if (!answering) {
      // Every model of the chain has retired: refused before anything is sent, naming the successor.
      throw new ServiceError(retiredVerdict(primary)!);
    }
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
