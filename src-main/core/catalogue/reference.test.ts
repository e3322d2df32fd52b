/**
 * Compares every figure of the shipped catalogue (prices, long-context tiers, batch prices, context window,
 * maximum output) with every dated snapshot in ../shared/reference (read there, never copied): genai-prices 0.1.8
 * (the catalogue's own source: any difference is the generator's or the overrides'), genai-prices of 2026-08-21,
 * LiteLLM of 2026-07-24 and of November 2025, and models.dev of 2026-07-02. Each difference above 1 % is listed
 * with its reason:
 * - a price change the catalogue's dataset records with its date, after the snapshot was taken (checked: the
 *   snapshot's figure is the price in effect before the change, or half of it for a batch price);
 * - superseded: snapshots newer than the one that differs, other than the figure's own source, agree with the
 *   catalogue (checked figure by figure);
 * - a window the dataset rounds down (1,000,000 for 1,048,576): smaller than the snapshot's by under 5 %, so the
 *   catalogue never promises room the model lacks (checked);
 * - otherwise an acknowledgement in reference-differences.json, written by a person, with the reason the
 *   catalogue's figure stands. An acknowledgement that matches no difference any more fails the test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Prices } from '@contract/models';
import { builtinCatalogue, type CatalogueEntry } from './builtin';
import {
  DATASET_PROVIDER,
  modelsOf,
  parseGenaiPrices,
  pricesOn,
  type GenaiPrices,
} from './dataset/genai-prices';
import acknowledged from './reference-differences.json';

const REFERENCE = resolve(import.meta.dirname, '../../../../shared/reference');
const FILES = {
  genaiNpm: 'genai-prices-npm-0.1.8-providers.2026-09-23.json',
  genaiRepo: 'genai-prices-data-v2.2026-08-21.json',
  litellm: 'litellm-model_prices_and_context_window.2026-07-24.json',
  litellm2025: 'model_prices_and_context_window.json',
  modelsDev: 'modelsdev-api-export.2026-07-02.json',
};
const hasReference = Object.values(FILES).every((f) => existsSync(resolve(REFERENCE, f)));
if (!hasReference) {
  console.warn(`Skipping the catalogue/reference comparison: the snapshots in ${REFERENCE} are absent.`);
}

type Figures = Record<string, number | null>;
type Difference = {
  model: string;
  snapshot: string;
  key: string;
  field: string;
  catalogue: number | null;
  reference: number | null;
  reason?: string;
};

const PRICE_FIELDS = [
  'inputPerM',
  'outputPerM',
  'cacheReadPerM',
  'cacheWritePerM',
  'cacheWrite1hPerM',
  'batchInputPerM',
  'batchOutputPerM',
] as const;

/** A catalogue entry's figures, flattened: `inputPerM`, `tier.inputPerM`, `tier.threshold`, `contextWindow`... */
function catalogueFigures(entry: CatalogueEntry): Figures {
  const out: Figures = {
    contextWindow: entry.contextWindow,
    inputLimit: entry.maxInputTokens ?? entry.contextWindow,
    maxOutputTokens: entry.maxOutputTokens,
  };
  for (const field of PRICE_FIELDS) out[field] = entry.prices?.[field] ?? null;
  const tier = entry.prices?.tiers?.[0];
  out['tier.threshold'] = tier?.aboveInputTokens ?? null;
  for (const field of PRICE_FIELDS) out[`tier.${field}`] = tier?.[field] ?? null;
  return out;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Per token → per million, without float noise. */
function perM(value: unknown): number | null {
  const n = num(value);
  return n === null ? null : Math.round(n * 1e6 * 1e9) / 1e9;
}

function pricesFigures(prices: Prices | null | undefined): Figures {
  const out: Figures = {};
  if (!prices) return out;
  for (const field of PRICE_FIELDS) out[field] = prices[field] ?? null;
  const tier = prices.tiers?.[0];
  if (tier) {
    out['tier.threshold'] = tier.aboveInputTokens;
    for (const field of PRICE_FIELDS) out[`tier.${field}`] = tier[field] ?? null;
  }
  return out;
}

type Snapshot = {
  name: string;
  date: string;
  /** The reference's key and figures for a catalogue entry, or undefined when it does not have the model. */
  lookup(entry: CatalogueEntry): { key: string; figures: Figures } | undefined;
};

function idsOf(entry: CatalogueEntry): string[] {
  return [...new Set([entry.model, ...entry.aliases, ...(entry.datasetId ? [entry.datasetId] : [])])];
}

function genaiSnapshot(name: string, date: string, dataset: GenaiPrices): Snapshot {
  return {
    name,
    date,
    lookup(entry) {
      if (DATASET_PROVIDER[entry.provider] === undefined) return undefined;
      const models = modelsOf(dataset, entry.provider);
      const id = idsOf(entry).find((i) => models.has(i));
      const model = id === undefined ? undefined : models.get(id);
      if (!model || id === undefined) return undefined;
      const figures = pricesFigures(pricesOn(model, date).prices);
      if (model.context_window) figures.contextWindow = model.context_window;
      return { key: id, figures };
    },
  };
}

const LITELLM_PREFIX: Record<string, string> = {
  anthropic: '',
  openai: '',
  gemini: 'gemini/',
  groq: 'groq/',
  openrouter: 'openrouter/',
  ollama: 'ollama/',
};

function litellmSnapshot(
  name: string,
  date: string,
  data: Record<string, Record<string, unknown>>,
): Snapshot {
  return {
    name,
    date,
    lookup(entry) {
      const prefix = LITELLM_PREFIX[entry.provider] ?? '';
      const key = idsOf(entry)
        .map((id) => `${prefix}${id}`)
        .find((k) => data[k]?.mode === 'chat');
      const ref = key === undefined ? undefined : data[key];
      if (!ref || key === undefined) return undefined;
      const figures: Figures = {
        inputPerM: perM(ref.input_cost_per_token),
        outputPerM: perM(ref.output_cost_per_token),
        cacheReadPerM: perM(ref.cache_read_input_token_cost),
        cacheWritePerM: perM(ref.cache_creation_input_token_cost),
        cacheWrite1hPerM: perM(ref.cache_creation_input_token_cost_above_1hr),
        batchInputPerM: perM(ref.input_cost_per_token_batches),
        batchOutputPerM: perM(ref.output_cost_per_token_batches),
        // LiteLLM's `max_input_tokens` is the input limit (272k for GPT-5), not the whole window.
        inputLimit: num(ref.max_input_tokens),
        maxOutputTokens: num(ref.max_output_tokens),
      };
      const tierKey = Object.keys(ref).find((k) => /^input_cost_per_token_above_\d+k_tokens$/.test(k));
      const size = tierKey ? /above_(\d+)k/.exec(tierKey)?.[1] : undefined;
      if (size) {
        figures['tier.threshold'] = Number(size) * 1000;
        figures['tier.inputPerM'] = perM(ref[`input_cost_per_token_above_${size}k_tokens`]);
        figures['tier.outputPerM'] = perM(ref[`output_cost_per_token_above_${size}k_tokens`]);
        figures['tier.cacheReadPerM'] = perM(ref[`cache_read_input_token_cost_above_${size}k_tokens`]);
        figures['tier.cacheWritePerM'] = perM(ref[`cache_creation_input_token_cost_above_${size}k_tokens`]);
      }
      return { key, figures };
    },
  };
}

const MODELS_DEV_PROVIDER: Record<string, string> = {
  anthropic: 'anthropic',
  openai: 'openai',
  gemini: 'google',
  groq: 'groq',
  openrouter: 'openrouter',
};

type ModelsDevModel = {
  cost?: Record<string, unknown> & { tiers?: Array<{ tier?: { size?: number } } & Record<string, unknown>> };
  limit?: { context?: number; input?: number; output?: number };
};

function modelsDevSnapshot(
  name: string,
  date: string,
  data: Record<string, { models: Record<string, ModelsDevModel> }>,
): Snapshot {
  return {
    name,
    date,
    lookup(entry) {
      const models = data[MODELS_DEV_PROVIDER[entry.provider] ?? '']?.models;
      if (!models) return undefined;
      const key = idsOf(entry).find((id) => models[id] !== undefined);
      const ref = key === undefined ? undefined : models[key];
      if (!ref || key === undefined) return undefined;
      const cost = ref.cost ?? {};
      const figures: Figures = {
        inputPerM: num(cost.input),
        outputPerM: num(cost.output),
        cacheReadPerM: num(cost.cache_read),
        cacheWritePerM: num(cost.cache_write),
        contextWindow: num(ref.limit?.context),
        inputLimit: num(ref.limit?.input),
        maxOutputTokens: num(ref.limit?.output),
      };
      const tier = cost.tiers?.[0];
      if (tier) {
        figures['tier.threshold'] = num(tier.tier?.size);
        figures['tier.inputPerM'] = num(tier.input);
        figures['tier.outputPerM'] = num(tier.output);
        figures['tier.cacheReadPerM'] = num(tier.cache_read);
      }
      return { key, figures };
    },
  };
}

function differs(a: number | null, b: number | null): boolean {
  if (b === null) return false; // the reference is silent: nothing to compare
  if (a === null) return true; // the reference knows a figure the catalogue lacks
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale > 0 && Math.abs(a - b) / scale > 0.01;
}

function sameValue(a: number | null, b: number | null): boolean {
  return a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));
}

