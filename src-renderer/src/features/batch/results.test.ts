/** The results table's columns and cells, the progress line, merging progress events, and the budget pause. */
import { describe, expect, it } from 'vitest';
import type { BatchItem, BatchJob } from '@contract/batch';
import {
  budgetStop,
  cellText,
  itemTokens,
  mergeItems,
  progressText,
  sortValue,
  structuredColumns,
} from './results';

const attachment = { hash: 'a'.repeat(64), mediaType: 'image/png' as const, width: 4, height: 4, bytes: 10 };

function item(index: number, patch: Partial<BatchItem> = {}): BatchItem {
  return { id: `item-${index}`, jobId: 'job', index, attachment, status: 'done', attempts: 1, ...patch };
}

const job: BatchJob = {
  id: 'job',
  title: 'Mugs',
  prompt: 'What is it?',
  concurrency: 4,
  status: 'running',
  createdAt: 0,
  updatedAt: 0,
  total: 50,
  done: 12,
  failed: 1,
  costMicros: 12_300,
  costUnknown: false,
  etaMs: 125_000,
};

describe('structuredColumns', () => {
  it('lists the schema’s properties in order, then fields only some answers have', () => {
    const schema = { type: 'object', properties: { product: {}, price: {}, colour: {} } };
    const items = [
      item(0, { structured: { price: 4, product: 'mug' } }),
      item(1, { structured: { product: 'jar', price: 2, extra: true } }),
      item(2, { status: 'failed' }),
    ];
    expect(structuredColumns(items, schema)).toEqual(['product', 'price', 'colour', 'extra']);
  });

  it('has no columns when no answer is an object (the answer column is used)', () => {
    expect(structuredColumns([item(0, { answer: 'A mug' }), item(1, { structured: ['a', 'b'] })])).toEqual(
      [],
    );
  });
});

describe('cells', () => {
  it('writes values out, lists and objects as JSON, nothing as empty', () => {
    expect([
      cellText('red'),
      cellText(4.5),
      cellText(false),
      cellText(['a', 1]),
      cellText({ a: 1 }),
      cellText(null),
      cellText(undefined),
    ]).toEqual(['red', '4.5', 'false', '["a",1]', '{"a":1}', '', '']);
  });

  it('sorts numbers as numbers and puts nothing last', () => {
    expect([sortValue(10), sortValue('10'), sortValue(null), sortValue(''), sortValue({ a: 1 })]).toEqual([
      10,
      '10',
      null,
      null,
      '{"a":1}',
    ]);
  });
});

describe('itemTokens', () => {
  it('counts every input and output token, cached and reasoning included, and nothing without usage', () => {
    const usage = {
      input: { uncached: 100, cacheRead: 20, cacheWrite: 5 },
      output: { text: 7, reasoning: 3 },
      source: 'reported' as const,
    };
    expect(itemTokens(item(0, { usage }))).toBe(135);
    expect(itemTokens(item(1, { status: 'pending' }))).toBeNull();
  });
});

describe('progressText', () => {
  it('says done, failed, time left and the running cost', () => {
    expect(progressText(job)).toBe('12 of 50 done · 1 failed · about 2 min 05 s left · $0.0123 so far');
  });

  it('leaves the time out when not running and says when some prices are unknown', () => {
    expect(progressText({ ...job, status: 'paused', failed: 0, costUnknown: true })).toBe(
      '12 of 50 done · at least $0.0123 so far (some prices unknown)',
    );
  });
});

describe('mergeItems', () => {
  it('replaces changed items by id and keeps index order', () => {
    const merged = mergeItems(
      [item(0), item(1, { status: 'running' }), item(2, { status: 'pending' })],
      [item(2, { status: 'running' }), item(1, { status: 'done', answer: 'A jar' })],
    );
    expect(merged.map((i) => [i.index, i.status, i.answer])).toEqual([
      [0, 'done', undefined],
      [1, 'done', 'A jar'],
      [2, 'running', undefined],
    ]);
  });
});

describe('budgetStop', () => {
  const refusal = {
    kind: 'budget' as const,
    message: 'The monthly budget of $5.00 is used up.',
    retryable: false,
  };

  it('is the budget refusal of a waiting item when the job is paused', () => {
    const items = [item(0), item(1, { status: 'pending', error: refusal }), item(2, { status: 'pending' })];
    expect(budgetStop({ ...job, status: 'paused' }, items)).toEqual(refusal);
    expect(budgetStop(job, items)).toBeNull();
    expect(budgetStop({ ...job, status: 'paused' }, [item(0)])).toBeNull();
  });
});
