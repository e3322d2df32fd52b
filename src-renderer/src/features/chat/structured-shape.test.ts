import { describe, expect, it } from 'vitest';
import { cellText, prettyJson, structuredShape } from './structured-shape';

describe('structuredShape', () => {
  it('shows a list of records as rows, with every key any record has as a column, in first-seen order', () => {
    const shape = structuredShape([
      { name: 'cat', legs: 4 },
      { name: 'bird', legs: 2, wings: true },
    ]);
    expect(shape).toEqual({
      kind: 'rows',
      columns: ['name', 'legs', 'wings'],
      rows: [
        { name: 'cat', legs: 4 },
        { name: 'bird', legs: 2, wings: true },
      ],
    });
  });

  it('shows a flat record as key and value pairs', () => {
    expect(structuredShape({ total: 3, currency: 'EUR', paid: false, note: null })).toEqual({
      kind: 'pairs',
      pairs: [
        ['total', 3],
        ['currency', 'EUR'],
        ['paid', false],
        ['note', null],
      ],
    });
  });

  it('falls back to a tree for nested records, mixed lists and empty values', () => {
    expect(structuredShape({ invoice: { total: 3 } }).kind).toBe('tree');
    expect(structuredShape([{ a: 1 }, 2]).kind).toBe('tree');
    expect(structuredShape([]).kind).toBe('tree');
    expect(structuredShape({}).kind).toBe('tree');
  });

  it('keeps a lone scalar as it is', () => {
    expect(structuredShape(42)).toEqual({ kind: 'scalar', value: 42 });
  });
});

describe('cellText', () => {
  it('writes scalars plainly and nested values as compact JSON', () => {
    expect(cellText('x')).toBe('x');
    expect(cellText(1.5)).toBe('1.5');
    expect(cellText(null)).toBe('null');
    expect(cellText(undefined)).toBe('');
    expect(cellText({ a: [1, 2] })).toBe('{"a":[1,2]}');
  });
});

describe('prettyJson', () => {
  it('indents the raw answer, or the parsed value when the raw text is not plain JSON', () => {
    expect(prettyJson('{"a":1}', null)).toBe('{\n  "a": 1\n}');
    expect(prettyJson('```json\n{"a":1}\n```', { a: 1 })).toBe('{\n  "a": 1\n}');
  });
});
