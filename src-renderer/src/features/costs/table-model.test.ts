import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { displayCell, slug, tableCsv, tableJson, type TableModel } from './table-model';

type Row = { name: string; costMicros: number | null; calls: number; rate: number | null };

const rows: Row[] = [
  { name: 'Claude Sonnet 4.5', costMicros: 1_234_567, calls: 12_345, rate: 0.125 },
  { name: 'mystery, "quoted"\nmodel', costMicros: null, calls: 3, rate: null },
  { name: '=HYPERLINK("http://evil")', costMicros: 0, calls: 0, rate: 0 },
];

const table: TableModel<Row> = {
  title: 'Spend by model',
  filename: 'modeldesk-spend-by-model',
  columns: [
    { key: 'model', header: 'Model', kind: 'text', value: (r) => r.name },
    { key: 'costMicros', header: 'Cost', kind: 'money', value: (r) => r.costMicros },
    { key: 'calls', header: 'Requests', kind: 'count', value: (r) => r.calls },
    { key: 'errorRate', header: 'Error rate', kind: 'rate', value: (r) => r.rate },
  ],
  rows,
  rowKey: (r) => r.name,
};

describe('a table on screen', () => {
  it('formats each cell by its kind, unknown money as unknown', () => {
    const cells = rows.map((row) => table.columns.map((c) => displayCell(c, row)));
    expect(cells).toEqual([
      ['Claude Sonnet 4.5', '$1.23', '12,345', '12.5 %'],
      ['mystery, "quoted"\nmodel', 'unknown', '3', '—'],
      ['=HYPERLINK("http://evil")', '$0.00', '0', '0 %'],
    ]);
  });

  it('uses a column display when the kind alone would not say enough', () => {
    const column = { ...table.columns[1]!, display: (r: Row) => `≥ ${r.costMicros}` };
    expect(displayCell(column, rows[0]!)).toBe('≥ 1234567');
  });
});

describe('a table as CSV', () => {
  const csv = tableCsv(table);

  it('has a header with units, CRLF line ends and one line per row', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe('Model,Cost (USD),Requests,Error rate (%)');
  });

  it('reads back as the same figures: exact dollars, unknown as unknown (never 0 or empty)', () => {
    const parsed = Papa.parse<string[]>(csv.trimEnd(), { newline: '\r\n' }).data;
    expect(parsed.slice(1)).toEqual([
      ['Claude Sonnet 4.5', '1.234567', '12345', '12.5'],
      ['mystery, "quoted"\nmodel', 'unknown', '3', ''],
      ['\'=HYPERLINK("http://evil")', '0.000000', '0', '0'],
    ]);
  });
});

describe('a table as JSON', () => {
  it('keeps integer micro-dollars and null for unknown, keyed by column', () => {
    const document = JSON.parse(tableJson(table)) as {
      title: string;
      note: string;
      rows: Array<Record<string, unknown>>;
    };
    expect(document.title).toBe('Spend by model');
    expect(document.note).toMatch(/micro-dollars/);
    expect(document.rows).toEqual([
      { model: 'Claude Sonnet 4.5', costMicros: 1_234_567, calls: 12_345, errorRate: 0.125 },
      { model: 'mystery, "quoted"\nmodel', costMicros: null, calls: 3, errorRate: null },
      { model: '=HYPERLINK("http://evil")', costMicros: 0, calls: 0, errorRate: 0 },
    ]);
  });
});

describe('file names', () => {
  it('are lowercase words joined by dashes', () => {
    expect(slug('Spend per week')).toBe('spend-per-week');
    expect(slug('Tokens & requests: by model!')).toBe('tokens-requests-by-model');
    expect(slug('…')).toBe('table');
  });
});
