/** A sorted copy of a sample, without its NaNs. */
export interface SortedSample {
  /** Ascending, NaN-free values. */
  sorted: Float64Array;
  /** How many NaN values were dropped. */
  nanCount: number;
}

/**
 * Sorts a copy of `values` ascending, dropping (and counting) NaNs; the input is left untouched.
 * Input that is already ascending is only copied, so a host may sort a window once and hand the
 * sorted window to several tests.
 */
export function sortedCopy(values: Float64Array): SortedSample {
  const out = new Float64Array(values.length);
  let n = 0;
  let ascending = true;
  let prev = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) {
      if (v < prev) ascending = false;
      prev = v;
      out[n++] = v;
    }
  }
  const sorted = n === values.length ? out : out.slice(0, n);
  if (!ascending) sorted.sort();
  return { sorted, nanCount: values.length - n };
}

/** Whether `values` is ascending (NaNs skipped). */
export function isAscending(values: Float64Array): boolean {
  let prev = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < prev) return false;
    if (v === v) prev = v;
  }
  return true;
}

/** Index of the first element of `sorted` strictly greater than `x` (C++ `upper_bound`). */
export function upperBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
