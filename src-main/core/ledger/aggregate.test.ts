import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationCostSchema, DashboardSchema } from '@contract/bridge';
import type { AggregateRow, Bucket, GroupBy, LedgerRecord } from '@contract/ledger';
import type { ModelInfo } from '@contract/models';
import { computeCost, formatCostTotal } from '@contract/money';
import { Catalogue } from '../catalogue/catalogue';
import { Database } from '../storage/database';
import { aggregateRecords, Aggregates, naiveDashboard } from './aggregate';
import { Calendar } from './calendar';
import { Ledger } from './ledger';
import { generateLedger } from './testing/generate';

// New York: the range crosses the end of daylight saving time (2 November 2025), so days are 23, 24 and 25 hours.
const TIME_ZONE = 'America/New_York';
const FROM = Date.UTC(2025, 8, 20);
const TO = Date.UTC(2025, 11, 10);

let dir: string;
let db: Database;
let ledger: Ledger;
let aggregates: Aggregates;
let records: LedgerRecord[];
let models: ModelInfo[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'modeldesk-aggregate-'));
  db = new Database(join(dir, 'modeldesk.db'));
  ledger = new Ledger(db, { timeZone: TIME_ZONE });
  aggregates = new Aggregates(ledger);
  const catalogue = new Catalogue({
    discovered: [{ provider: 'openrouter', models: [{ id: 'mystery/model-x' }, { id: 'mystery/model-y' }] }],
  });
  models = [
    ...[
      'anthropic:claude-sonnet-4-5',
      'anthropic:claude-haiku-4-5',
      'openai:gpt-4.1',
      'openai:gpt-5-nano',
      'gemini:gemini-2.5-flash',
      'ollama:llama3.1',
    ].map((id) => catalogue.get(id)),
    catalogue.get('openrouter:mystery/model-x'),
    catalogue.get('openrouter:mystery/model-y'),
  ];
  records = ledger.appendMany(
    generateLedger({ seed: 7, requests: 3000, conversations: 40, from: FROM, to: TO, models }),
  );
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function sum(rows: Array<{ costMicros: number | null }>): number {
  return rows.reduce((total, r) => total + (r.costMicros ?? 0), 0);
}

describe('the generated ledger', () => {
  it('has every path: retries, fallbacks, failures, cached answers, aborted and interrupted streams, unknown prices', () => {
    const outcomes = new Set(records.map((r) => r.outcome));
    expect([...outcomes].sort()).toEqual(['aborted', 'cached', 'error', 'interrupted', 'ok']);
    const roles = new Set(records.map((r) => r.role));
    for (const role of ['primary', 'retry', 'fallback', 'summary'])
      expect(roles.has(role as LedgerRecord['role'])).toBe(true);
    expect(records.some((r) => r.costMicros === null)).toBe(true);
    expect(records.some((r) => r.conversationId === undefined)).toBe(true);
    expect(
      records.some((r) => r.provider === 'ollama' && r.costMicros === 0 && r.usage.input.uncached > 0),
    ).toBe(true);
  });

  it('prices every record as its usage and the catalogue prices give', () => {
    for (const r of records) {
      const expected =
        r.outcome === 'cached'
          ? 0
          : computeCost(r.usage, models.find((m) => m.provider === r.provider && m.model === r.model)!.prices)
              .costMicros;
      expect(r.costMicros).toBe(expected);
    }
  });
});

