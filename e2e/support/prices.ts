/**
 * Costs as the e2e tests expect them: usage the emulator is scripted with, priced with the catalogue's prices by
 * the same `computeCost` the app uses, and a check that a locator shows exactly that figure (rounded to the
 * digits it shows).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator } from '@playwright/test';
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

/** The first dollar figure of a text in micro-dollars, and the unit of its last digit. */
export function shownDollars(text: string): { micros: number; unit: number } | null {
  const match = /\$([\d,]+)\.(\d{2,6})/.exec(text);
  if (!match) return null;
  const whole = Number(match[1]!.replace(/,/g, ''));
  const fraction = Number(match[2]!.padEnd(6, '0'));
  return { micros: whole * 1_000_000 + fraction, unit: 10 ** (6 - match[2]!.length) };
}

/** The locator shows this cost: the exact figure rounded to the digits shown, not another amount. */
export async function expectShows(locator: Locator, micros: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const text = await locator.innerText();
        const shown = shownDollars(text);
        return shown !== null && Math.abs(shown.micros - micros) * 2 <= shown.unit ? 'shows it' : text;
      },
      { message: `shows ${micros} micro-dollars` },
    )
    .toBe('shows it');
}
