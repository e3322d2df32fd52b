/**
 * Issue 6: the dashboard's totals equal the sum of the conversation totals and of the ledger rows, to the
 * micro-dollar, and an unknown cost stays unknown (counted, never summed as 0).
 *
 * aggregate.test.ts checks this for one generated ledger and the rollups against a full scan. This file extends
 * it: several seeds and time zones; the expected figures computed afresh from each record's usage and price
 * snapshot (not from the costs the ledger stored); every field of every breakdown; each message; ranges split at
 * arbitrary instants; the exports a user takes away; records appended one at a time as the app does and read
 * back after a restart; and ledgers where prices are missing altogether or for one token type.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '@contract/bridge';
import type { AggregateRow, Bucket, LedgerRecord } from '@contract/ledger';
import type { ModelInfo } from '@contract/models';
import { computeCost, formatCostTotal } from '@contract/money';
import { Catalogue } from '../catalogue/catalogue';
import { Database } from '../storage/database';
import { Aggregates } from './aggregate';
import { exportLedger } from './export';
import { Ledger, type LedgerEntry } from './ledger';
import { generateLedger } from './testing/generate';

const DAY = 86_400_000;
const dirs: string[] = [];
const open: Database[] = [];

afterAll(() => {
  for (const db of open) db.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function newDatabase(): { db: Database; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'modeldesk-consistency-'));
  dirs.push(dir);
  const path = join(dir, 'modeldesk.db');
  const db = new Database(path);
  open.push(db);
  return { db, path };
}

const catalogue = new Catalogue({
  discovered: [{ provider: 'openrouter', models: [{ id: 'mystery/unpriced' }] }],
});
const MODELS: ModelInfo[] = [
  'anthropic:claude-sonnet-4-5',
  'anthropic:claude-haiku-4-5',
  'openai:gpt-4.1',
  'openai:gpt-5-nano',
  'gemini:gemini-2.5-flash',
  'ollama:llama3.1',
  'openrouter:mystery/unpriced',
].map((ref) => catalogue.get(ref));

/** What a record must cost, from its usage and price snapshot alone: a cached answer costs nothing. */
function expectedCost(record: LedgerRecord): number | null {
  return record.outcome === 'cached' ? 0 : computeCost(record.usage, record.prices).costMicros;
}

const FIELDS = [
  'requests',
  'errors',
  'costMicros',
  'unknownCostCalls',
  'savedMicros',
  'inputUncached',
  'inputCacheRead',
  'inputCacheWrite',
  'outputText',
  'outputReasoning',
] as const;
type Figures = Record<(typeof FIELDS)[number], number>;

/** The figures of a set of records, from their usage and prices alone; money summed exactly (BigInt). */
function expectedTotals(records: readonly LedgerRecord[]): Figures {
  let cost = 0n;
  const total = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Figures;
  for (const r of records) {
    total.requests += 1;
    if (r.outcome === 'error' || r.outcome === 'interrupted') total.errors += 1;
    const micros = expectedCost(r);
    if (micros === null) total.unknownCostCalls += 1;
    else cost += BigInt(micros);
    total.savedMicros += r.savedMicros ?? 0;
    total.inputUncached += r.usage.input.uncached;
    total.inputCacheRead += r.usage.input.cacheRead;
    total.inputCacheWrite += r.usage.input.cacheWrite + (r.usage.input.cacheWrite1h ?? 0);
    total.outputText += r.usage.output.text;
    total.outputReasoning += r.usage.output.reasoning;
  }
  total.costMicros = Number(cost);
  return total;
}

function sumRows(rows: readonly AggregateRow[]): Figures {
  const total = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Figures;
  for (const row of rows) for (const field of FIELDS) total[field] += row[field];
  return total;
}

function figures(row: AggregateRow): Figures {
  return Object.fromEntries(FIELDS.map((f) => [f, row[f]])) as Figures;
}

type Scenario = { seed: number; requests: number; conversations: number; timeZone: string };