describe('rollups against the full scan', () => {
  const day = 86_400_000;
  const ranges: Array<[string, number, number]> = [
    ['everything', FROM - day, TO + day],
    [
      'local midnight to local midnight',
      new Calendar(TIME_ZONE).startOfDay('2025-10-05'),
      new Calendar(TIME_ZONE).startOfDay('2025-11-09'),
    ],
    [
      'whole months',
      new Calendar(TIME_ZONE).startOfDay('2025-10-01'),
      new Calendar(TIME_ZONE).startOfDay('2025-12-01'),
    ],
    [
      'a whole month and some days',
      new Calendar(TIME_ZONE).startOfDay('2025-10-01'),
      Date.UTC(2025, 10, 15, 3),
    ],
    [
      'some days and a whole month',
      Date.UTC(2025, 8, 25, 16),
      new Calendar(TIME_ZONE).startOfDay('2025-11-01'),
    ],
    [
      'arbitrary instants across the DST change',
      Date.UTC(2025, 9, 28, 7, 13, 5, 123),
      Date.UTC(2025, 10, 4, 19, 2, 44, 9),
    ],
    ['within one day', Date.UTC(2025, 10, 15, 15), Date.UTC(2025, 10, 15, 21)],
    ['across one midnight', Date.UTC(2025, 10, 15, 20), Date.UTC(2025, 10, 16, 9)],
    ['empty', Date.UTC(2025, 10, 15), Date.UTC(2025, 10, 15)],
    ['reversed', TO, FROM],
    ['before any record', Date.UTC(2020, 0, 1), Date.UTC(2020, 5, 1)],
  ];
  const groupings: Array<[GroupBy, Bucket]> = [
    ['bucket', 'day'],
    ['bucket', 'week'],
    ['bucket', 'month'],
    ['provider', 'day'],
    ['model', 'day'],
    ['profile', 'day'],
    ['conversation', 'day'],
    ['outcome', 'day'],
  ];

  for (const [name, from, to] of ranges) {
    it(`agree for ${name}`, () => {
      const scanned = ledger.inRange(from, to);
      for (const [groupBy, bucket] of groupings) {
        const fast = aggregates.aggregate({ from, to, groupBy, bucket });
        const naive = aggregateRecords(scanned, groupBy, { calendar: ledger.calendar, bucket });
        expect(fast, `${groupBy} ${bucket}`).toEqual(naive);
      }
      const totals = aggregates.totals(from, to);
      expect(totals.requests).toBe(scanned.length);
      expect(totals.costMicros).toBe(sum(scanned));
    });
  }

  it('builds the same dashboard as the full scan', () => {
    for (const bucket of ['day', 'week', 'month'] as const) {
      const query = { from: Date.UTC(2025, 9, 3, 11), to: Date.UTC(2025, 10, 27, 5), bucket };
      expect(aggregates.dashboard(query)).toEqual(naiveDashboard(ledger, query));
    }
  });

  it('groups weeks from Monday and months by the calendar of the time zone', () => {
    const rows = aggregates.aggregate({ from: FROM, to: TO, groupBy: 'bucket', bucket: 'week' });
    for (const row of rows) expect(new Date(`${row.key}T00:00:00Z`).getUTCDay()).toBe(1);
    const months = aggregates
      .aggregate({ from: FROM, to: TO, groupBy: 'bucket', bucket: 'month' })
      .map((r) => r.key);
    expect(months).toEqual(['2025-09', '2025-10', '2025-11', '2025-12']);
  });

  it('refuses a range that is not made of finite times', () => {
    expect(() => aggregates.aggregate({ from: 0, to: Number.POSITIVE_INFINITY, groupBy: 'model' })).toThrow(
      /finite times/,
    );
  });
});

