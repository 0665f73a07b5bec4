// The empirical maximum mean discrepancy test with a Gaussian (RBF) kernel and a permutation
// p-value, as Evidently's `empirical_mmd` computes it (src/evidently/legacy/calculations/
// stattests/mmd_stattest.py), made deterministic: a seeded PRNG instead of np.random.

import { mulberry32, sampleIndices, shuffleInPlace } from './random';
import { selectKth } from './sort';

/** Options of `mmdPermutationTest`. */
export interface MmdOptions {
  /** Number of random relabellings for the p-value (Evidently: 100). */
  permutations?: number;
  /** Seed of the mulberry32 stream used for subsampling and permutations (default 0). */
  seed?: number;
  /**
   * At most this many values of each sample are used (a uniform random subsample without
   * replacement, from the same seeded stream): the kernel matrix is O((n + m)²). Default ∞.
   */
  maxSamples?: number;
}

/** The result of the MMD permutation test. */
export interface MmdResult {
  /** The unbiased MMD² estimate of the (subsampled) samples. */
  statistic: number;
  /** The share of permutations whose MMD² is ≥ the observed one. */
  pValue: number;
  /** Bandwidth of the RBF kernel: the median heuristic on the reference. */
  sigma: number;
  /** The sample sizes used (after subsampling). */
  referenceSize: number;
  currentSize: number;
}

function pick(sorted: Float64Array, max: number, rng: () => number): Float64Array {
  if (sorted.length <= max) return sorted;
  const idx = sampleIndices(sorted.length, max, rng);
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = sorted[idx[i]!]!;
  return out;
}

/**
 * Evidently's bandwidth: σ = √(½ · median of the n × n squared distances of the reference),
 * numpy's 'nearest' median of the flattened matrix (the n zeros of its diagonal included, each
 * pair twice), or √½ when that median is 0.
 */
function medianSigma(x: Float64Array): number {
  const n = x.length;
  const k = Math.floor((n * n) / 2); // np.percentile(·, 50, method='nearest') of n² values
  let median = 0;
  if (k >= n) {
    const d = new Float64Array((n * (n - 1)) / 2);
    let p = 0;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) d[p++] = (x[i]! - x[j]!) * (x[i]! - x[j]!);
    median = selectKth(d, Math.floor((k - n) / 2));
  }
  const sigma = Math.sqrt(0.5 * median);
  return sigma === 0 ? Math.sqrt(0.5) : sigma;
}

/**
 * Empirical MMD² test of two ascending, NaN-free samples: Gaussian kernel
 * k(s, t) = exp(−(s − t)² / (2σ²)) with σ from the reference by the median heuristic; the
 * unbiased statistic 1/(n(n−1)) Σ_{i≠j} k(x_i, x_j) + 1/(m(m−1)) Σ_{i≠j} k(y_i, y_j)
 * − 2/(nm) Σ k(x_i, y_j); the p-value the share of `permutations` random relabellings of the
 * pooled sample whose statistic is ≥ the observed one (Evidently's `(mmd <= mmd_permuted).mean()`,
 * so it may be 0).
 *
 * Deterministic: one mulberry32 stream seeded with `seed` draws, in order, the reference
 * subsample (only if n > maxSamples, `sampleIndices`), the current subsample (likewise), then
 * one Fisher–Yates shuffle of the pooled indices per permutation (the shuffles chain: each
 * starts from the previous order); the first n shuffled indices form the reference.
 * Cost: the kernel's upper triangle, (n + m)² / 2 doubles, and (n² + m²) / 2 additions per
 * permutation (the cross-group sum is the total minus the within-group sums). NaN when a sample
 * has fewer than two values.
 */
export function mmdPermutationTest(
  sortedA: Float64Array,
  sortedB: Float64Array,
  options: MmdOptions = {},
): MmdResult {
  const permutations = options.permutations ?? 100;
  const rng = mulberry32(options.seed ?? 0);
  const max = options.maxSamples ?? Infinity;
  const x = pick(sortedA, max, rng);
  const y = pick(sortedB, max, rng);
  const n = x.length;
  const m = y.length;
  if (n < 2 || m < 2)
    return { statistic: NaN, pValue: NaN, sigma: NaN, referenceSize: n, currentSize: m };
  const sigma = medianSigma(x);
  const gamma = 1 / (2 * sigma * sigma);
  const N = n + m;
  const z = new Float64Array(N);
  z.set(x);
  z.set(y, n);
  // Upper triangle of the kernel matrix, row by row: k(z_i, z_j), j > i, at rowStart[i] + j.
  const kernel = new Float64Array((N * (N - 1)) / 2);
  const rowStart = new Float64Array(N);
  let total = 0;
  let p = 0;
  for (let i = 0; i < N; i++) {
    rowStart[i] = p - i - 1;
    const zi = z[i]!;
    for (let j = i + 1; j < N; j++) {
      const d = zi - z[j]!;
      const v = Math.exp(-gamma * d * d);
      kernel[p++] = v;
      total += v;
    }
  }
  // Σ_{i<j} k over pairs within one group, its members ascending: one row gather per member.
  const withinSum = (members: Int32Array): number => {
    let s = 0;
    for (let a = 0; a < members.length; a++) {
      const start = rowStart[members[a]!]!;
      for (let b = a + 1; b < members.length; b++) s += kernel[start + members[b]!]!;
    }
    return s;
  };
  const xs = new Int32Array(n);
  const ys = new Int32Array(m);
  const inX = new Uint8Array(N);
  const statisticOf = (): number => {
    let u = 0;
    let v = 0;
    for (let i = 0; i < N; i++) {
      if (inX[i] === 1) xs[u++] = i;
      else ys[v++] = i;
    }
    const sxx = withinSum(xs);
    const syy = withinSum(ys);
    const sxy = total - sxx - syy;
    return a * 2 * sxx + b * 2 * syy - (2 * sxy) / (n * m);
  };
  const a = 1 / (n * (n - 1));
  const b = 1 / (m * (m - 1));
  inX.fill(1, 0, n);
  const statistic = statisticOf();
  const order = new Int32Array(N);
  for (let i = 0; i < N; i++) order[i] = i;
  let extreme = 0;
  for (let r = 0; r < permutations; r++) {
    shuffleInPlace(order, rng);
    for (let t = 0; t < N; t++) inX[order[t]!] = t < n ? 1 : 0;
    if (statistic <= statisticOf()) extreme++;
  }
  const pValue = permutations > 0 ? extreme / permutations : NaN;
  return { statistic, pValue, sigma, referenceSize: n, currentSize: m };
}
