/** How BENCHMARKS.md writes numbers: medians with their range, ratios, sizes. */
import { spread } from '../support/stats';

const DASH = '—';

export function fixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return DASH;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Milliseconds: one decimal under 100, whole above. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return DASH;
  return `${fixed(value, Math.abs(value) < 100 ? 1 : 0)} ms`;
}

export function bytes(value: number): string {
  if (!Number.isFinite(value)) return DASH;
  const size = Math.abs(value);
  if (size >= 1073741824) return `${fixed(value / 1073741824, 1)} GB`;
  if (size >= 1048576) return `${fixed(value / 1048576, 1)} MB`;
  if (size >= 1024) return `${fixed(value / 1024, 1)} KB`;
  return `${fixed(value, 0)} B`;
}

export type Unit = (value: number) => string;

/** The median of the runs with their range: `16.7 ms (16.6–16.9)`; alone when the range shows no difference. */
export function medianWithRange(values: readonly number[], unit: Unit): string {
  const s = spread(values);
  if (s.runs === 0) return DASH;
  const [low, high] = [unit(s.min), unit(s.max)];
  if (low === high) return unit(s.median);
  const strip = (text: string) => text.replace(/ (ms|GB|MB|KB|B)$/, '');
  return `${unit(s.median)} (${strip(low)}–${strip(high)})`;
}

/** `a ÷ b` as `0.17×`, or a dash when either is missing or zero. */
export function ratio(a: number, b: number, digits = 2): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return DASH;
  return `${fixed(a / b, digits)}×`;
}

/** A Markdown table. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
