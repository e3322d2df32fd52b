/**
 * Item 6 of issue 8, in a Node process of its own (like main): the cost dashboard over a 100,000-record ledger
 * from the ledger's rollups (`Aggregates.dashboard`, what the app runs) against the naive scan of the same records
 * (`naiveDashboard`). Prints a LedgerSection as JSON.
 * Usage: node --import src-main/core/ledger/testing/resolve-ts.mjs measure-ledger.ts <runs>
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catalogue } from '../../../src-main/core/catalogue/catalogue';
import { Aggregates, naiveDashboard, type DashboardQuery } from '../../../src-main/core/ledger/aggregate';
import { Ledger } from '../../../src-main/core/ledger/ledger';
import { generateLedger } from '../../../src-main/core/ledger/testing/generate';
import { Database } from '../../../src-main/core/storage/database';
import type { LedgerSection } from '../support/sections';

const RECORDS = 100_000;
const DAY = 86_400_000;
const TO = Date.UTC(2025, 10, 20);
const FROM = TO - 365 * DAY;
const QUERIES: Array<{ name: string; query: DashboardQuery }> = [
  {
    name: 'last 90 days, by day',
    query: { from: TO - 90 * DAY + 3_600_000 * 7.5, to: TO - 7_200_000, bucket: 'day' },
  },
  { name: 'the whole year, by week', query: { from: FROM, to: TO, bucket: 'week' } },
];
/** Timed calls per query and run (after one warm-up call per query); the run's figure is their median. */
const CALLS = 3;

function timeCall(call: () => void): number {
  const started = performance.now();
  call();
  return performance.now() - started;
}

function medianOfCalls(call: () => void): number {
  const times = Array.from({ length: CALLS }, () => timeCall(call)).sort((a, b) => a - b);
  return times[CALLS >> 1]!;
}

const runs = Number(process.argv[2] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'modeldesk-bench-ledger-'));
const db = new Database(join(dir, 'ledger.db'));
try {
  const ledger = new Ledger(db, { timeZone: 'Europe/Paris' });
  const aggregates = new Aggregates(ledger);
  const catalogue = new Catalogue({
    discovered: [{ provider: 'openrouter', models: [{ id: 'mystery/model' }] }],
  });
  const models = [
    'anthropic:claude-sonnet-4-5',
    'anthropic:claude-haiku-4-5',
    'openai:gpt-4.1',
    'openai:gpt-4.1-mini',
    'openai:gpt-5',
    'gemini:gemini-2.5-flash',
    'groq:llama-3.3-70b-versatile',
    'ollama:llama3.1',
    'openrouter:mystery/model',
  ].map((id) => catalogue.get(id));
  const entries = generateLedger({
    seed: 11,
    requests: 80_000,
    conversations: 2000,
    from: FROM,
    to: TO,
    models,
  }).slice(0, RECORDS);
  const appendMs = timeCall(() => void ledger.appendMany(entries));
  if (ledger.count() !== RECORDS)
    throw new Error(`The ledger holds ${ledger.count()} records, not ${RECORDS}.`);

  const section: LedgerSection = {
    records: RECORDS,
    appendMs,
    queries: QUERIES.map(({ name }) => ({ name, rollupsMs: [], naiveMs: [] })),
  };
  for (const { query } of QUERIES) {
    aggregates.dashboard(query);
    naiveDashboard(ledger, query);
  }
  for (let run = 1; run <= runs; run++) {
    QUERIES.forEach(({ query }, i) => {
      const figures = section.queries[i]!;
      figures.rollupsMs.push(medianOfCalls(() => void aggregates.dashboard(query)));
      figures.naiveMs.push(medianOfCalls(() => void naiveDashboard(ledger, query)));
    });
  }
  process.stdout.write(`${JSON.stringify(section)}\n`);
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
