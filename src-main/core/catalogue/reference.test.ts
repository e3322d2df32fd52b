/**
 * Compares the built-in catalogue with LiteLLM's reference file in ../shared (never copied into the project)
 * wherever the reference has the same model, and lists every difference above 1 % in prices, context window
 * and maximum output. Each difference must be acknowledged in models.json with a reason, and each
 * acknowledgement must still match a real difference (so the list stays honest when either side changes).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Prices } from '@contract/models';
import { builtinCatalogue, type CatalogueEntry } from './builtin';

const REFERENCE = resolve(
  import.meta.dirname,
  '../../../../shared/reference/model_prices_and_context_window.json',
);
const hasReference = existsSync(REFERENCE);
if (!hasReference) {
  console.warn(
    `Skipping the catalogue/reference comparison: ${REFERENCE} is absent (../shared is not beside the repo).`,
  );
}

/** How the reference names a catalogue provider's models. */
const REFERENCE_PREFIX: Record<string, string> = {
  anthropic: '',
  openai: '',
  gemini: 'gemini/',
  groq: 'groq/',
  openrouter: 'openrouter/',
  ollama: 'ollama/',
};

type ReferenceEntry = Record<string, unknown>;

const PRICE_FIELDS: Array<[keyof Prices, string]> = [
  ['inputPerM', 'input_cost_per_token'],
  ['outputPerM', 'output_cost_per_token'],
  ['cacheReadPerM', 'cache_read_input_token_cost'],
  ['cacheWritePerM', 'cache_creation_input_token_cost'],
  ['cacheWrite1hPerM', 'cache_creation_input_token_cost_above_1hr'],
  ['batchInputPerM', 'input_cost_per_token_batches'],
  ['batchOutputPerM', 'output_cost_per_token_batches'],
];

type Difference = {
  model: string;
  referenceKey: string;
  field: string;
  catalogue: number | null;
  reference: number | null;
};

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Per token → per million, without float noise. */
function perM(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1e6 * 1e9) / 1e9;
}

function differs(a: number | null, b: number | null): boolean {
  if (b === null) return false; // the reference is silent: nothing to compare
  if (a === null) return true; // the reference knows a figure the catalogue lacks
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale > 0 && Math.abs(a - b) / scale > 0.01;
}

function compare(entry: CatalogueEntry, referenceKey: string, ref: ReferenceEntry): Difference[] {
  const model = `${entry.provider}:${entry.model}`;
  const out: Difference[] = [];
  const check = (field: string, catalogue: number | null, reference: number | null) => {
    if (differs(catalogue, reference)) out.push({ model, referenceKey, field, catalogue, reference });
  };
  const prices = entry.prices;
  for (const [field, refField] of PRICE_FIELDS) {
    check(field, prices?.[field] ?? null, perM(num(ref[refField])));
  }
  const refOutput = perM(num(ref['output_cost_per_token']));
  const refReasoning = perM(num(ref['output_cost_per_reasoning_token'])) ?? refOutput;
  check(
    'reasoningPerM (effective)',
    prices ? (prices.reasoningPerM ?? prices.outputPerM) : null,
    refReasoning,
  );
  check('contextWindow', entry.contextWindow, num(ref['max_input_tokens']));
  check('maxOutputTokens', entry.maxOutputTokens, num(ref['max_output_tokens']));
  return out;
}

function sameValue(a: number | null, b: number | null): boolean {
  return a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));
}

function table(rows: Difference[], acknowledged: (d: Difference) => boolean): string {
  const header = ['model', 'reference key', 'field', 'catalogue', 'reference', 'diff', 'acknowledged'];
  const lines = rows.map((d) => {
    const diff =
      d.catalogue !== null && d.reference !== null && d.reference !== 0
        ? `${(((d.catalogue - d.reference) / d.reference) * 100).toFixed(1)} %`
        : 'missing';
    return [
      d.model,
      d.referenceKey,
      d.field,
      String(d.catalogue),
      String(d.reference),
      diff,
      acknowledged(d) ? 'yes' : 'NO',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  return [format(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(format)].join('\n');
}

describe.skipIf(!hasReference)('the catalogue against the reference prices (../shared/reference)', () => {
  it('lists every difference above 1 %, and each is acknowledged with a reason', () => {
    const reference = JSON.parse(readFileSync(REFERENCE, 'utf8')) as Record<string, ReferenceEntry>;
    const catalogue = builtinCatalogue();
    const differences: Difference[] = [];
    let compared = 0;
    for (const entry of catalogue.models) {
      const prefix = REFERENCE_PREFIX[entry.provider];
      expect(prefix, `no reference naming rule for provider ${entry.provider}`).toBeDefined();
      for (const name of [entry.model, ...entry.aliases]) {
        const key = `${prefix}${name}`;
        const ref = reference[key];
        if (!ref) continue;
        compared++;
        differences.push(...compare(entry, key, ref));
      }
    }

    const acknowledgements = catalogue.acknowledgedDifferences;
    const isAcknowledged = (d: Difference) =>
      acknowledgements.some(
        (a) =>
          a.model === d.model &&
          a.referenceKey === d.referenceKey &&
          a.field === d.field &&
          sameValue(a.catalogue, d.catalogue) &&
          sameValue(a.reference, d.reference),
      );
    console.log(
      `Catalogue (${catalogue.asOf}) against the reference: ${compared} reference entries compared, ` +
        `${differences.length} differences above 1 %.\n${table(differences, isAcknowledged)}`,
    );

    expect(compared).toBeGreaterThan(25);
    const unacknowledged = differences.filter((d) => !isAcknowledged(d));
    expect(
      unacknowledged,
      'differences from the reference that nobody has confirmed (add them to acknowledgedDifferences with a reason, or fix the figure)',
    ).toEqual([]);
    const stale = acknowledgements.filter(
      (a) =>
        !differences.some(
          (d) =>
            a.model === d.model &&
            a.referenceKey === d.referenceKey &&
            a.field === d.field &&
            sameValue(a.catalogue, d.catalogue) &&
            sameValue(a.reference, d.reference),
        ),
    );
    expect(
      stale,
      'acknowledged differences that no longer exist or whose figures changed (review and update them)',
    ).toEqual([]);
  });
});
