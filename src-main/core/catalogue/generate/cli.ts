/**
 * `npm run catalogue:update -- <genai-prices snapshot: file or URL> [options]`: regenerates
 * src-main/core/catalogue/models.json from a dated snapshot of Pydantic's genai-prices (MIT), the hand-kept
 * overrides.json, the SDKs' own lifecycle tables (installed @anthropic-ai/sdk and openai) and, for the limits
 * and capabilities genai-prices does not carry, dated snapshots of models.dev and LiteLLM (by default the ones in
 * ../shared/reference, read here and never copied into the sources).
 *
 * Options:
 *   --as-of YYYY-MM-DD       the catalogue's date: prices in effect that day (default: today)
 *   --version V | --commit C the snapshot's npm version or repository commit (default: from the file name)
 *   --date YYYY-MM-DD        the snapshot's own date (default: from the file name, or today for a URL)
 *   --models-dev FILE        models.dev api.json export ("none" to skip)
 *   --litellm FILE           LiteLLM model_prices_and_context_window.json ("none" to skip)
 *   --litellm-2025 FILE      LiteLLM's November 2025 file, for models the newer snapshots dropped ("none" to skip)
 *   --out FILE               where to write (default: the built-in catalogue)
 *
 * Exits 1 without writing when a model the overrides name cannot be built (a missing figure, an unknown id).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fetchDataset } from '../dataset/fetch';
import { parseGenaiPrices } from '../dataset/genai-prices';
import type { DatasetInfo } from '../builtin';
import { buildCatalogue, type BuildResult, type LifecycleFact } from './build';
import { litellmFacts, modelsDevFacts, type FactSource } from './facts';
import { OverridesSchema } from './overrides';
import { anthropicDeprecations, openaiShutdowns } from './sdk-tables';
import { describeSnapshotName } from './snapshot-name';

const ROOT = resolve(import.meta.dirname, '../../../..');
const REFERENCE = resolve(ROOT, '../shared/reference');
const DEFAULT_OUT = resolve(ROOT, 'src-main/core/catalogue/models.json');
const OVERRIDES = resolve(ROOT, 'src-main/core/catalogue/overrides.json');
const DEFAULT_MODELS_DEV = resolve(REFERENCE, 'modelsdev-api-export.2026-07-02.json');
const DEFAULT_LITELLM = resolve(REFERENCE, 'litellm-model_prices_and_context_window.2026-07-24.json');
/** LiteLLM's file of November 2025 (its README date): the last that has some retired models' limits. */
const DEFAULT_LITELLM_2025 = resolve(REFERENCE, 'model_prices_and_context_window.json');