const SCENARIOS: Scenario[] = [
  { seed: 1, requests: 400, conversations: 3, timeZone: 'UTC' },
  { seed: 19, requests: 900, conversations: 25, timeZone: 'America/New_York' },
  { seed: 2024, requests: 1500, conversations: 60, timeZone: 'Asia/Kolkata' },
  { seed: 77, requests: 700, conversations: 8, timeZone: 'Pacific/Chatham' },
];

// Across the end of daylight saving time in New York and Chatham's own change, and a month boundary.
const FROM = Date.UTC(2025, 8, 14, 3, 17);
const TO = Date.UTC(2025, 10, 26, 21, 44);

function generate(scenario: Scenario): LedgerEntry[] {
  return generateLedger({ ...scenario, from: FROM, to: TO, models: MODELS });
}

describe.each(SCENARIOS)('a generated ledger (seed $seed, $requests requests, $timeZone)', (scenario) => {
  const { db } = newDatabase();
  const ledger = new Ledger(db, { timeZone: scenario.timeZone });
  const aggregates = new Aggregates(ledger);
  const records = ledger.appendMany(generate(scenario));
  const everything = { from: FROM - DAY, to: TO + DAY };

  it('has every path the totals must survive', () => {
    const outcomes = new Set(records.map((r) => r.outcome));
    expect([...outcomes].sort()).toEqual(['aborted', 'cached', 'error', 'interrupted', 'ok']);
    expect(records.some((r) => r.role === 'retry')).toBe(true);
    expect(records.some((r) => r.role === 'fallback')).toBe(true);
    expect(records.some((r) => r.costMicros === null)).toBe(true);
    expect(records.some((r) => r.outcome === 'aborted' && r.usage.source === 'partial')).toBe(true);
  });

  it('prices each record as its usage and price snapshot give, with unknown left null', () => {
    for (const record of records) expect(record.costMicros).toBe(expectedCost(record));
  });

  it.each<Bucket>(['day', 'week', 'month'])(
    'totals every field of the dashboard by %s, and of each of its breakdowns, as the records give',
    (bucket) => {
      const dashboard = aggregates.dashboard({ ...everything, bucket });
      const expected = expectedTotals(records);
      expect(expected.unknownCostCalls).toBeGreaterThan(0);
      expect(figures(dashboard.totals)).toEqual(expected);
      for (const breakdown of ['overTime', 'byProvider', 'byModel', 'byProfile'] as const) {
        expect(sumRows(dashboard[breakdown]), breakdown).toEqual(expected);
      }
      for (const row of dashboard.byModel) {
        const own = records.filter((r) => `${r.provider}:${r.model}` === row.key);
        expect(figures(row), row.key).toEqual(expectedTotals(own));
      }
    },
  );

  it('equals the sum of the conversation totals and the calls outside conversations', () => {
    const dashboard = aggregates.dashboard({ ...everything, bucket: 'month' });
    const ids = [...new Set(records.flatMap((r) => (r.conversationId ? [r.conversationId] : [])))];
    const reviews = ids.map((id) => aggregates.conversationCost(id, { top: Number.MAX_SAFE_INTEGER }));
    const outside = expectedTotals(records.filter((r) => r.conversationId === undefined));
    let known = BigInt(outside.costMicros);
    let unknown = outside.unknownCostCalls;
    for (const review of reviews) {
      known += BigInt(review.totalMicros);
      unknown += review.unknownCostCalls;
      expect(review.totals.costMicros).toBe(review.totalMicros);
      expect(figures(review.totals)).toEqual(
        expectedTotals(records.filter((r) => r.conversationId === review.conversationId)),
      );
    }
    expect(Number(known)).toBe(dashboard.totals.costMicros);
    expect(unknown).toBe(dashboard.totals.unknownCostCalls);
    // Each conversation's reviews of its messages add up to it: no call is lost or counted twice.
    for (const review of reviews) {
      const messages = review.topMessages.reduce((t, m) => t + m.costMicros, 0);
      expect(messages).toBe(review.totalMicros);
    }
  });

  it("gives each message the cost of its own calls, retries and fallbacks included, as the message's records give", () => {
    const byMessage = new Map<string, LedgerRecord[]>();
    for (const r of records)
      if (r.messageId) byMessage.set(r.messageId, [...(byMessage.get(r.messageId) ?? []), r]);
    const sample = [...byMessage.keys()].filter((_, i) => i % 7 === 0);
    for (const messageId of sample) {
      const own = ledger.byMessage(messageId);
      const cost = (r: LedgerRecord) => [r.id, r.role, r.outcome, r.costMicros];
      expect(own.map(cost)).toEqual(byMessage.get(messageId)!.map(cost));
      const review = aggregates.conversationCost(own[0]!.conversationId!, { top: Number.MAX_SAFE_INTEGER });
      const listed = review.topMessages.find((m) => m.messageId === messageId);
      const expected = expectedTotals(own).costMicros;
      expect(listed?.costMicros ?? 0).toBe(expected);
    }
  });

  it('adds up across a range split at arbitrary instants, partial days at every cut', () => {
    const whole = aggregates.dashboard({ from: FROM, to: TO, bucket: 'day' });
    const cuts = [FROM];
    let at = FROM;
    let step = scenario.seed;
    while (at < TO) {
      step = (step * 48_271) % 2_147_483_647;
      at = Math.min(TO, at + (step % (9 * DAY)) + 1);
      cuts.push(at);
    }
    const parts: Dashboard[] = [];
    for (let i = 1; i < cuts.length; i++) {
      parts.push(aggregates.dashboard({ from: cuts[i - 1]!, to: cuts[i]!, bucket: 'week' }));
    }
    expect(sumRows(parts.map((p) => p.totals))).toEqual(figures(whole.totals));
    expect(figures(whole.totals)).toEqual(expectedTotals(ledger.inRange(FROM, TO)));
  });

  it('exports rows that add up to the dashboard, unknown written as unknown', () => {
    const dashboard = aggregates.dashboard({ ...everything, bucket: 'day' });
    const csv = exportLedger(ledger, { ...everything, format: 'csv' });
    const rows = Papa.parse<Record<string, string>>(csv.content.trim(), { header: true }).data;
    expect(rows).toHaveLength(records.length);
    let micros = 0n;
    let dollarsInMicros = 0n;
    let unknown = 0;
    for (const row of rows) {
      if (row.cost_micros === 'unknown') {
        expect(row.cost_usd).toBe('unknown');
        unknown += 1;
        continue;
      }
      micros += BigInt(row.cost_micros!);
      dollarsInMicros += BigInt(row.cost_usd!.replace('.', ''));
    }
    expect(Number(micros)).toBe(dashboard.totals.costMicros);
    expect(dollarsInMicros).toBe(micros);
    expect(unknown).toBe(dashboard.totals.unknownCostCalls);

    const json = JSON.parse(exportLedger(ledger, { ...everything, format: 'json' }).content) as {
      records: LedgerRecord[];
    };
    expect(json.records.filter((r) => r.costMicros === null)).toHaveLength(dashboard.totals.unknownCostCalls);
    expect(json.records.reduce((t, r) => t + (r.costMicros ?? 0), 0)).toBe(dashboard.totals.costMicros);
  });
});

