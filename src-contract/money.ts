/**
 * Money: the cost of a provider call from its usage and prices, in integer micro-dollars, and how money reads
 * (amounts, unknown amounts, totals with calls of unknown cost, prices, typed dollar amounts). Zod-free and
 * shared at run time by main (ledger, budgets, Auto, exports) and the renderer (every figure it shows), so both
 * say the same thing the same way.
 *
 * Exactness: a price of $P per million tokens is held as P × 10⁶ micro-dollars per million tokens (an integer:
 * published prices have at most six decimals), so tokens × that integer is the exact cost in pico-dollars
 * (10⁻¹² $). Lines are summed exactly with BigInt and the call's total is rounded once, half up, to micro-dollars.
 *
 * Unknown stays unknown: prices of `null`, or a missing price for a token type the call used, make the cost
 * `null` with a problem that says what is missing. A call that used no tokens costs exactly 0 whatever its prices.
 *
 * Long-context tiers: a request whose input (uncached, cache reads and cache writes together) is above a tier's
 * threshold is billed, every token of it, at that tier's rates (the providers' cliff, as genai-prices computes
 * it). The tier that applied is part of the result, so the ledger can record it.
 */
import type { PriceTier, Prices } from './models';
import type { Usage } from './usage';

export type TokenType = 'input' | 'cacheRead' | 'cacheWrite' | 'cacheWrite1h' | 'output' | 'reasoning';

/** `batch`: the provider's batch API prices (input and output); cache tokens have no batch price of their own. */
export type PricingMode = 'standard' | 'batch';

export type CostLine = {
  type: TokenType;
  tokens: number;
  /** US dollars per million tokens; null when no price applies to this token type. */
  pricePerM: number | null;
  /** Exact cost of the line in pico-dollars (10⁻¹² $); null when its price is unknown. */
  costPicos: number | null;
};

export type CostProblem = {
  code: 'unknown-prices' | 'missing-price' | 'invalid-usage' | 'invalid-price';
  message: string;
  tokenType?: TokenType;
};

/** Which prices applied: the base rates (`null`) or the tier above this many input tokens. */
export type AppliedTier = { aboveInputTokens: number } | null;

export type CostResult = {
  /** Integer micro-dollars, rounded once; null when any used token type has no known price. */
  costMicros: number | null;
  /** The long-context tier the call was billed at; null for the base rates (or no prices). */
  tier: AppliedTier;
  /** One line per token type the call used. */
  breakdown: CostLine[];
  problems: CostProblem[];
};

const PICOS_PER_MICRO = 1_000_000n;
const MICROS_PER_DOLLAR = 1_000_000;

const TOKEN_WORDS: Record<TokenType, string> = {
  input: 'uncached input',
  cacheRead: 'cache read',
  cacheWrite: 'cache write',
  cacheWrite1h: 'one-hour cache write',
  output: 'output',
  reasoning: 'reasoning',
};

/** A price in dollars per million tokens as integer micro-dollars per million tokens. */
export function priceMicrosPerM(perM: number): number {
  return Math.round(perM * MICROS_PER_DOLLAR);
}

/** The rates of a price list without its tiers. */
export type Rates = Omit<Prices, 'tiers'>;

/**
 * The tier a request with `inputTokens` of input is billed at: the one with the highest threshold the input is
 * above (thresholds are exclusive: 272,000 tokens are not above 272,000); null when none applies.
 */
export function tierFor(prices: Prices, inputTokens: number): PriceTier | null {
  let applied: PriceTier | null = null;
  for (const tier of prices.tiers ?? []) {
    if (
      inputTokens > tier.aboveInputTokens &&
      (!applied || tier.aboveInputTokens > applied.aboveInputTokens)
    ) {
      applied = tier;
    }
  }
  return applied;
}

/** The rates that apply to a request with `inputTokens` of input: the base rates with its tier's over them. */
export function ratesFor(prices: Prices, inputTokens: number): { rates: Rates; tier: AppliedTier } {
  const { tiers: _tiers, ...base } = prices;
  const tier = tierFor(prices, inputTokens);
  if (!tier) return { rates: base, tier: null };
  const { aboveInputTokens, ...over } = tier;
  const rates: Rates = { ...base };
  for (const [key, value] of Object.entries(over) as Array<[keyof Rates, number | undefined]>) {
    if (value !== undefined) rates[key] = value;
  }
  return { rates, tier: { aboveInputTokens } };
}

/** All input of a call, the figure tiers are decided on. */
export function inputTokensOf(usage: Usage): number {
  return (
    usage.input.uncached + usage.input.cacheRead + usage.input.cacheWrite + (usage.input.cacheWrite1h ?? 0)
  );
}

