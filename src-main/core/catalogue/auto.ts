/**
 * Auto: per request, the cheapest configured model that can serve it — vision when images are attached, tools
 * when tools are used, structured output when a schema is asked for, reasoning when a reasoning effort is set,
 * and a context window with room for the input and the answer — at or above a quality floor. The next-cheapest
 * capable models form the fallback chain. A model with an unknown price ranks after every model with a known one;
 * prices are compared at the long-context tier the request's input falls in. Deprecated and retired models are
 * never chosen.
 */
import type { ModelInfo } from '@contract/models';
import { formatPricePerM, priceMicrosPerM, ratesFor } from '@contract/money';
import { ProviderError } from '../providers/errors';
import { orList } from './closest';

export type AutoNeeds = {
  vision?: boolean;
  tools?: boolean;
  structuredOutput?: boolean;
  reasoning?: boolean;
};

export type AutoRequest = {
  needs: AutoNeeds;
  /** Estimated input tokens, images included. */
  inputTokens: number;
  /** The answer's length limit, when the request sets one. */
  maxOutputTokens?: number;
  qualityFloor: number;
};

export type AutoChoice = {
  model: ModelInfo;
  /** Why, in words the chat shows beside the answer. */
  reason: string;
  /** The next-cheapest capable models, cheapest first. */
  fallback: string[];
  /** Of the input plus an answer of typical length; null when the price is unknown. */
  estimatedCostMicros: number | null;
};

/** Room kept for the answer when the request sets no limit. */
export const DEFAULT_OUTPUT_RESERVE = 4096;
/** The answer length prices are compared at: a typical chat answer. */
export const TYPICAL_ANSWER_TOKENS = 1000;
/** How many next-cheapest models form the fallback chain. */
export const AUTO_FALLBACK_LENGTH = 3;

const NEED_WORDS: Record<keyof AutoNeeds, string> = {
  vision: 'vision-capable',
  tools: 'tool-using',
  structuredOutput: 'structured-output',
  reasoning: 'reasoning',
};

type Verdict = 'ok' | 'tier' | 'capability' | 'context';

function neededCapabilities(needs: AutoNeeds): Array<keyof AutoNeeds> {
  return (Object.keys(NEED_WORDS) as Array<keyof AutoNeeds>).filter((need) => needs[need]);
}

function outputReserve(model: ModelInfo, request: AutoRequest): number {
  return Math.min(request.maxOutputTokens ?? DEFAULT_OUTPUT_RESERVE, model.maxOutputTokens);
}

function judge(model: ModelInfo, request: AutoRequest): Verdict {
  if (model.qualityTier < request.qualityFloor) return 'tier';
  if (neededCapabilities(request.needs).some((need) => !model.capabilities[need])) return 'capability';
  if (request.inputTokens + outputReserve(model, request) > model.contextWindow) return 'context';
  if (model.maxInputTokens !== undefined && request.inputTokens > model.maxInputTokens) return 'context';
  return 'ok';
}

/** Exact pico-dollars of the input plus a typical answer; null when the price is unknown. */
function estimatePicos(model: ModelInfo, request: AutoRequest): bigint | null {
  if (!model.prices) return null;
  const answer = Math.min(TYPICAL_ANSWER_TOKENS, outputReserve(model, request));
  const { rates } = ratesFor(model.prices, request.inputTokens);
  return (
    BigInt(request.inputTokens) * BigInt(priceMicrosPerM(rates.inputPerM)) +
    BigInt(answer) * BigInt(priceMicrosPerM(rates.outputPerM))
  );
}

function byCost(request: AutoRequest) {
  return (a: ModelInfo, b: ModelInfo): number => {
    const ca = estimatePicos(a, request);
    const cb = estimatePicos(b, request);
    if (ca !== null && cb !== null && ca !== cb) return ca < cb ? -1 : 1;
    if ((ca === null) !== (cb === null)) return ca === null ? 1 : -1;
    return b.qualityTier - a.qualityTier || a.id.localeCompare(b.id);
  };
}

