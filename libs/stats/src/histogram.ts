import { isAscending, isKnownAscending, lowerBound, upperBound } from './sort';

/** How values outside the edges are counted. */
export interface HistogramOptions {
  /**
   * Count values below the first edge in the first bin and values above the last edge in the
   * last bin (the outer bins become open). Default false: such values are dropped, as numpy does.
   */
  openEnds?: boolean;
}

/**
 * Counts of `values` in the bins `[e0, e1), [e1, e2), …, [e(k-1), ek]` — numpy's
 * `np.histogram(values, edges)` semantics (last bin closed; with repeated edges a value goes to the
 * last bin starting at it). NaNs are ignored. `values` need not be sorted; ascending values are
 * counted in one walk along the edges.
 */
export function histogramCounts(
  values: Float64Array,
  edges: Float64Array,
  options: HistogramOptions = {},
): Float64Array {
  const k = edges.length - 1;
  const counts = new Float64Array(Math.max(k, 0));
  if (k < 1) return counts;
  const first = edges[0]!;
  const last = edges[k]!;
  const open = options.openEnds === true;
  if (isKnownAscending(values)) return countSortedNaNFree(values, edges, counts, open);
  if (isAscending(values)) return countAscending(values, edges, counts, open);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    let bin: number;
    if (v < first) {
      if (!open) continue;
      bin = 0;
    } else if (v >= last) {
      if (v > last && !open) continue;
      bin = k - 1;
    } else {
      bin = upperBound(edges, v) - 1;
    }
    counts[bin] = counts[bin]! + 1;
  }
  return counts;
}

/**
 * Ascending values without NaNs: each bin is a slice of `values`, found by binary search on its
 * left edge — O(k log n), no pass over the values. Bin b holds [lowerBound(e_b),
 * lowerBound(e_b+1)); a repeated edge makes an empty slice, so a value goes to the last bin
 * starting at it, as numpy; the last bin also takes values equal to the last edge.
 */
function countSortedNaNFree(
  values: Float64Array,
  edges: Float64Array,
  counts: Float64Array,
  open: boolean,
): Float64Array {
  const k = counts.length;
  const n = values.length;
  let start = open ? 0 : lowerBound(values, edges[0]!);
  for (let b = 0; b < k; b++) {
    const end =
      b < k - 1 ? lowerBound(values, edges[b + 1]!) : open ? n : upperBound(values, edges[k]!);
    counts[b] = end - start;
    start = end;
  }
  return counts;
}

function countAscending(
  values: Float64Array,
  edges: Float64Array,
  counts: Float64Array,
  open: boolean,
): Float64Array {
  const k = counts.length;
  const last = edges[k]!;
  let bin = 0;
  let i = 0;
  const n = values.length;
  // Values below the first edge.
  while (i < n && !(values[i]! >= edges[0]!)) {
    if (open && values[i] === values[i]) counts[0] = counts[0]! + 1;
    i++;
  }
  for (; i < n; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    if (v >= last) {
      if (v === last || open) counts[k - 1] = counts[k - 1]! + 1;
      continue;
    }
    // The last bin whose left edge is ≤ v (edges may repeat).
    while (bin + 1 < k && edges[bin + 1]! <= v) bin++;
    counts[bin] = counts[bin]! + 1;
  }
  return counts;
}
