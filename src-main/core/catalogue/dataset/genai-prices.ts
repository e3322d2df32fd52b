/**
 * Pydantic's genai-prices data (MIT): the dataset the catalogue's prices and context windows come from, both
 * when `npm run catalogue:update` generates `models.json` and when Settings → Models checks for updated prices
 * at run time. Its shape is the repository's `prices/new_data/v2/data.json` (which `@pydantic/genai-prices`
 * bundles): a list of providers, each with `models[]` of `id`, `match`, `context_window` and `prices` per million
 * tokens, where a price may be tiered (`{base, tiers: [{start, price}]}`, billed above `start` input tokens) and
 * a model may list dated price changes (`[{prices}, {constraint: {type: 'start_date', start_date}, prices}]`).
 *
 * Everything here is untrusted input: the schema refuses wrong types, negative or absurd prices, absurd context
 * windows and oversized lists, so a bad file changes nothing.
 */
import { z } from 'zod';
import type { PriceTier, Prices } from '@contract/models';
import type { ErrorInfo } from '@contract/usage';
import { formatBytes } from '@contract/format';

/** The public URL `@pydantic/genai-prices`'s `updatePrices()` reads (its `REMOTE_DATA_JSON_URL`). */
export const GENAI_PRICES_URL =
  'https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/new_data/v2/data.json';

/** The most a dataset file may weigh; the real one is about 0.5 MB. */
export const MAX_DATASET_BYTES = 16 * 1024 * 1024;
/** No published price is near this (US dollars per million tokens); a figure above it is a broken file. */
const MAX_PRICE_PER_M = 100_000;
/** No model's context window is near this. */
const MAX_CONTEXT_WINDOW = 100_000_000;

const Price = z.number().finite().nonnegative().max(MAX_PRICE_PER_M);
const TieredPrice = z.object({
  base: Price,
  tiers: z
    .array(z.object({ start: z.number().int().nonnegative().max(MAX_CONTEXT_WINDOW), price: Price }))
    .max(16),
});
const PriceValue = z.union([Price, TieredPrice]);
/** Prices of one model at one time: per unit (`input_mtok`, `web_searches_kcount`...). */
const PriceSpec = z.record(z.string().max(100), PriceValue);
/** The repository's file leaves `type` out where the npm package's export spells it. */
const Constraint = z.union([
  z.object({ type: z.literal('start_date').optional(), start_date: z.string().regex(/^\d{4}-\d{2}-\d{2}/) }),
  z.object({ type: z.literal('time_of_date').optional(), start_time: z.string(), end_time: z.string() }),
]);
const ConditionalPrices = z.object({ constraint: Constraint.optional(), prices: PriceSpec });

const DatasetModel = z.object({
  id: z.string().min(1).max(300),
  name: z.string().max(300).optional(),
  match: z.unknown().optional(),
  context_window: z.number().int().positive().max(MAX_CONTEXT_WINDOW).nullish(),
  deprecated: z.boolean().optional(),
  prices: z.union([PriceSpec, z.array(ConditionalPrices).min(1).max(64)]),
});
export type DatasetModel = z.infer<typeof DatasetModel>;

const DatasetProvider = z.object({
  id: z.string().min(1).max(100),
  name: z.string().max(300).optional(),
  pricing_urls: z.array(z.string().max(2000)).max(50).optional(),
  models: z.array(DatasetModel).max(20_000),
});
export type DatasetProvider = z.infer<typeof DatasetProvider>;

export const GenaiPricesSchema = z.array(DatasetProvider).min(1).max(1_000);
export type GenaiPrices = z.infer<typeof GenaiPricesSchema>;