describe('records appended one at a time, as the app does', () => {
  it('give the same dashboard as a bulk import, and the same after a restart', () => {
    const scenario = SCENARIOS[1]!;
    const entries = generate(scenario);
    const bulk = newDatabase();
    const bulkLedger = new Ledger(bulk.db, { timeZone: scenario.timeZone });
    bulkLedger.appendMany(entries);

    const live = newDatabase();
    const liveLedger = new Ledger(live.db, { timeZone: scenario.timeZone });
    for (const entry of entries) liveLedger.append(entry);
    const queries = (['day', 'week', 'month'] as const).map((bucket) => ({ from: FROM, to: TO, bucket }));
    const expected = queries.map((q) => new Aggregates(bulkLedger).dashboard(q));
    expect(queries.map((q) => new Aggregates(liveLedger).dashboard(q))).toEqual(expected);

    live.db.close();
    open.splice(open.indexOf(live.db), 1);
    const reopened = new Database(live.path);
    open.push(reopened);
    const restarted = new Aggregates(new Ledger(reopened, { timeZone: scenario.timeZone }));
    expect(queries.map((q) => restarted.dashboard(q))).toEqual(expected);
  });
});

describe('unknown prices', () => {
  const usage = (cacheRead: number): LedgerEntry['usage'] => ({
    input: { uncached: 1_000, cacheRead, cacheWrite: 0 },
    output: { text: 500, reasoning: 0 },
    source: 'reported',
  });
  const entry = (n: number, fields: Partial<LedgerEntry>): LedgerEntry => ({
    ts: Date.UTC(2025, 10, 10, 12, n),
    requestId: `req-${n}`,
    attempt: 1,
    role: 'primary',
    conversationId: 'conv-unpriced',
    messageId: `msg-${n}`,
    provider: 'openrouter',
    model: 'mystery/unpriced',
    outcome: 'ok',
    usage: usage(0),
    prices: null,
    ...fields,
  });
  const range = { from: Date.UTC(2025, 10, 1), to: Date.UTC(2025, 11, 1), bucket: 'day' as const };

  it('stay unknown through every total when no price is known: counted, never summed as $0', () => {
    const { db } = newDatabase();
    const ledger = new Ledger(db, { timeZone: 'UTC' });
    const aggregates = new Aggregates(ledger);
    ledger.appendMany([1, 2, 3].map((n) => entry(n, {})));

    const dashboard = aggregates.dashboard(range);
    expect(dashboard.totals).toMatchObject({ costMicros: 0, unknownCostCalls: 3, requests: 3 });
    expect(formatCostTotal(dashboard.totals)).toBe('unknown (3 calls of unknown cost)');
    expect(dashboard.overTime).toEqual([expect.objectContaining({ costMicros: 0, unknownCostCalls: 3 })]);
    const review = aggregates.conversationCost('conv-unpriced');
    expect(review).toMatchObject({ totalMicros: 0, unknownCostCalls: 3 });
    // A message whose cost is unknown is not listed as costing $0.
    expect(review.topMessages).toEqual([]);
    expect(aggregates.monthSpend(range.from)).toEqual({ costMicros: 0, unknownCostCalls: 3 });
    const csv = Papa.parse<Record<string, string>>(exportLedger(ledger, { format: 'csv' }).content.trim(), {
      header: true,
    }).data;
    expect(csv.map((r) => [r.cost_micros, r.cost_usd])).toEqual(Array(3).fill(['unknown', 'unknown']));
  });

  it('make only the calls that used an unpriced token type unknown, and the total a lower bound', () => {
    const { db } = newDatabase();
    const ledger = new Ledger(db, { timeZone: 'UTC' });
    const aggregates = new Aggregates(ledger);
    // No cache-read price: a call that read from the cache cannot be priced; the others can.
    const prices = { inputPerM: 3, outputPerM: 15 };
    ledger.appendMany([
      entry(1, { prices, provider: 'openai', model: 'partly-priced' }),
      entry(2, { prices, provider: 'openai', model: 'partly-priced', usage: usage(2_000) }),
      entry(3, { prices, provider: 'openai', model: 'partly-priced' }),
    ]);
    const known = computeCost(usage(0), prices).costMicros!;
    expect(known).toBe(10_500);
    const dashboard = aggregates.dashboard(range);
    expect(dashboard.totals).toMatchObject({ costMicros: 2 * known, unknownCostCalls: 1 });
    expect(formatCostTotal(dashboard.totals)).toBe('at least $0.021 (1 call of unknown cost)');
    expect(aggregates.conversationCost('conv-unpriced')).toMatchObject({
      totalMicros: 2 * known,
      unknownCostCalls: 1,
    });
  });
});
