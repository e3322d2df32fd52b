/**
 * After the benchmark: the machine and versions, every section's figures in e2e/bench/results/latest.json, and
 * BENCHMARKS.md at the repository root. Runs even when some measurement failed: its section says so.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { REPO_ROOT } from '../support/host';
import { loadSections, runCount } from '../support/results';
import type { BenchResults, Meta, Sections } from './results';
import { commit } from './commit';
import { writeReport } from './write-report';

/** Formatted as the repository's Prettier settings would, so `npm run lint` passes on the written files. */
async function pretty(path: string, text: string, parser: 'json' | 'markdown'): Promise<string> {
  const options = (await resolveConfig(path)) ?? {};
  return format(text, { ...options, parser });
}

export default async function globalTeardown(): Promise<void> {
  const { started, ...sections } = loadSections() as Sections & {
    started?: { at: number; loadAverage: number; commit?: string };
  };
  const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  const meta: Meta = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      memoryBytes: totalmem(),
      os: `${type()} ${release()}`,
      loadAverage: { start: started?.loadAverage ?? Number.NaN, end: loadavg()[0]! },
    },
    versions: {
      node: process.version,
      chromium: sections.environment?.chromium ?? 'unknown',
      modeldesk: packageJson.version,
      commit: started?.commit ?? commit(),
    },
    runs: runCount(),
    durationSeconds: started ? (Date.now() - started.at) / 1000 : Number.NaN,
  };
  const results: BenchResults = { meta, sections };
  const dir = join(REPO_ROOT, 'e2e/bench/results');
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'latest.json');
  writeFileSync(json, await pretty(json, JSON.stringify(results), 'json'));
  const report = join(REPO_ROOT, 'BENCHMARKS.md');
  writeFileSync(report, await pretty(report, writeReport(results), 'markdown'));
  console.log(
    `Wrote BENCHMARKS.md and e2e/bench/results/latest.json (${Object.keys(sections).length} sections).`,
  );
}
