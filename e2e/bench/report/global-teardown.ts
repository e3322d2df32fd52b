/**
 * After the benchmark: the machine and versions, every section's figures in e2e/bench/results/latest.json, and
 * BENCHMARKS.md at the repository root. Runs even when some measurement failed: its section says so.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/host';
import { loadSections, runCount } from '../support/results';
import type { BenchResults, Meta, Sections } from './results';
import { writeReport } from './write-report';

function commit(): string {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    return dirty ? `commit ${hash} with uncommitted changes` : `commit ${hash}`;
  } catch {
    return 'not a git checkout';
  }
}

export default function globalTeardown(): void {
  const { started, ...sections } = loadSections() as Sections & { started?: { at: number } };
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
    },
    versions: {
      node: process.version,
      chromium: sections.environment?.chromium ?? 'unknown',
      modeldesk: packageJson.version,
      commit: commit(),
    },
    runs: runCount(),
    durationSeconds: started ? (Date.now() - started.at) / 1000 : Number.NaN,
  };
  const results: BenchResults = { meta, sections };
  const dir = join(REPO_ROOT, 'e2e/bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(results, null, 1)}\n`);
  writeFileSync(join(REPO_ROOT, 'BENCHMARKS.md'), writeReport(results));
  console.log(
    `Wrote BENCHMARKS.md and e2e/bench/results/latest.json (${Object.keys(sections).length} sections).`,
  );
}
