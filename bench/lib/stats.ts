// Median and spread of a handful of runs. Pure: unit-tested in test/unit/bench-stats.test.ts.

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  p25: number;
  p75: number;
}

/** Quantile q ∈ [0, 1] of an ascending list, interpolating between neighbours (type 7, like numpy). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile of an empty list');
  if (q <= 0) return sorted[0]!;
  if (q >= 1) return sorted[sorted.length - 1]!;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

export function summarize(values: readonly number[]): Summary {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) throw new Error('no finite values to summarize');
  const s = [...finite].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), min: s[0]!, max: s[s.length - 1]!, p25: quantile(s, 0.25), p75: quantile(s, 0.75) };
}

/** Runs `fn` `n` times one after another and returns what each run returned. */
export async function repeat<T>(n: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await fn(i));
  return out;
}
