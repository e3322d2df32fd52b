/** Order statistics for the benchmark's samples: medians and percentiles by nearest rank, spreads as ranges. */

export type Spread = { median: number; min: number; max: number; runs: number };

function sorted(values: readonly number[]): number[] {
  return [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

/** The p-th percentile (0 to 100) by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  const s = sorted(values);
  if (s.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: readonly number[]): number {
  const s = sorted(values);
  if (s.length === 0) return Number.NaN;
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

export function maximum(values: readonly number[]): number {
  return values.length === 0 ? 0 : Math.max(...values);
}

/** The median of several runs' figures, with their range. */
export function spread(values: readonly number[]): Spread {
  const s = sorted(values);
  return {
    median: median(s),
    min: s[0] ?? Number.NaN,
    max: s[s.length - 1] ?? Number.NaN,
    runs: s.length,
  };
}

/** Gaps between consecutive timestamps. */
export function gaps(times: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < times.length; i++) out.push(times[i]! - times[i - 1]!);
  return out;
}