describe('dashboard and conversation totals (issue 6)', () => {
  it('agree with each other and with the ledger rows, to the micro-dollar; unknown stays unknown', () => {
    const dashboard = aggregates.dashboard({ from: FROM, to: TO, bucket: 'week' });
    expect(DashboardSchema.parse(dashboard)).toEqual(dashboard);
    const rows = ledger.inRange(FROM, TO);
    expect(rows).toHaveLength(records.length);

    const conversationIds = [...new Set(rows.flatMap((r) => (r.conversationId ? [r.conversationId] : [])))];
    const costs = conversationIds.map((id) => aggregates.conversationCost(id));
    const outside = rows.filter((r) => r.conversationId === undefined);

    const known = sum(rows);
    const unknown = rows.filter((r) => r.costMicros === null).length;
    expect(unknown).toBeGreaterThan(0);
    expect(dashboard.totals.costMicros).toBe(known);
    expect(dashboard.totals.unknownCostCalls).toBe(unknown);
    expect(costs.reduce((t, c) => t + c.totalMicros, 0) + sum(outside)).toBe(known);
    expect(
      costs.reduce((t, c) => t + c.unknownCostCalls, 0) + outside.filter((r) => r.costMicros === null).length,
    ).toBe(unknown);
    // Every breakdown of the dashboard adds up to its totals.
    for (const breakdown of [
      dashboard.overTime,
      dashboard.byProvider,
      dashboard.byModel,
      dashboard.byProfile,
    ]) {
      expect(breakdown.reduce((t, r) => t + r.costMicros, 0)).toBe(known);
      expect(breakdown.reduce((t, r) => t + r.unknownCostCalls, 0)).toBe(unknown);
      expect(breakdown.reduce((t, r) => t + r.requests, 0)).toBe(rows.length);
    }
    const tokens = (r: AggregateRow) =>
      r.inputUncached + r.inputCacheRead + r.inputCacheWrite + r.outputText + r.outputReasoning;
    const ledgerTokens = rows.reduce(
      (t, r) =>
        t +
        r.usage.input.uncached +
        r.usage.input.cacheRead +
        r.usage.input.cacheWrite +
        (r.usage.input.cacheWrite1h ?? 0) +
        r.usage.output.text +
        r.usage.output.reasoning,
      0,
    );
    expect(tokens(dashboard.totals)).toBe(ledgerTokens);
    // A total with unknown costs says it is a lower bound.
    expect(formatCostTotal(dashboard.totals)).toMatch(/^at least \$[\d,.]+ \(\d+ calls of unknown cost\)$/);
  });

  it('gives each conversation its total, breakdowns, overhead, cache savings and dearest messages', () => {
    const conversationIds = [
      ...new Set(records.flatMap((r) => (r.conversationId ? [r.conversationId] : []))),
    ];
    for (const id of conversationIds) {
      const own = records.filter((r) => r.conversationId === id);
      const cost = aggregates.conversationCost(id, { previewOf: (messageId) => `preview of ${messageId}` });
      expect(ConversationCostSchema.parse(cost)).toEqual(cost);
      expect(cost.totalMicros).toBe(sum(own));
      expect(cost.unknownCostCalls).toBe(own.filter((r) => r.costMicros === null).length);
      expect(cost.byModel.reduce((t, r) => t + r.costMicros, 0)).toBe(cost.totalMicros);
      expect(cost.byProvider.reduce((t, r) => t + r.costMicros, 0)).toBe(cost.totalMicros);
      expect(cost.savedByCacheMicros).toBe(own.reduce((t, r) => t + (r.savedMicros ?? 0), 0));
      expect(cost.totals.requests).toBe(own.length);

      // Overhead: everything but the attempt that delivered each request's answer.
      const answering = new Map<string, LedgerRecord>();
      for (const r of own) answering.set(r.requestId, r);
      const overhead = own.filter((r) => !(answering.get(r.requestId) === r && r.outcome !== 'error'));
      expect(cost.overheadMicros).toBe(sum(overhead));

      const top = cost.topMessages;
      expect(top.length).toBeLessThanOrEqual(5);
      for (let i = 1; i < top.length; i++)
        expect(top[i - 1]!.costMicros).toBeGreaterThanOrEqual(top[i]!.costMicros);
      for (const message of top) {
        expect(message.costMicros).toBe(sum(own.filter((r) => r.messageId === message.messageId)));
        expect(message.preview).toBe(`preview of ${message.messageId}`);
      }
      const dearest = Math.max(
        ...[...new Set(own.map((r) => r.messageId))].map((m) => sum(own.filter((r) => r.messageId === m))),
      );
      if (dearest > 0) expect(top[0]?.costMicros).toBe(dearest);
    }
  });

  it('counts a fallback chain as overhead apart from the answer, and names the model that answered', () => {
    const fallback = records.find(
      (r) => r.role === 'fallback' && r.outcome === 'ok' && r.conversationId && (r.costMicros ?? 0) > 0,
    )!;
    const attempts = records.filter((r) => r.requestId === fallback.requestId);
    expect(attempts.map((r) => r.role)).toEqual(['primary', 'retry', 'fallback']);
    const cost = aggregates.conversationCost(fallback.conversationId!, { top: 1000 });
    const message = cost.topMessages.find((m) => m.messageId === fallback.messageId);
    expect(message).toMatchObject({
      costMicros: sum(attempts),
      model: `${fallback.provider}:${fallback.model}`,
    });
  });

  it('reads month and conversation spend from the rollups', () => {
    const november = records.filter((r) => ledger.calendar.dayKey(r.ts).startsWith('2025-11'));
    expect(aggregates.monthSpend(Date.UTC(2025, 10, 15))).toEqual({
      costMicros: sum(november),
      unknownCostCalls: november.filter((r) => r.costMicros === null).length,
    });
    const own = records.filter((r) => r.conversationId === 'conv-3');
    expect(aggregates.conversationSpend('conv-3').costMicros).toBe(sum(own));
    expect(aggregates.conversationSpend('nobody')).toEqual({ costMicros: 0, unknownCostCalls: 0 });
  });
});

describe('a range as far as Date reaches (issue 14)', () => {
  it('answers at once, with every record, whatever the bucket', () => {
    for (const bucket of ['day', 'week', 'month'] as const) {
      const all = aggregates.dashboard({ from: -8.64e15, to: 8.64e15, bucket });
      const within = aggregates.dashboard({ from: FROM, to: TO, bucket });
      expect(all.totals).toEqual(within.totals);
      expect(all.overTime).toEqual(within.overTime);
      expect(all.totals.requests).toBe(records.length);
    }
  });

  it('is empty before the ledger’s first year and after its last', () => {
    expect(aggregates.dashboard({ from: -8.64e15, to: -8.6e15, bucket: 'day' }).totals.requests).toBe(0);
    expect(aggregates.dashboard({ from: 8.6e15, to: 8.64e15, bucket: 'month' }).totals.requests).toBe(0);
  });
});
