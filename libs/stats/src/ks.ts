import { kolmogorovSf } from './special';

/** SciPy's `ks_2samp` switches from exact to asymptotic above this sample size (MAX_AUTO_N). */
export const KS_MAX_EXACT_N = 10_000;

/**
 * The two-sample KS statistic D = sup |F_a − F_b| of two ascending samples, by a merge that
 * skips ahead: i/n − j/m is tracked as the integer i·m − j·n (exact below 2^53), which moves by
 * at most max(n, m) per merged element, so when it is s steps short of the best so far, the next
 * s elements (in merge order) cannot beat it and are passed by one binary search instead of a
 * step each. Ties are consumed whole before the difference is read, as SciPy evaluates the
 * ECDFs at each distinct value. Exactly the merge's answer; for large samples from near
 * distributions it visits a small share of the elements.
 */
export function ksStatistic(sortedA: Float64Array, sortedB: Float64Array): number {
  const n = sortedA.length;
  const m = sortedB.length;
  if (n === 0 || m === 0) return NaN;
  const stepMax = Math.max(n, m);
  let i = 0;
  let j = 0;
  let best = 0;
  while (i < n && j < m) {
    const skip = Math.floor((best - Math.abs(i * m - j * n)) / stepMax);
    if (skip >= 2) {
      // Take the next `skip` elements of the merge (A first on ties): the smallest i' in range
      // whose next A comes after the last B taken.
      const total = i + j + skip;
      let lo = Math.max(i, total - m);
      let hi = Math.min(n, i + skip);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const jj = total - mid;
        if (jj <= j || sortedA[mid]! > sortedB[jj - 1]!) hi = mid;
        else lo = mid + 1;
      }
      i = lo;
      j = total - lo;
      continue;
    }
    const a = sortedA[i]!;
    const b = sortedB[j]!;
    if (a < b) {
      i++;
      while (i < n && sortedA[i] === a) i++;
    } else if (b < a) {
      j++;
      while (j < m && sortedB[j] === b) j++;
    } else {
      i++;
      j++;
      while (i < n && sortedA[i] === a) i++;
      while (j < m && sortedB[j] === b) j++;
    }
    const diff = Math.abs(i * m - j * n);
    if (diff > best) best = diff;
  }
  return best / (n * m);
}

/** Which p-value `ksTwoSample` computed. */
export type KsMethod = 'exact' | 'asymp';

/** The result of the two-sample KS test. */
export interface KsResult {
  statistic: number;
  pValue: number;
  method: KsMethod;
}

/**
 * SciPy's exact two-sided probability for equal sample sizes n and D = h/n
 * (`scipy.stats._stats_py._compute_prob_outside_square`).
 */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Exact two-sided P(D ≥ h/lcm) for sizes m, n: one minus the share of monotone lattice paths
 * from (0, 0) to (m, n) that stay strictly inside |i·n − j·m| < h·g. Each cell holds the
 * probability B(i, j) = (i·B(i−1, j) + j·B(i, j−1)) / (i + j), so nothing overflows; the band
 * keeps the work near D·m·n. The quantity SciPy's `_compute_outer_prob_inside_method` computes.
 */
function probOutsideBand(m: number, n: number, g: number, h: number): number {
  const hg = h * g;
  const b = new Float64Array(n + 1);
  // Column i = 0: B(0, j) = 1 while |−j·m| < h·g.
  let prevHi = -1;
  for (let j = 0; j <= n && j * m < hg; j++) {
    b[j] = 1;
    prevHi = j;
  }
  let prevLo = 0;
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(0, Math.floor((i * n - hg) / m) + 1);
    const hi = Math.min(n, Math.ceil((i * n + hg) / m) - 1);
    if (hi < lo) return 1;
    for (let j = prevLo; j < lo; j++) b[j] = 0;
    for (let j = lo; j <= hi; j++) {
      const left = j <= prevHi ? b[j]! : 0; // B(i − 1, j)
      const down = j > lo ? b[j - 1]! : 0; // B(i, j − 1)
      b[j] = (i * left + j * down) / (i + j);
    }
    prevLo = lo;
    prevHi = hi;
  }
  return prevHi === n ? 1 - b[n]! : 1;
}

/**
 * Two-sided two-sample Kolmogorov–Smirnov test on ascending, NaN-free samples, like SciPy's
 * `ks_2samp(a, b)`.
 *
 * `method: 'auto'` (default) is SciPy's: exact when the larger sample has ≤ 10,000 values,
 * asymptotic otherwise (and when the exact result is not a valid probability). Exact uses SciPy's
 * formulas (a closed form for equal sizes, the lattice-path count otherwise). The asymptotic
 * p-value is the Kolmogorov limiting distribution `kolmogorov(√(nm/(n+m)) · D)`; SciPy's 'asymp'
 * uses the finite-n `kstwo.sf(D, round(nm/(n+m)))`, close for large samples but not equal.
 */
export function ksTwoSample(
  sortedA: Float64Array,
  sortedB: Float64Array,
  method: 'auto' | KsMethod = 'auto',
): KsResult {
  const n = sortedA.length;
  const m = sortedB.length;
  const statistic = ksStatistic(sortedA, sortedB);
  if (statistic !== statistic) return { statistic, pValue: NaN, method: 'asymp' };
  const exact = method === 'exact' || (method === 'auto' && Math.max(n, m) <= KS_MAX_EXACT_N);
  if (exact) {
    const g = gcd(n, m);
    const lcm = (n / g) * m;
    const h = Math.round(statistic * lcm);
    if (h === 0) return { statistic, pValue: 1, method: 'exact' };
    const p = n === m ? probOutsideSquare(n, h) : probOutsideBand(n, m, g, h);
    if (p >= 0 && p <= 1) return { statistic, pValue: p, method: 'exact' };
  }
  const en = (n * m) / (n + m);
  return { statistic, pValue: kolmogorovSf(Math.sqrt(en) * statistic), method: 'asymp' };
}