function tokensOf(usage: Usage): Array<[TokenType, number]> {
  return [
    ['input', usage.input.uncached],
    ['cacheRead', usage.input.cacheRead],
    ['cacheWrite', usage.input.cacheWrite],
    ['cacheWrite1h', usage.input.cacheWrite1h ?? 0],
    ['output', usage.output.text],
    ['reasoning', usage.output.reasoning],
  ];
}

function priceFor(type: TokenType, prices: Rates, mode: PricingMode): number | undefined {
  switch (type) {
    case 'input':
      return mode === 'batch' ? prices.batchInputPerM : prices.inputPerM;
    case 'cacheRead':
      return mode === 'batch' ? undefined : prices.cacheReadPerM;
    case 'cacheWrite':
      return mode === 'batch' ? undefined : prices.cacheWritePerM;
    case 'cacheWrite1h':
      return mode === 'batch' ? undefined : prices.cacheWrite1hPerM;
    case 'output':
      return mode === 'batch' ? prices.batchOutputPerM : prices.outputPerM;
    case 'reasoning':
      // Reasoning tokens are billed as output unless the provider prices them apart.
      return mode === 'batch' ? prices.batchOutputPerM : (prices.reasoningPerM ?? prices.outputPerM);
  }
}

function isTokenCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** Cost of one call. Never throws: what cannot be priced is reported in `problems` and makes the cost null. */
export function computeCost(
  usage: Usage,
  prices: Prices | null,
  options: { mode?: PricingMode } = {},
): CostResult {
  const mode = options.mode ?? 'standard';
  const used = tokensOf(usage).filter(([, tokens]) => tokens !== 0);
  const problems: CostProblem[] = [];
  const breakdown: CostLine[] = [];

  for (const [type, tokens] of used) {
    if (!isTokenCount(tokens)) {
      problems.push({
        code: 'invalid-usage',
        tokenType: type,
        message: `The ${TOKEN_WORDS[type]} token count ${tokens} is not a whole number of tokens; the cost is unknown.`,
      });
    }
  }
  if (used.length === 0) return { costMicros: 0, tier: null, breakdown, problems };
  if (problems.length > 0) {
    for (const [type, tokens] of used) breakdown.push({ type, tokens, pricePerM: null, costPicos: null });
    return { costMicros: null, tier: null, breakdown, problems };
  }
  if (prices === null) {
    for (const [type, tokens] of used) breakdown.push({ type, tokens, pricePerM: null, costPicos: null });
    problems.push({
      code: 'unknown-prices',
      message:
        'No price is known for this model, so the cost of this call is unknown. Set its prices in Settings → Models.',
    });
    return { costMicros: null, tier: null, breakdown, problems };
  }

  const { rates, tier } = ratesFor(prices, inputTokensOf(usage));
  let totalPicos = 0n;
  for (const [type, tokens] of used) {
    const perM = priceFor(type, rates, mode);
    if (perM === undefined) {
      breakdown.push({ type, tokens, pricePerM: null, costPicos: null });
      const priceName = `${mode === 'batch' ? 'batch ' : ''}${TOKEN_WORDS[type]} price`;
      problems.push({
        code: 'missing-price',
        tokenType: type,
        message: `The call used ${tokens} ${TOKEN_WORDS[type]} tokens but the model has no ${priceName}; the cost is unknown. Add the price in Settings → Models.`,
      });
      continue;
    }
    if (!Number.isFinite(perM) || perM < 0) {
      breakdown.push({ type, tokens, pricePerM: null, costPicos: null });
      problems.push({
        code: 'invalid-price',
        tokenType: type,
        message: `The ${TOKEN_WORDS[type]} price ${perM} is not a price; the cost is unknown. Correct it in Settings → Models.`,
      });
      continue;
    }
    const picos = BigInt(tokens) * BigInt(priceMicrosPerM(perM));
    totalPicos += picos;
    breakdown.push({ type, tokens, pricePerM: perM, costPicos: Number(picos) });
  }
  if (problems.length > 0) return { costMicros: null, tier, breakdown, problems };
  return {
    costMicros: Number((totalPicos + PICOS_PER_MICRO / 2n) / PICOS_PER_MICRO),
    tier,
    breakdown,
    problems,
  };
}

/**
 * The most a request can cost: every input token at the dearest input-side price (uncached or a cache write)
 * and every allowed output token at the dearest output-side price, at the rates of the tier its input falls in,
 * rounded up. Budgets reserve this before a call. Null when the prices are unknown.
 */
