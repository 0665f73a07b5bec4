import { upperBound } from './sort';

/** The empirical CDF of an ascending sample at `x`: the share of values ≤ x (NaN if empty). */
export function ecdf(sorted: Float64Array, x: number): number {
  if (sorted.length === 0) return NaN;
  return upperBound(sorted, x) / sorted.length;
}
