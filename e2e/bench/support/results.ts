/**
 * Where each benchmark file leaves its figures: one JSON file per section under test-results/bench/parts, read by
 * the global teardown to write BENCHMARKS.md and e2e/bench/results/latest.json.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './host';

export const PARTS_DIR = join(REPO_ROOT, 'test-results/bench/parts');

export function clearSections(): void {
  rmSync(PARTS_DIR, { recursive: true, force: true });
  mkdirSync(PARTS_DIR, { recursive: true });
}

export function saveSection(name: string, data: unknown): void {
  mkdirSync(PARTS_DIR, { recursive: true });
  writeFileSync(join(PARTS_DIR, `${name}.json`), `${JSON.stringify(data, null, 2)}\n`);
}

export function loadSections(): Record<string, unknown> {
  const sections: Record<string, unknown> = {};
  if (!existsSync(PARTS_DIR)) return sections;
  const files = readdirSync(PARTS_DIR).filter((f) => f.endsWith('.json'));
  for (const file of files) {
    sections[file.replace(/\.json$/, '')] = JSON.parse(
      readFileSync(join(PARTS_DIR, file), 'utf8'),
    ) as unknown;
  }
  return sections;
}

/** How many times each measurement is repeated (BENCH_RUNS, default 3). */
export function runCount(): number {
  const fromEnv = Number(process.env.BENCH_RUNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 3;
}

/** A comma-separated list of numbers from the environment (`BENCH_RATES=100,2000`), for targeted runs. */
export function listFromEnv(name: string): number[] | null {
  const value = process.env[name];
  if (!value) return null;
  const numbers = value.split(',').map(Number);
  return numbers.every((n) => Number.isFinite(n) && n > 0) ? numbers : null;
}
