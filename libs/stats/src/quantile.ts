/**
 * The q-quantile (0 ≤ q ≤ 1) of an ascending, NaN-free sample, with numpy's default 'linear'
 * interpolation (`np.quantile(x, q)`). NaN for an empty sample.
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0 || !(q >= 0 && q <= 1)) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  if (lo + 1 >= n) return a;
  const b = sorted[lo + 1]!;
  const frac = h - lo;
  return frac === 0 ? a : a + frac * (b - a);
}

/**
 * `bins + 1` edges at the quantiles 0, 1/bins, …, 1 of an ascending sample (the edges of
 * equal-frequency bins). Edges repeat when the sample has ties. Empty for an empty sample.
 */
export function quantileEdges(sorted: Float64Array, bins = 10): Float64Array {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer`);
  if (sorted.length === 0) return new Float64Array(0);
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = quantileSorted(sorted, i / bins);
  return edges;
}
