/**
 * Costs as the e2e tests expect them: usage the emulator is scripted with, priced with the catalogue's prices by
 * the same `computeCost` the app uses; `expectShows` (from shown.ts) checks that a locator shows exactly that figure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Prices } from '@contract/models';
import { computeCost } from '@contract/money';
import type { Usage } from '@contract/usage';

type CatalogueFile = { models: Array<{ provider: string; model: string; prices: Prices | null }> };
const catalogue = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../src-main/core/catalogue/models.json'), 'utf8'),
) as CatalogueFile;

export function pricesOf(ref: string): Prices {
  const found = catalogue.models.find((m) => `${m.provider}:${m.model}` === ref);
  if (!found?.prices) throw new Error(`The catalogue has no prices for ${ref}.`);
  return found.prices;
}

/** ScriptedReply.usage, and the Usage the adapters make of it (output includes reasoning on the wire). */
export type Scripted = {
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
};

export function usageOf(s: Scripted): Usage {
  return {
    input: { uncached: s.input, cacheRead: s.cacheRead, cacheWrite: s.cacheWrite },
    output: { text: s.output - s.reasoning, reasoning: s.reasoning },
    source: 'reported',
  };
}

export function priced(ref: string, s: Scripted): number {
  const cost = computeCost(usageOf(s), pricesOf(ref)).costMicros;
  if (cost === null) throw new Error(`The catalogue cannot price this usage of ${ref}.`);
  return cost;
}

export { expectShows, shownDollars } from './shown';