type Acknowledgement = (typeof acknowledged.differences)[number];

function matches(a: Acknowledgement, d: Difference): boolean {
  return (
    a.model === d.model &&
    a.snapshot === d.snapshot &&
    a.field === d.field &&
    sameValue(a.catalogue, d.catalogue) &&
    sameValue(a.reference, d.reference)
  );
}

function table(rows: Difference[]): string {
  const header = ['model', 'snapshot', 'key', 'field', 'catalogue', 'reference', 'reason'];
  const lines = rows.map((d) => [
    d.model,
    d.snapshot,
    d.key,
    d.field,
    String(d.catalogue),
    String(d.reference),
    d.reason ?? 'NONE',
  ]);
  const widths = header.map((h, i) =>
    Math.min(60, Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0))),
  );
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  return [format(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(format)].join('\n');
}

describe.skipIf(!hasReference)('the catalogue against the dated snapshots (../shared/reference)', () => {
  it('lists every difference above 1 %, each with its reason; no acknowledgement is stale', () => {
    const read = (file: string) => readFileSync(resolve(REFERENCE, file), 'utf8');
    const primary = parseGenaiPrices(read(FILES.genaiNpm));
    const snapshots: Snapshot[] = [
      genaiSnapshot('genai-prices 0.1.8', '2026-09-23', primary),
      genaiSnapshot('genai-prices 2026-08-21', '2026-08-21', parseGenaiPrices(read(FILES.genaiRepo))),
      litellmSnapshot('LiteLLM 2026-07-24', '2026-07-24', JSON.parse(read(FILES.litellm))),
      modelsDevSnapshot('models.dev 2026-07-02', '2026-07-02', JSON.parse(read(FILES.modelsDev))),
      litellmSnapshot('LiteLLM 2025-11', '2025-11-20', JSON.parse(read(FILES.litellm2025))),
    ];
    const catalogue = builtinCatalogue();
    const differences: Difference[] = [];
    let compared = 0;
    for (const entry of catalogue.models) {
      const mine = catalogueFigures(entry);
      for (const snapshot of snapshots) {
        const found = snapshot.lookup(entry);
        if (!found) continue;
        compared++;
        for (const [field, reference] of Object.entries(found.figures)) {
          const value = mine[field] ?? null;
          if (!differs(value, reference)) continue;
          differences.push({
            model: `${entry.provider}:${entry.model}`,
            snapshot: snapshot.name,
            key: found.key,
            field,
            catalogue: value,
            reference,
            ...datedChangeReason(entry, snapshot, field, reference),
          });
        }
      }
    }
    const figuresOf = new Map<string, Map<string, { date: string; figures: Figures }>>();
    for (const entry of catalogue.models) {
      const bySnapshot = new Map<string, { date: string; figures: Figures }>();
      for (const snapshot of snapshots) {
        const found = snapshot.lookup(entry);
        if (found) bySnapshot.set(snapshot.name, { date: snapshot.date, figures: found.figures });
      }
      figuresOf.set(`${entry.provider}:${entry.model}`, bySnapshot);
    }
    for (const d of differences) {
      d.reason ??= supersededReason(d) ?? roundedWindowReason(d);
      if (d.reason) continue;
      const ack = acknowledged.differences.find((a) => matches(a, d));
      if (ack) d.reason = ack.reason;
    }
    console.log(
      `Catalogue (${catalogue.asOf}, ${catalogue.dataset.name} ${catalogue.dataset.version}) against ${snapshots.length} snapshots: ` +
        `${compared} model entries compared, ${differences.length} differences above 1 %.\n${table(differences)}`,
    );

    expect(compared).toBeGreaterThan(100);
    expect(
      differences.filter((d) => !d.reason),
      'differences nobody has explained (add them to reference-differences.json with a reason, or fix the figure)',
    ).toEqual([]);
    const stale = acknowledged.differences.filter((a) => !differences.some((d) => matches(a, d)));
    expect(stale, 'acknowledgements that match no difference any more (remove or update them)').toEqual([]);

    /** Newer snapshots than the one that differs, other than the catalogue's dataset, agree with the catalogue. */
    function supersededReason(d: Difference): string | undefined {
      const all = figuresOf.get(d.model);
      const date = all?.get(d.snapshot)?.date ?? '';
      const agreeing = [...(all ?? [])].filter(
        ([name, found]) =>
          found.date > date &&
          name !== 'genai-prices 0.1.8' &&
          found.figures[d.field] !== undefined &&
          found.figures[d.field] !== null &&
          !differs(d.catalogue, found.figures[d.field] ?? null),
      );
      const disagreeing = [...(all ?? [])].filter(
        ([, found]) => found.date > date && differs(d.catalogue, found.figures[d.field] ?? null),
      );
      if (agreeing.length === 0 || disagreeing.length > 0) return undefined;
      return `superseded: the newer ${agreeing.map(([name]) => name).join(' and ')} agree${agreeing.length === 1 ? 's' : ''} with the catalogue`;
    }

    /** The dataset's window is the snapshot's rounded down, by less than 5 %. */
    function roundedWindowReason(d: Difference): string | undefined {
      if (d.field !== 'contextWindow' && d.field !== 'inputLimit') return undefined;
      if (d.catalogue === null || d.reference === null) return undefined;
      if (d.catalogue >= d.reference || d.catalogue < d.reference * 0.95 || d.catalogue % 1000 !== 0)
        return undefined;
      return `the dataset gives this window rounded down (${d.catalogue.toLocaleString('en-US')} for ${d.reference.toLocaleString('en-US')}): the catalogue keeps the smaller, which never promises room the model lacks`;
    }

    function datedChangeReason(
      entry: CatalogueEntry,
      snapshot: Snapshot,
      field: string,
      reference: number | null,
    ): { reason?: string } {
      if (!entry.datasetId || DATASET_PROVIDER[entry.provider] === undefined) return {};
      const model = modelsOf(primary, entry.provider).get(entry.datasetId);
      if (!model || !Array.isArray(model.prices)) return {};
      const changes = model.prices
        .map((p) =>
          p.constraint && 'start_date' in p.constraint ? p.constraint.start_date.slice(0, 10) : null,
        )
        .filter((day): day is string => day !== null && day >= snapshot.date && day <= catalogue.asOf)
        .sort();
      for (const change of changes) {
        const before = new Date(Date.parse(`${change}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        const figures = pricesFigures(pricesOn(model, before).prices);
        const batch = /batch(Input|Output)PerM$/.exec(field);
        const base = batch
          ? field.replace(/batch(Input|Output)PerM$/, `${batch[1]!.toLowerCase()}PerM`)
          : field;
        const then = figures[base] ?? null;
        const expected = then === null ? null : batch ? then * 0.5 : then;
        if (expected !== null && sameValue(expected, reference)) {
          return {
            reason:
              `the price changed on ${change} (recorded with its date in ${catalogue.dataset.name} ` +
              `${catalogue.dataset.version}); the snapshot of ${snapshot.date} has the price before it` +
              (batch ? ' (its batch price is half of that price)' : ''),
          };
        }
      }
      return {};
    }
  });
});
