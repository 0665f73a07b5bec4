/**
 * numpy-compatible statistics over values already sorted ascending. Each function states the
 * numpy call it reproduces, so a drift test computing the same thing on current data agrees
 * with the reference profile.
 */
import type { QuantilePoint } from './profile.types';

/** Read access to the i-th smallest of n values (a sorted array, or run-length counts). */
export interface OrderStatistics {
  readonly length: number;
  at(index: number): number | undefined;
}

/** numpy's `_lerp`: a + (b - a)·t, computed from b when t ≥ 0.5 for symmetric rounding. */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

function orderStat(sorted: OrderStatistics, index: number): number {
  const value = sorted.at(index);
  if (value === undefined) throw new RangeError(`order statistic ${index} out of range`);
  return value;
}

/**
 * The p-quantile like `np.quantile(x, p)` (default `method='linear'`): virtual index (n-1)·p,
 * interpolated between its neighbours. Requires n ≥ 1 and 0 ≤ p ≤ 1.
 */
export function quantileSorted(sorted: OrderStatistics, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  const virtual = (n - 1) * p;
  const lo = Math.min(Math.max(Math.floor(virtual), 0), n - 1);
  const hi = Math.min(lo + 1, n - 1);
  return lerp(orderStat(sorted, lo), orderStat(sorted, hi), virtual - lo);
}

/** Quantiles at p = 0, 1/steps, …, 1 (p computed as i/steps, not accumulated). */
export function quantileGrid(sorted: OrderStatistics, steps: number): QuantilePoint[] {
  const points: QuantilePoint[] = [];
  for (let i = 0; i <= steps; i++) {
    const p = i / steps;
    points.push({ p, value: quantileSorted(sorted, p) });
  }
  return points;
}

/**
 * `np.histogram(x, bins)` for sorted x: edges `np.linspace(min, max, bins + 1)` (min - 0.5 and
 * max + 0.5 when min = max); bin i holds edges[i] ≤ x < edges[i+1], the last bin also x = max.
 */
export function histogramSorted(
  sorted: ArrayLike<number>,
  bins: number,
): { edges: number[]; counts: number[] } {
  const n = sorted.length;
  if (n === 0) throw new RangeError('histogram of an empty sample');
  let first = sorted[0] as number;
  let last = sorted[n - 1] as number;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  // np.linspace: i * step + start, with the last edge set to stop exactly.
  const step = (last - first) / bins;
  const edges: number[] = [];
  for (let i = 0; i < bins; i++) edges.push(i * step + first);
  edges.push(last);
  const counts = new Array<number>(bins).fill(0);
  let bin = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i] as number;
    while (bin < bins - 1 && x >= (edges[bin + 1] as number)) bin++;
    counts[bin] = (counts[bin] as number) + 1;
  }
  return { edges, counts };
}

/**
 * A deterministic, representative sample: k = min(n, size) order statistics at indices
 * Math.round(i·(n-1)/(k-1)), i = 0…k-1 (ascending; includes min and max).
 */
export function sampleSorted(sorted: ArrayLike<number>, size: number): number[] {
  const n = sorted.length;
  const k = Math.min(n, size);
  if (k === 0) return [];
  if (k === 1) return [sorted[0] as number];
  const sample: number[] = [];
  for (let i = 0; i < k; i++) sample.push(sorted[Math.round((i * (n - 1)) / (k - 1))] as number);
  return sample;
}

/** Neumaier-compensated sum of (x - shift)^power, power 1 or 2; accurate over millions of values. */
function compensatedSum(values: ArrayLike<number>, shift: number, power: 1 | 2): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const d = (values[i] as number) - shift;
    const x = power === 1 ? d : d * d;
    const t = sum + x;
    // Comparisons instead of Math.abs: global lookups are slow inside jest's vm context.
    const sumIsLarger = (sum >= 0 ? sum : -sum) >= (x >= 0 ? x : -x);
    compensation += sumIsLarger ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/** Mean like `np.mean(x)`; NaN for an empty sample. */
export function mean(values: ArrayLike<number>): number {
  return compensatedSum(values, 0, 1) / values.length;
}

/** Sample standard deviation like `np.std(x, ddof=1)` (two-pass); null when n < 2. */
export function sampleStd(values: ArrayLike<number>, valuesMean: number): number | null {
  if (values.length < 2) return null;
  return Math.sqrt(compensatedSum(values, valuesMean, 2) / (values.length - 1));
}

/** Distinct values of a sorted array (0 and -0 count as one, like `np.unique`). */
export function countDistinctSorted(sorted: ArrayLike<number>): number {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  }
  return distinct;
}

/**
 * Order statistics of integers given as value → count (e.g. string lengths), without expanding
 * them: memory is one entry per distinct value.
 */
export function orderStatisticsFromCounts(counts: ReadonlyMap<number, number>): OrderStatistics {
  const values = [...counts.keys()].sort((a, b) => a - b);
  const ends: number[] = []; // ends[j] = number of values ≤ values[j]
  let total = 0;
  for (const v of values) {
    total += counts.get(v) ?? 0;
    ends.push(total);
  }
  return {
    length: total,
    at(index: number): number | undefined {
      if (index < 0 || index >= total) return undefined;
      let lo = 0;
      let hi = ends.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((ends[mid] as number) > index) hi = mid;
        else lo = mid + 1;
      }
      return values[lo];
    },
  };
}