export function maxRequestCostMicros(
  prices: Prices | null,
  inputTokens: number,
  maxOutputTokens: number,
  options: { mode?: PricingMode } = {},
): number | null {
  if (prices === null || !isTokenCount(inputTokens) || !isTokenCount(maxOutputTokens)) return null;
  const { rates } = ratesFor(prices, inputTokens);
  const batch = options.mode === 'batch';
  const inputSide = batch
    ? [rates.batchInputPerM]
    : [rates.inputPerM, rates.cacheWritePerM, rates.cacheWrite1hPerM];
  const outputSide = batch ? [rates.batchOutputPerM] : [rates.outputPerM, rates.reasoningPerM];
  const known = (values: Array<number | undefined>) => values.filter((v): v is number => v !== undefined);
  const inputPrices = known(inputSide);
  const outputPrices = known(outputSide);
  if ((inputTokens > 0 && inputPrices.length === 0) || (maxOutputTokens > 0 && outputPrices.length === 0)) {
    return null;
  }
  const dearest = (values: number[]) => BigInt(priceMicrosPerM(Math.max(0, ...values)));
  const picos = BigInt(inputTokens) * dearest(inputPrices) + BigInt(maxOutputTokens) * dearest(outputPrices);
  return Number((picos + PICOS_PER_MICRO - 1n) / PICOS_PER_MICRO);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Integer micro-dollars with `decimals` decimals (0–6), rounded once, half up, trailing zeros past `keep` cut. */
function dollars(micros: number, decimals: number, keep = decimals): string {
  const unit = 10 ** (6 - decimals);
  const scaled = Math.floor((micros + unit / 2) / unit);
  const whole = Math.floor(scaled / 10 ** decimals);
  let fraction = decimals > 0 ? String(scaled % 10 ** decimals).padStart(decimals, '0') : '';
  while (fraction.length > keep && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `$${groupThousands(String(whole))}${fraction ? `.${fraction}` : ''}`;
}

/**
 * An amount for display, with enough digits to say something: `$1,234.57`, `$0.0123`, `$0.50`, `$0.000045`;
 * `$0.00` for nothing; `unknown` when the price is unknown (never $0). Rounded once from the exact integer.
 */
export function formatMicros(micros: number | null | undefined): string {
  if (micros === null || micros === undefined || !Number.isFinite(micros)) return 'unknown';
  if (micros < 0) return `-${formatMicros(-micros)}`;
  if (micros === 0) return '$0.00';
  if (micros >= 999_950) return dollars(micros, 2);
  if (micros >= 10_000) return dollars(micros, 4, 2);
  return dollars(micros, 6, 2);
}

/**
 * How sure a call's or an answer's figures are: `reported` by the provider; `estimated` (counted here, or only
 * what arrived before it broke off); `unknown` when nothing was reported and nothing could be counted although the
 * answer had begun (so it was likely billed): never shown as $0.
 */
export type Certainty = 'reported' | 'estimated' | 'unknown';

/** The mark of a figure that holds an estimate: `≈$0.0012`, `≈1,200 in`. */
export const ESTIMATE_MARK = '≈';

/** `began`: the answer had begun (text arrived, or the call was cut): zero tokens then mean unknown, not free. */
export function certaintyOf(usage: Usage | undefined, began: boolean): Certainty {
  if (!usage || usage.source === 'reported') return 'reported';
  if (inputTokensOf(usage) + outputTokensOf(usage) > 0) return 'estimated';
  return began ? 'unknown' : 'reported';
}

/**
 * Two calls' usage together (the rounds of a tool loop, the attempts of a batch item). The sum is as sure as its
 * least sure part: reported only when both were; otherwise the other part's source, and 'estimated' when neither
 * was reported and they differ.
 */
export function addUsage(a: Usage, b: Usage): Usage {
  const input: Usage['input'] = {
    uncached: a.input.uncached + b.input.uncached,
    cacheRead: a.input.cacheRead + b.input.cacheRead,
    cacheWrite: a.input.cacheWrite + b.input.cacheWrite,
  };
  if (a.input.cacheWrite1h !== undefined || b.input.cacheWrite1h !== undefined) {
    input.cacheWrite1h = (a.input.cacheWrite1h ?? 0) + (b.input.cacheWrite1h ?? 0);
  }
  const source =
    a.source === b.source
      ? a.source
      : a.source === 'reported'
        ? b.source
        : b.source === 'reported'
          ? a.source
          : 'estimated';
  return {
    input,
    output: { text: a.output.text + b.output.text, reasoning: a.output.reasoning + b.output.reasoning },
    source,
  };
}

/** Every output token, reasoning included. */
export function outputTokensOf(usage: Usage): number {
  return usage.output.text + usage.output.reasoning;
}

/**
 * How sure an answer's figures are: an answer that had begun (text arrived, or it was cut or interrupted) with no
 * tokens known reads `unknown`, never $0; estimated usage is marked as such. The chat, print and export all ask here.
 */
export function answerCertainty(message: {
  usage?: Usage | undefined;
  text: string;
  status?: string | undefined;
  error?: { kind: string } | undefined;
}): Certainty {
  const began =
    message.text.length > 0 || message.status === 'interrupted' || message.error?.kind === 'interrupted';
  return certaintyOf(message.usage, began);
}

/** One call's or one answer's cost as sure as its usage: `$0.0012`, `≈$0.0012`, or `unknown` (never $0). */
export function formatCertainCost(micros: number | null | undefined, certainty: Certainty): string {
  if (certainty === 'unknown') return 'unknown';
  const text = formatMicros(micros);
  return certainty === 'estimated' && text !== 'unknown' ? `${ESTIMATE_MARK}${text}` : text;
}

/** `estimatedCalls`: calls whose usage was estimated; the total then reads `≈$1.23`. */
export type CostTotal = { costMicros: number; unknownCostCalls: number; estimatedCalls?: number };

/**
 * A total over several calls. When some costs are unknown the known sum is a lower bound and says so:
 * `at least $1.23 (2 calls of unknown cost)`; `unknown (2 calls of unknown cost)` when nothing is known.
 * `short` leaves out the count, for a table cell or a tile: `at least $1.23`, `unknown`.
 */
export function formatCostTotal(total: CostTotal, options: { short?: boolean } = {}): string {
  const known = formatCertainCost(
    total.costMicros,
    (total.estimatedCalls ?? 0) > 0 ? 'estimated' : 'reported',
  );
  if (total.unknownCostCalls === 0) return known;
  const n = total.unknownCostCalls;
  const calls = options.short
    ? ''
    : ` (${groupThousands(String(n))} ${n === 1 ? 'call' : 'calls'} of unknown cost)`;
  if (total.costMicros === 0) return `unknown${calls}`;
  return `at least ${known}${calls}`;
}

/** An amount some of whose parts are of unknown cost, without their count: `at least $1.23`, or `unknown`. */
export function formatLowerBound(micros: number, someUnknown: boolean): string {
  return formatCostTotal({ costMicros: micros, unknownCostCalls: someUnknown ? 1 : 0 }, { short: true });
}

/** A price per million tokens for display: `$0.40/M`, `$0.075/M`, `$15.00/M`; `unknown` when absent. */
export function formatPricePerM(perM: number | null | undefined): string {
  if (perM === null || perM === undefined || !Number.isFinite(perM)) return 'unknown';
  const micros = priceMicrosPerM(perM);
  const whole = Math.floor(micros / MICROS_PER_DOLLAR);
  const fraction = String(micros % MICROS_PER_DOLLAR)
    .padStart(6, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `$${groupThousands(String(whole))}.${fraction}/M`;
}

/** Exact decimal dollars of integer micro-dollars (`4200` → `0.004200`), for exports. */
export function microsToDollarString(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  return `${sign}${Math.floor(abs / MICROS_PER_DOLLAR)}.${String(abs % MICROS_PER_DOLLAR).padStart(6, '0')}`;
}

/**
 * A dollar amount as a person types it (`12.50`, `$5`, `1,000`) in micro-dollars, exactly (no float rounding);
 * `null` for an empty field (no limit); a problem that says what to type otherwise.
 */
export function parseDollars(text: string): { micros: number | null } | { problem: string } {
  const cleaned = text
    .trim()
    .replace(/^\$\s*/, '')
    .replace(/,(?=\d{3}(\D|$))/g, '');
  if (cleaned === '') return { micros: null };
  const match = /^(\d+)(?:\.(\d{0,6}))?$/.exec(cleaned);
  if (!match) return { problem: 'Type an amount in dollars, such as 20 or 12.50.' };
  const micros = Number(match[1]) * MICROS_PER_DOLLAR + Number((match[2] ?? '').padEnd(6, '0'));
  if (!Number.isSafeInteger(micros)) return { problem: 'That amount is too large.' };
  return { micros };
}

/** Micro-dollars as a person would type them back (`12.5`, `20`): for filling a field. */
export function dollarsInput(micros: number): string {
  return microsToDollarString(micros).replace(/\.?0+$/, '');
}
