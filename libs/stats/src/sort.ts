/** A sorted copy of a sample, without its NaNs. */
export interface SortedSample {
  /** Ascending, NaN-free values. */
  sorted: Float64Array;
  /** How many NaN values were dropped. */
  nanCount: number;
}

/**
 * The arrays `sortedCopy` returned, remembered (weakly) as ascending and NaN-free, so that
 * `isAscending` and `ascendingSample` answer for them without a pass. Such arrays are read-only
 * by contract: drift tests are pure and the host never writes into a sorted sample.
 */
const knownAscending = new WeakSet<Float64Array>();

/**
 * Sorts a copy of `values` ascending, dropping (and counting) NaNs; the input is left untouched.
 * A sample this function returned is only copied, so a host may sort a window once and hand the
 * sorted window to several tests. The copy is a memcpy and the engine's numeric sort (which puts
 * NaNs last, where they are cut off): the cost of `values.slice().sort()`, nothing more.
 */
export function sortedCopy(values: Float64Array): SortedSample {
  const copy = values.slice();
  if (!knownAscending.has(values)) copy.sort();
  let n = copy.length;
  while (n > 0 && copy[n - 1] !== copy[n - 1]) n--;
  const sorted = n === copy.length ? copy : copy.slice(0, n);
  knownAscending.add(sorted);
  return { sorted, nanCount: values.length - n };
}

/**
 * `sortedCopy` that also drops ±Infinity (at the ends of the sorted copy, so without a pass):
 * the finite values ascending, and how many were NaN or infinite.
 */
export function finiteSortedCopy(values: Float64Array): { sorted: Float64Array; missing: number } {
  const { sorted } = sortedCopy(values);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi && sorted[lo] === -Infinity) lo++;
  while (hi > lo && sorted[hi - 1] === Infinity) hi--;
  if (lo === 0 && hi === sorted.length) return { sorted, missing: values.length - hi };
  const finite = sorted.slice(lo, hi);
  knownAscending.add(finite);
  return { sorted: finite, missing: values.length - finite.length };
}

/** Whether `values` is a sample `sortedCopy` returned (ascending, NaN-free), without a pass. */
export function isKnownAscending(values: Float64Array): boolean {
  return knownAscending.has(values);
}

/**
 * `values` itself when it is ascending and NaN-free (a sample the host sorted: no copy, no pass),
 * else its sorted NaN-free copy. For tests that only read the sorted sample.
 */
export function ascendingSample(values: Float64Array): Float64Array {
  if (knownAscending.has(values)) return values;
  let prev = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= prev)) return sortedCopy(values).sorted; // a descent or a NaN
    prev = v;
  }
  return values;
}

/** Whether `values` is ascending (NaNs skipped). */
export function isAscending(values: Float64Array): boolean {
  if (knownAscending.has(values)) return true;
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
  return firstIndex(sorted, x, true);
}

/** Index of the first element of `sorted` greater than or equal to `x` (C++ `lower_bound`). */
export function lowerBound(sorted: ArrayLike<number>, x: number): number {
  return firstIndex(sorted, x, false);
}

/** Binary search: the first index whose element is > x (`strictly`) or ≥ x. */
function firstIndex(sorted: ArrayLike<number>, x: number, strictly: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (strictly ? v <= x : v < x) lo = mid + 1;
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
