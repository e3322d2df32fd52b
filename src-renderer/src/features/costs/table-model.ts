/**
 * A table of figures described once and used three ways: shown on screen (each chart's table view), and exported
 * as CSV (for spreadsheets) or JSON (for programs), so the three always carry the same numbers.
 *
 * Money is integer micro-dollars with null for unknown: on screen `$0.0042` or `unknown`, in CSV exact decimal
 * dollars (`0.004200`) or `unknown` (never an empty cell a spreadsheet would sum as 0), in JSON the integer or null.
 * CSV cells a spreadsheet would run as formulas are escaped.
 */
import Papa from 'papaparse';
import { formatRate, formatTokens } from '@contract/format';
import { formatMicros, microsToDollarString } from '@contract/money';

export type CellValue = string | number | null;
/** text: a name; count: a whole number; money: micro-dollars (null unknown); rate: a fraction (null: none). */
export type ColumnKind = 'text' | 'count' | 'money' | 'rate';

export type TableColumn<T> = {
  /** The property name in JSON exports. */
  key: string;
  header: string;
  /** The CSV header when the on-screen one needs a unit or a qualifier (`Known cost (USD)`). */
  exportHeader?: string;
  kind: ColumnKind;
  value: (row: T) => CellValue;
  /** What the cell shows when the value formatted by its kind would not say enough (`≥ $1.20`). */
  display?: (row: T) => string;
};

export type TableModel<T> = {
  title: string;
  /** File name without extension: `modeldesk-spend-by-model-2025-11-01_2025-11-30`. */
  filename: string;
  columns: ReadonlyArray<TableColumn<T>>;
  rows: readonly T[];
  rowKey: (row: T) => string;
};

export function displayCell<T>(column: TableColumn<T>, row: T): string {
  if (column.display) return column.display(row);
  const value = column.value(row);
  switch (column.kind) {
    case 'money':
      return formatMicros(value as number | null);
    case 'rate':
      return formatRate(value as number | null);
    case 'count':
      return value === null ? '—' : formatTokens(value as number);
    case 'text':
      return value === null ? '' : String(value);
  }
}

function csvHeader<T>(column: TableColumn<T>): string {
  if (column.exportHeader) return column.exportHeader;
  if (column.kind === 'money') return `${column.header} (USD)`;
  if (column.kind === 'rate') return `${column.header} (%)`;
  return column.header;
}

function csvCell<T>(column: TableColumn<T>, row: T): string | number {
  const value = column.value(row);
  switch (column.kind) {
    case 'money':
      return value === null ? 'unknown' : microsToDollarString(value as number);
    case 'rate':
      return value === null ? '' : Math.round((value as number) * 1_000_000) / 10_000;
    case 'count':
    case 'text':
      return value ?? '';
  }
}

/** The table as CSV (RFC 4180, CRLF line ends, a header row). */
export function tableCsv<T>(model: TableModel<T>): string {
  const csv = Papa.unparse(
    {
      fields: model.columns.map(csvHeader),
      data: model.rows.map((row) => model.columns.map((column) => csvCell(column, row))),
    },
    { escapeFormulae: true, newline: '\r\n' },
  );
  return `${csv}\r\n`;
}

/** The table as JSON: its title, a note on units, and one object per row keyed by column. */
export function tableJson<T>(model: TableModel<T>): string {
  const document = {
    title: model.title,
    note: 'Money is integer micro-dollars (1,000,000 = $1); null means unknown. Rates are fractions (0.25 = 25 %).',
    columns: model.columns.map((c) => ({ key: c.key, header: c.header, kind: c.kind })),
    rows: model.rows.map((row) => Object.fromEntries(model.columns.map((c) => [c.key, c.value(row)]))),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** A file name part from free text: lowercase words joined by dashes. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'table'
  );
}