function describe(request: AutoRequest): string {
  const words = neededCapabilities(request.needs).map((need) => NEED_WORDS[need]);
  return `${words.length ? `${words.join(', ')} ` : ''}model at tier ≥${request.qualityFloor}`;
}

function tokens(n: number): string {
  return n.toLocaleString('en-US');
}

/** Chooses a model, or throws a `ProviderError` (`unconfigured` or `context_length`) saying what to change. */
export function chooseAuto(models: ModelInfo[], request: AutoRequest): AutoChoice {
  const usable = models.filter((m) => !m.deprecated);
  const configured = usable.filter((m) => m.configured === true);
  if (configured.length === 0) {
    throw new ProviderError({
      kind: 'unconfigured',
      message: 'Auto has no model to choose from: no provider is set up yet.',
      action: 'Add a provider and its key in Settings → Providers.',
      retryable: false,
    });
  }
  const verdicts = new Map(configured.map((m) => [m, judge(m, request)]));
  const capable = configured.filter((m) => verdicts.get(m) === 'ok').sort(byCost(request));
  const [choice, ...rest] = capable;
  if (!choice) throw noCapableModel(usable, configured, verdicts, request);

  const cost = estimatePicos(choice, request);
  const prices = choice.prices ? ratesFor(choice.prices, request.inputTokens).rates : null;
  const cheaperButSmall = configured.some(
    (m) => verdicts.get(m) === 'context' && byCost(request)(m, choice) < 0,
  );
  let reason: string;
  if (prices) {
    reason =
      `cheapest ${describe(request)}: ${choice.displayName} (${choice.id}), ` +
      `${formatPricePerM(prices.inputPerM)} in, ${formatPricePerM(prices.outputPerM)} out`;
    if (cheaperButSmall)
      reason += `; cheaper models lack room for ${tokens(request.inputTokens)} input tokens`;
  } else {
    reason = `no configured ${describe(request)} has a known price; chose ${choice.displayName} (${choice.id}), whose price is unknown`;
  }
  return {
    model: choice,
    reason,
    fallback: rest.slice(0, AUTO_FALLBACK_LENGTH).map((m) => m.id),
    estimatedCostMicros: cost === null ? null : Number((cost + 500_000n) / 1_000_000n),
  };
}

function noCapableModel(
  usable: ModelInfo[],
  configured: ModelInfo[],
  verdicts: Map<ModelInfo, Verdict>,
  request: AutoRequest,
): ProviderError {
  const wanted = describe(request);
  const tooSmall = configured.filter((m) => verdicts.get(m) === 'context');
  if (tooSmall.length > 0) {
    const largest = tooSmall.reduce((a, b) => (b.contextWindow > a.contextWindow ? b : a));
    const over = request.inputTokens + outputReserve(largest, request) - largest.contextWindow;
    return new ProviderError({
      kind: 'context_length',
      message:
        `The request needs about ${tokens(request.inputTokens)} input tokens, more than any configured ${wanted} can take: ` +
        `the largest, ${largest.displayName}, holds ${tokens(largest.contextWindow)} tokens with the answer, ${tokens(over)} too few.`,
      action:
        'Shorten the conversation, let the profile drop or summarize older turns, or set up a model with a larger context window.',
      retryable: false,
    });
  }
  const elsewhere = usable
    .filter((m) => m.configured !== true && judge(m, request) === 'ok')
    .sort(byCost(request))
    .slice(0, 3)
    .map((m) => m.id);
  return new ProviderError({
    kind: 'unconfigured',
    message: `No configured ${wanted} can serve this request.${elsewhere.length ? ` ${orList(elsewhere)} could, once ${elsewhere.length === 1 ? 'its provider is' : 'their providers are'} set up.` : ''}`,
    action:
      'Set up a provider with such a model in Settings → Providers, or lower Auto’s quality floor in the profile.',
    retryable: false,
  });
}
