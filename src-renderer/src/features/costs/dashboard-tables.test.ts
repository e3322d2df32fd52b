import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { AggregateRow } from '@contract/ledger';
import {
  breakdownTable,
  conversationBreakdown,
  emptyRow,
  knownCost,
  spendOverTime,
  withEveryBucket,
  type Names,
} from './dashboard-tables';
import { tableCsv, tableJson } from './table-model';
import { describeBreakdown, describeRequests, describeSpend, totalOf } from './summaries';

const row = (key: string, fields: Partial<AggregateRow>): AggregateRow => ({ ...emptyRow(key), ...fields });

const names: Names = {
  provider: (key) => ({ anthropic: 'Anthropic', openrouter: 'OpenRouter' })[key] ?? key,
  model: (key) => ({ 'anthropic:claude-sonnet-4-5': 'Claude Sonnet 4.5' })[key] ?? key.split(':')[1]!,
  profile: (key) => (key === '' ? 'No profile' : key),
};

const range = { from: new Date(2025, 10, 1).getTime(), to: new Date(2025, 10, 4).getTime() };

const sonnet = row('anthropic:claude-sonnet-4-5', {
  requests: 4,
  errors: 1,
  costMicros: 1_234_567,
  inputUncached: 1_000,
  outputText: 200,
});
const unpriced = row('openrouter:mystery', { requests: 3, unknownCostCalls: 3 });
const partly = row('openrouter:partly', { requests: 2, costMicros: 4_200, unknownCostCalls: 1 });

describe('unknown costs in tables', () => {
  it('keep a cost that is all unknown as unknown, and a partly known one as its known part', () => {
    expect(knownCost(sonnet)).toBe(1_234_567);
    expect(knownCost(unpriced)).toBeNull();
    expect(knownCost(partly)).toBe(4_200);
  });

  it('show a lower bound on screen and export it with the count of unpriced calls, never as $0', () => {
    const table = breakdownTable([sonnet, unpriced, partly], 'model', names, range);
    const csv = Papa.parse<Record<string, string>>(tableCsv(table).trim(), { header: true }).data;
    expect(
      csv.map((r) => [r.Model, r['Known cost (USD)'], r['Unpriced calls'], r['Error rate (%)']]),
    ).toEqual([
      ['Claude Sonnet 4.5', '1.234567', '0', '25'],
      ['mystery', 'unknown', '3', '0'],
      ['partly', '0.004200', '1', '0'],
    ]);
    const cost = table.columns.find((c) => c.key === 'costMicros')!;
    expect([sonnet, unpriced, partly].map((r) => cost.display!(r))).toEqual([
      '$1.23',
      'unknown',
      'at least $0.0042',
    ]);
    const json = JSON.parse(tableJson(table)) as { rows: Array<Record<string, unknown>> };
    expect(json.rows.map((r) => r.costMicros)).toEqual([1_234_567, null, 4_200]);
    expect(table.filename).toBe('modeldesk-spend-by-model-2025-11-01_2025-11-03');
  });

  it('name a conversation table after the conversation', () => {
    const table = conversationBreakdown([sonnet], 'provider', names, 'Rate limits: a primer');
    expect(table.filename).toBe('modeldesk-conversation-rate-limits-a-primer-by-provider');
    expect(table.columns.map((c) => c.header)).toEqual([
      'Provider',
      'Cost',
      'Unpriced calls',
      'Requests',
      'Errors',
      'Tokens in',
      'Tokens out',
    ]);
  });
});

describe('buckets over time', () => {
  it('fill the quiet buckets with zero rows, in order, keeping rows the keys do not name', () => {
    const rows = withEveryBucket(
      [
        row('2025-11-03', { requests: 2 }),
        row('2025-11-01', { requests: 1 }),
        row('2025-10-31', { requests: 9 }),
      ],
      ['2025-11-01', '2025-11-02', '2025-11-03'],
    );
    expect(rows.map((r) => [r.key, r.requests])).toEqual([
      ['2025-10-31', 9],
      ['2025-11-01', 1],
      ['2025-11-02', 0],
      ['2025-11-03', 2],
    ]);
  });

  it('export periods as their keys and show them as dates', () => {
    const table = spendOverTime([row('2025-11-02', { requests: 1, costMicros: 10 })], 'day', range);
    expect(tableCsv(table).split('\r\n').slice(0, 2)).toEqual([
      'Day,Known cost (USD),Unpriced calls,Requests,Saved by cache (USD)',
      '2025-11-02,0.000010,0,1,0.000000',
    ]);
    expect(table.columns[0]!.display!(table.rows[0]!)).toBe('2 Nov 2025');
  });
});

describe('chart summaries', () => {
  it('say the total as a lower bound when calls are unpriced, and the dearest group', () => {
    expect(totalOf([sonnet, unpriced, partly])).toMatchObject({
      costMicros: 1_238_767,
      unknownCostCalls: 4,
      requests: 9,
    });
    expect(describeBreakdown([sonnet, unpriced, partly], 'model', names)).toBe(
      '3 models. Claude Sonnet 4.5 cost the most: $1.23, 99.7 % of the known total. Total at least $1.24 (4 calls of unknown cost).',
    );
    expect(describeBreakdown([unpriced], 'model', names)).toBe(
      '1 model; no known cost. Total unknown (3 calls of unknown cost).',
    );
  });

  it('say the dearest period and the worst error rate, and when there were no calls', () => {
    const days = [
      row('2025-11-01', { requests: 10, errors: 1, costMicros: 500_000 }),
      row('2025-11-02', { requests: 4, errors: 2, costMicros: 900_000 }),
    ];
    expect(describeSpend(days, 'day')).toBe('Spent $1.40 in this range. The most: $0.90, 2 Nov 2025.');
    expect(describeRequests(days, 'day')).toBe(
      '14 requests, 3 errors (21.4 %). Highest error rate: 50 %, 2 Nov 2025.',
    );
    expect(describeSpend([emptyRow('2025-11-01')], 'day')).toBe('No calls in this range.');
  });
});