const say = (line: string) => process.stdout.write(`${line}\n`);

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function sdkVersion(pkg: string): string {
  return (
    JSON.parse(readFileSync(resolve(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
}

/** The SDKs' lifecycle tables, then the overrides' dates for what the SDKs no longer carry. */
export function lifecycleFacts(
  overridesLifecycle: ReadonlyArray<{
    model: string;
    retiresOn?: string;
    deprecatedOn?: string;
    source: string;
  }>,
): {
  facts: Map<string, LifecycleFact>;
  sources: Array<{ name: string; license: string }>;
} {
  const facts = new Map<string, LifecycleFact>();
  const sources: Array<{ name: string; license: string }> = [];
  const anthropicFile = resolve(
    ROOT,
    'node_modules/@anthropic-ai/sdk/src/internal/data/deprecated-models.ts',
  );
  if (existsSync(anthropicFile)) {
    const name = `@anthropic-ai/sdk ${sdkVersion('@anthropic-ai/sdk')} src/internal/data/deprecated-models.ts`;
    for (const [id, fact] of anthropicDeprecations(readFileSync(anthropicFile, 'utf8'), name)) {
      facts.set(`anthropic:${id}`, fact);
    }
    sources.push({ name, license: 'MIT (Anthropic)' });
  } else {
    say(`! ${anthropicFile} is missing: Anthropic's deprecation table was not read.`);
  }
  const openaiFile = resolve(ROOT, 'node_modules/openai/resources/shared.d.ts');
  if (existsSync(openaiFile)) {
    const name = `openai ${sdkVersion('openai')} resources/shared.d.ts`;
    for (const [id, fact] of openaiShutdowns(readFileSync(openaiFile, 'utf8'), name)) {
      facts.set(`openai:${id}`, fact);
    }
    sources.push({ name, license: 'Apache-2.0 (OpenAI)' });
  } else {
    say(`! ${openaiFile} is missing: OpenAI's shutdown dates were not read.`);
  }
  for (const entry of overridesLifecycle) {
    if (facts.has(entry.model)) continue;
    const fact: LifecycleFact = { source: entry.source };
    if (entry.retiresOn) fact.retiresOn = entry.retiresOn;
    if (entry.deprecatedOn) fact.deprecatedOn = entry.deprecatedOn;
    facts.set(entry.model, fact);
  }
  return { facts, sources };
}

function readFacts(
  kind: 'models.dev' | 'LiteLLM',
  option: string | undefined,
  fallback: string,
  knownDate?: string,
): FactSource | null {
  const file = option ?? (existsSync(fallback) ? fallback : undefined);
  if (!file || file === 'none') {
    say(`! no ${kind} snapshot: its limits and capabilities are not used.`);
    return null;
  }
  const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const date = describeSnapshotName(basename(file)).date ?? knownDate;
  const name = `${kind} ${date ?? basename(file)}`;
  return kind === 'models.dev' ? modelsDevFacts(data, name, date) : litellmFacts(data, name, date);
}

export type GenerateOptions = {
  /** A genai-prices snapshot: a file path or an http(s) URL. */
  snapshot: string;
  asOf?: string;
  version?: string;
  commit?: string;
  date?: string;
  modelsDev?: string;
  litellm?: string;
  litellm2025?: string;
};

/** Builds the catalogue file from a snapshot and the other inputs, as `npm run catalogue:update` does. */
export async function generate(options: GenerateOptions): Promise<BuildResult & { info: DatasetInfo }> {
  const { snapshot } = options;
  const isUrl = /^https?:\/\//i.test(snapshot);
  const text = isUrl ? await fetchDataset(snapshot) : readFileSync(resolve(snapshot), 'utf8');
  const dataset = parseGenaiPrices(text);
  const named = describeSnapshotName(isUrl ? '' : basename(snapshot));
  const info: DatasetInfo = {
    name: 'genai-prices',
    date: options.date ?? named.date ?? today(),
    source: isUrl ? snapshot : basename(snapshot),
    sha256: createHash('sha256').update(text).digest('hex'),
    license: 'MIT (Pydantic, genai-prices)',
  };
  const version = options.version ?? named.version;
  if (version) info.version = version;
  if (options.commit) info.commit = options.commit;

  const overrides = OverridesSchema.parse(JSON.parse(readFileSync(OVERRIDES, 'utf8')));
  const facts = [
    readFacts('models.dev', options.modelsDev, DEFAULT_MODELS_DEV),
    readFacts('LiteLLM', options.litellm, DEFAULT_LITELLM),
    readFacts('LiteLLM', options.litellm2025, DEFAULT_LITELLM_2025, '2025-11'),
  ].filter((f): f is FactSource => f !== null);
  const lifecycle = lifecycleFacts(overrides.lifecycle);
  const result = buildCatalogue({
    dataset,
    datasetInfo: info,
    overrides,
    facts,
    lifecycle: lifecycle.facts,
    factSources: [
      ...facts.map((f) => ({ name: f.name, ...(f.date ? { date: f.date } : {}), license: f.license })),
      ...lifecycle.sources,
      { name: 'catalogue/overrides.json', license: 'MIT (Modeldesk)' },
    ],
    asOf: options.asOf ?? today(),
  });
  return { ...result, info };
}

/** Problems that stop the catalogue from being written (the rest are notes for the person running it). */
export function blockingProblems(problems: string[]): string[] {
  return problems.filter((p) => !/move it from additions to include/.test(p));
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'as-of': { type: 'string' },
      version: { type: 'string' },
      commit: { type: 'string' },
      date: { type: 'string' },
      'models-dev': { type: 'string' },
      litellm: { type: 'string' },
      'litellm-2025': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const snapshot = positionals[0];
  if (!snapshot) {
    say('Usage: npm run catalogue:update -- <genai-prices snapshot file or URL> [--as-of YYYY-MM-DD]');
    say(
      `For example: npm run catalogue:update -- ${resolve(REFERENCE, 'genai-prices-npm-0.1.8-providers.2026-09-23.json')}`,
    );
    return 2;
  }
  const options: GenerateOptions = { snapshot };
  if (values['as-of']) options.asOf = values['as-of'];
  if (values.version) options.version = values.version;
  if (values.commit) options.commit = values.commit;
  if (values.date) options.date = values.date;
  if (values['models-dev']) options.modelsDev = values['models-dev'];
  if (values.litellm) options.litellm = values.litellm;
  if (values['litellm-2025']) options.litellm2025 = values['litellm-2025'];
  const { file, problems, info } = await generate(options);
  for (const problem of problems) say(`✗ ${problem}`);
  const blocking = blockingProblems(problems);
  if (blocking.length > 0) {
    say(`Not written: ${blocking.length} problem(s) above. Fix overrides.json or give the missing snapshot.`);
    return 1;
  }
  const out = resolve(values.out ?? DEFAULT_OUT);
  writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`);
  const priced = file.models.filter((m) => m.prices).length;
  const tiered = file.models.filter((m) => m.prices?.tiers?.length).length;
  say(
    `Wrote ${out}: ${file.models.length} models (${priced} priced, ${tiered} with long-context tiers, ` +
      `${file.models.length - priced} without a price) from ${info.name} ${info.version ?? info.commit ?? ''} ${info.date}, as of ${file.asOf}.`,
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