/** A dataset refused (or a refresh that cannot go on), with what to do: shown to the user as it is. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }

  toInfo(): ErrorInfo {
    return { kind: 'bad_request', message: this.message, retryable: false };
  }
}

/** Parses and validates a dataset file's text; a `DatasetError` says what is wrong and where. */
export function parseGenaiPrices(text: string): GenaiPrices {
  if (text.length > MAX_DATASET_BYTES) {
    throw new DatasetError(
      `The file is ${formatBytes(text.length)}, more than a price dataset can be (${formatBytes(MAX_DATASET_BYTES)}). Nothing was changed.`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new DatasetError('The file is not JSON, so it is not a genai-prices dataset. Nothing was changed.');
  }
  const parsed = GenaiPricesSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${describePath(data, issue.path)}: ${issue.message}`)
      .join('; ');
    const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : '';
    throw new DatasetError(
      `The file is not a valid genai-prices dataset: ${problems}${more}. Nothing was changed.`,
    );
  }
  for (const provider of parsed.data) {
    const seen = new Set<string>();
    for (const model of provider.models) {
      if (seen.has(model.id)) {
        throw new DatasetError(
          `The dataset lists ${provider.id} model ${model.id} twice, so its prices are ambiguous. Nothing was changed.`,
        );
      }
      seen.add(model.id);
    }
  }
  return parsed.data;
}

/** `openai › gpt-6-sol › prices.input_mtok`, naming providers and models by id where the path goes through them. */
function describePath(data: unknown, path: ReadonlyArray<PropertyKey>): string {
  const words: string[] = [];
  let node: unknown = data;
  for (const key of path) {
    const next = (node as Record<PropertyKey, unknown> | undefined)?.[key];
    const id = (next as { id?: unknown } | undefined)?.id;
    words.push(typeof key === 'number' && typeof id === 'string' ? id : String(key));
    node = next;
  }
  return words.join(' › ') || '(the file)';
}

/** Catalogue provider → genai-prices provider id. */
export const DATASET_PROVIDER: Readonly<Record<string, string>> = {
  anthropic: 'anthropic',
  openai: 'openai',
  gemini: 'google',
  groq: 'groq',
  openrouter: 'openrouter',
};

/** genai-prices units → the catalogue's rates. Other units (web searches, audio, images) are not token prices. */
const UNIT_OF: ReadonlyArray<[string, keyof Omit<PriceTier, 'aboveInputTokens'>]> = [
  ['input_mtok', 'inputPerM'],
  ['output_mtok', 'outputPerM'],
  ['cache_read_mtok', 'cacheReadPerM'],
  ['cache_write_mtok', 'cacheWritePerM'],
  ['cache_write_1h_mtok', 'cacheWrite1hPerM'],
  ['output_reasoning_mtok', 'reasoningPerM'],
];

/** Rounds away binary noise: published prices have at most six decimals per million tokens. */
export function roundPrice(perM: number): number {
  return Math.round(perM * 1e6) / 1e6;
}

/**
 * The catalogue's prices of one dataset price spec, or null when it has no text input and output price (an
 * embedding, speech or image model, or a free tier listed with `{}`).
 */
export function pricesOfSpec(spec: z.infer<typeof PriceSpec>): Prices | null {
  const base: Record<string, number> = {};
  const tiers = new Map<number, PriceTier>();
  for (const [unit, field] of UNIT_OF) {
    const value = spec[unit];
    if (value === undefined) continue;
    if (typeof value === 'number') {
      base[field] = roundPrice(value);
      continue;
    }
    base[field] = roundPrice(value.base);
    for (const tier of value.tiers) {
      const entry = tiers.get(tier.start) ?? { aboveInputTokens: tier.start };
      entry[field] = roundPrice(tier.price);
      tiers.set(tier.start, entry);
    }
  }
  if (base.inputPerM === undefined || base.outputPerM === undefined) return null;
  const prices = base as unknown as Prices;
  const sorted = [...tiers.values()]
    .filter((t) => t.aboveInputTokens > 0)
    .sort((a, b) => a.aboveInputTokens - b.aboveInputTokens);
  if (sorted.length > 0) prices.tiers = sorted;
  return prices;
}

/** A dataset model's prices over time: the first entry applies from the start, each later one from its date. */
export type DatedPrices = Array<{ from: string | null; prices: Prices | null }>;

/**
 * The dated price list of a model. Time-of-day prices (off-peak discounts) are left out: the catalogue keeps the
 * standard rate, which is never below them, so no cost it computes is too low.
 */
export function datedPricesOf(model: DatasetModel): DatedPrices {
  if (!Array.isArray(model.prices)) return [{ from: null, prices: pricesOfSpec(model.prices) }];
  const out: DatedPrices = [];
  for (const entry of model.prices) {
    if (!entry.constraint) out.push({ from: null, prices: pricesOfSpec(entry.prices) });
    else if ('start_date' in entry.constraint) {
      out.push({ from: entry.constraint.start_date.slice(0, 10), prices: pricesOfSpec(entry.prices) });
    }
  }
  return out.sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''));
}

/** The prices in effect on `date` (YYYY-MM-DD) and the changes announced after it. */
export function pricesOn(
  model: DatasetModel,
  date: string,
): { prices: Prices | null; upcoming: Array<{ from: string; prices: Prices }> } {
  let prices: Prices | null = null;
  const upcoming: Array<{ from: string; prices: Prices }> = [];
  for (const entry of datedPricesOf(model)) {
    if (entry.from === null || entry.from <= date) prices = entry.prices;
    else if (entry.prices) upcoming.push({ from: entry.from, prices: entry.prices });
  }
  return { prices, upcoming };
}

/** Ids of models that are not for chat (embeddings, speech, images, moderation, fine-tune prefixes...). */
const NOT_CHAT =
  /(embed|tts|transcribe|whisper|realtime|audio|image|moderation|search|dall-e|davinci|babbage|curie|^ada$|^ft:|\.ft-|computer-use|guard|live|:free$|:batch$|-fast$|orpheus|voice|omni)/i;

/** Whether a dataset model is a text chat model the catalogue could offer. */
export function isChatModel(model: DatasetModel): boolean {
  if (NOT_CHAT.test(model.id)) return false;
  return datedPricesOf(model).some((entry) => entry.prices !== null);
}

/** The models of one catalogue provider, by dataset id. */
export function modelsOf(dataset: GenaiPrices, catalogueProvider: string): Map<string, DatasetModel> {
  const id = DATASET_PROVIDER[catalogueProvider];
  const provider = id === undefined ? undefined : dataset.find((p) => p.id === id);
  return new Map((provider?.models ?? []).map((m) => [m.id, m]));
}
