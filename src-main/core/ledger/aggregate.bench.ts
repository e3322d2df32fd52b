/**
 * The dashboard on 100,000 ledger records (a year of use): rollups against the full scan they replace, a
 * conversation's cost review, and appends. Run with `npx vitest bench --run src-main/core/ledger`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { Catalogue } from '../catalogue/catalogue';
import { Database } from '../storage/database';
import { Aggregates, naiveDashboard } from './aggregate';
import { Calendar } from './calendar';
import { Ledger } from './ledger';
import { generateLedger } from './testing/generate';

const RECORDS = 100_000;
const TO = Date.UTC(2025, 10, 20);
const FROM = TO - 365 * 86_400_000;

/** Measurements go to the output beside the benchmark tables. */
function report(line: string): void {
  process.stdout.write(`${line}\n`);
}

let db: Database;
let ledger: Ledger;
let aggregates: Aggregates;
const quarter = {
  from: TO - 90 * 86_400_000 + 3_600_000 * 7.5,
  to: TO - 3_600_000 * 2,
  bucket: 'day' as const,
};
const year = { from: FROM, to: TO, bucket: 'week' as const };
const options = { time: 2000, iterations: 10 };

beforeAll(() => {
  db = new Database(join(mkdtempSync(join(tmpdir(), 'modeldesk-bench-')), 'modeldesk.db'));
  ledger = new Ledger(db, { timeZone: 'Europe/Paris' });
  aggregates = new Aggregates(ledger);
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

  let started = performance.now();
  const entries = generateLedger({
    seed: 11,
    requests: 80_000,
    conversations: 2000,
    from: FROM,
    to: TO,
    models,
  }).slice(0, RECORDS);
  ledger.appendMany(entries);
  report(
    `bench: ${ledger.count()} records appended in one transaction in ${Math.round(performance.now() - started)} ms`,
  );
  for (const [name, query] of [
    ['90-day', quarter],
    ['whole-year', year],
  ] as const) {
    report(
      `bench: a ${name} dashboard reads ${rollupRowsRead(query.from, query.to)} rollup rows and the records of its partial days`,
    );
  }
  started = performance.now();
  for (let i = 0; i < 200; i++) ledger.append({ ...entries[i]!, ts: TO + i, requestId: `bench-${i}` });
  report(`bench: 200 appends, one transaction each, in ${Math.round(performance.now() - started)} ms`);
}, 120_000);

/** Rows the dashboard's rollup queries visit: days of the range for the chart, months and leftover days per dimension. */
function rollupRowsRead(from: number, to: number): number {
  const calendar = ledger.calendar;
  const first = Calendar.nextDay(calendar.dayKey(from));
  const last = Calendar.previousDay(calendar.dayKey(to));
  const count = (table: string, dims: string, a: string, b: string) =>
    db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM ${table} WHERE dim IN (${dims}) AND period >= ? AND period <= ?`,
      a,
      b,
    )?.n ?? 0;
  const perDimension = "'provider', 'model', 'profile'";
  const wholeMonthsFrom = Calendar.nextMonth(first.slice(0, 7));
  const wholeMonthsTo = Calendar.previousMonth(last.slice(0, 7));
  return (
    count('ledger_rollup_day', "'all'", first, last) +
    count('ledger_rollup_month', perDimension, wholeMonthsFrom, wholeMonthsTo) +
    count('ledger_rollup_day', perDimension, first, Calendar.lastDayOfMonth(first.slice(0, 7))) +
    count('ledger_rollup_day', perDimension, `${last.slice(0, 7)}-01`, last)
  );
}

test('dashboard, 90 days of a 100,000-record ledger', { timeout: 120_000 }, async ({ bench }) => {
  const result = await bench.compare(
    bench('rollups', () => void aggregates.dashboard(quarter)),
    bench('full scan', () => void naiveDashboard(ledger, quarter)),
    options,
  );
  expect(result.get('rollups')).toBeFasterThan(result.get('full scan'));
});

test('dashboard, the whole year by week', { timeout: 120_000 }, async ({ bench }) => {
  const result = await bench.compare(
    bench('rollups', () => void aggregates.dashboard(year)),
    bench('full scan', () => void naiveDashboard(ledger, year)),
    options,
  );
  expect(result.get('rollups')).toBeFasterThan(result.get('full scan'));
});

test('cost review of one conversation', { timeout: 60_000 }, async ({ bench }) => {
  await bench('conversationCost', () => void aggregates.conversationCost('conv-17')).run(options);
});
