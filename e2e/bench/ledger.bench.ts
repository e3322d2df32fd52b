/**
 * Item 6 of issue 8: the cost dashboard over a 100,000-record ledger against the naive scan, measured in a Node
 * process of its own (ledger/measure-ledger.ts) so the benchmark's own work does not share its heap or event loop.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { REPO_ROOT } from './support/host';
import { runCount, saveSection } from './support/results';
import type { LedgerSection } from './support/sections';
import { median } from './support/stats';

test('cost dashboard over a 100,000-record ledger, against a naive scan', () => {
  const dir = join(import.meta.dirname, 'ledger');
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      join(REPO_ROOT, 'src-main/core/ledger/testing/resolve-ts.mjs'),
      join(dir, 'measure-ledger.ts'),
      String(runCount()),
    ],
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: 180_000 },
  );
  if (child.status !== 0)
    throw new Error(`The ledger measurement failed:\n${child.stderr || child.error?.message}`);
  const section = JSON.parse(child.stdout) as LedgerSection;
  for (const q of section.queries) {
    console.log(
      `${q.name}: rollups ${median(q.rollupsMs).toFixed(1)} ms, naive ${median(q.naiveMs).toFixed(1)} ms`,
    );
  }
  saveSection('ledger', section);
});
