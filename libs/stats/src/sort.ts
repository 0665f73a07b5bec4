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

/**
 * The k-th smallest (0-based) value of `values`, NaN-free, by quickselect (Hoare partition,
 * median-of-three pivot, deterministic). Reorders `values` in place; O(n) on average.
 */
export function selectKth(values: Float64Array, k: number): number {
  if (!(k >= 0 && k < values.length)) throw new RangeError(`k must be in [0, ${values.length})`);
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot value.
    const a = values[lo]!;
    const b = values[mid]!;
    const c = values[hi]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}
