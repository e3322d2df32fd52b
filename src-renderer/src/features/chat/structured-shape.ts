/**
 * How a structured answer (parsed JSON) is best shown: a table when it is a list of records or a flat record, a tree
 * otherwise. Pure, so the choice is tested apart from the view.
 */
export type Scalar = string | number | boolean | null;

export type StructuredShape =
  | { kind: 'rows'; columns: string[]; rows: Array<Record<string, unknown>> }
  | { kind: 'pairs'; pairs: Array<[string, Scalar]> }
  | { kind: 'tree' }
  | { kind: 'scalar'; value: Scalar };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** Tables are for what reads well in cells: rows of at most this many columns. */
const MAX_COLUMNS = 12;

export function structuredShape(value: unknown): StructuredShape {
  if (isScalar(value)) return { kind: 'scalar', value };
  if (Array.isArray(value) && value.length > 0 && value.every(isRecord)) {
    const columns: string[] = [];
    for (const row of value)
      for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
    if (columns.length > 0 && columns.length <= MAX_COLUMNS) return { kind: 'rows', columns, rows: value };
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length > 0 && entries.every(([, v]) => isScalar(v))) {
      return { kind: 'pairs', pairs: entries as Array<[string, Scalar]> };
    }
  }
  return { kind: 'tree' };
}

/** A cell's text: scalars as they are, anything nested as compact JSON. */
export function cellText(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The answer's JSON as it came, indented when it parses (it did, since it was validated). */
export function prettyJson(raw: string, value: unknown): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return JSON.stringify(value, null, 2);
  }
}
