// The two-sample Cramér–von Mises test as `scipy.stats.cramervonmises_2samp` computes it
// (SciPy 1.17, scipy/stats/_hypotests.py; Evidently's `cramer_von_mises` carries a copy).

import { besselKScaled, lnGamma } from './special';

/** SciPy's `method='auto'` is exact while the larger sample has at most this many values. */
export const CVM_MAX_EXACT_N = 20;

/** Which p-value `cramerVonMisesTwoSample` computed. */
export type CvmMethod = 'exact' | 'asymptotic';

/** The result of the two-sample Cramér–von Mises test. */
export interface CvmResult {
  /** Anderson's T (1962, eq. 9). */
  statistic: number;
  pValue: number;
  method: CvmMethod;
}

/**
 * The limiting CDF of the one-sample Cramér–von Mises statistic (Csörgő & Faraway 1996,
 * eq. 1.2), summed until a term is below 1e-7, as SciPy's `_cdf_cvm_inf`.
 */
export function cramerVonMisesLimitCdf(x: number): number {
  if (!(x > 0)) return 0;
  let total = 0;
  for (let k = 0; k < 1000; k++) {
    const u = Math.exp(lnGamma(k + 0.5) - lnGamma(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x));
    const y = 4 * k + 1;
    const q = (y * y) / (16 * x);
    // exp(−q) · K_{1/4}(q) = exp(−2q) · kve(1/4, q)
    const z = u * Math.sqrt(y) * Math.exp(-2 * q) * besselKScaled(0.25, q);
    total += z;
    if (Math.abs(z) < 1e-7) break;
  }
  return total;
}

/** ⌊x / y⌋ for exactly representable integers x (or half-integers) and y > 0. */
function floorDiv(x: number, y: number): number {
  let q = Math.floor(x / y);
  if (q * y > x) q -= 1;
  else if ((q + 1) * y <= x) q += 1;
  return q;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** A frequency table: ascending integer values and how many lattice paths reach each. */
interface Table {
  values: Float64Array;
  freqs: Float64Array;
}

const EMPTY: Table = { values: new Float64Array(0), freqs: new Float64Array(0) };

/** The union of two tables (frequencies of equal values added), every value shifted by `shift`. */
function mergeShift(p: Table, q: Table, shift: number): Table {
  const values = new Float64Array(p.values.length + q.values.length);
  const freqs = new Float64Array(values.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < p.values.length || j < q.values.length) {
    const a = i < p.values.length ? p.values[i]! : Infinity;
    const b = j < q.values.length ? q.values[j]! : Infinity;
    if (a < b) {
      values[k] = a + shift;
      freqs[k++] = p.freqs[i++]!;
    } else if (b < a) {
      values[k] = b + shift;
      freqs[k++] = q.freqs[j++]!;
    } else {
      values[k] = a + shift;
      freqs[k++] = p.freqs[i++]! + q.freqs[j++]!;
    }
  }
  return { values: values.subarray(0, k), freqs: freqs.subarray(0, k) };
}

/**
 * Exact P(U ≥ u) for sample sizes m, n: Xiao, Gordon & Yakovlev (2006), Algorithm 1, the
 * frequency tables of Σ (a·v − b·u)² over the lattice paths from (0, 0) to (n, m), as SciPy's
 * `_pval_cvm_2samp_exact`. Frequencies are exact integers in doubles (C(40, 20) < 2⁵³).
 */
function exactPValue(u: number, m: number, n: number): number {
  const lcm = (m / gcd(m, n)) * n;
  const a = lcm / m;
  const b = lcm / n;
  const mn = m * n;
  const zeta = floorDiv(lcm * lcm * (m + n) * (6 * u - mn * (4 * mn - 1)), 6 * mn * mn);
  let row: Table[] = [{ values: Float64Array.of(0), freqs: Float64Array.of(1) }];
  for (let v = 1; v <= m; v++) row.push(EMPTY);
  for (let uu = 0; uu <= n; uu++) {
    const next: Table[] = [];
    let tmp = EMPTY;
    for (let v = 0; v <= m; v++) {
      tmp = mergeShift(tmp, row[v]!, (a * v - b * uu) ** 2);
      next.push(tmp);
    }
    row = next;
  }
  const last = row[m]!;
  let total = 0;
  let tail = 0;
  for (let k = 0; k < last.values.length; k++) {
    total += last.freqs[k]!;
    if (last.values[k]! >= zeta) tail += last.freqs[k]!;
  }
  return tail / total;
}

/**
 * Two-sample Cramér–von Mises test on ascending, NaN-free samples, like SciPy's
 * `cramervonmises_2samp(a, b, method)`: T from the midranks of the pooled sample (ties get
 * midranks, as SciPy), in one merge.
 *
 * `method: 'auto'` (default) is SciPy's: exact when both samples have ≤ 20 values, asymptotic
 * otherwise. 'exact' is honoured only up to 20 values per sample too (the frequency tables grow
 * fast beyond); larger samples fall back to 'asymptotic', and `method` says which was used.
 * Asymptotic: the normalised statistic against the limiting one-sample distribution (Anderson
 * 1962, eq. 15; 1 when it is below 0.003).
 *
 * NaN when a sample has fewer than two values (SciPy raises).
 */
export function cramerVonMisesTwoSample(
  sortedA: Float64Array,
  sortedB: Float64Array,
  method: 'auto' | CvmMethod = 'auto',
): CvmResult {
  const nx = sortedA.length;
  const ny = sortedB.length;
  if (nx < 2 || ny < 2) return { statistic: NaN, pValue: NaN, method: 'asymptotic' };
  // U = nx Σ (r_i − i)² + ny Σ (s_j − j)², r and s the pooled midranks of each sample.
  let sx = 0;
  let sy = 0;
  let i = 0;
  let j = 0;
  while (i < nx || j < ny) {
    const a = i < nx ? sortedA[i]! : Infinity;
    const b = j < ny ? sortedB[j]! : Infinity;
    const z = a <= b ? a : b;
    let ci = 0;
    while (i + ci < nx && sortedA[i + ci] === z) ci++;
    let cj = 0;
    while (j + cj < ny && sortedB[j + cj] === z) cj++;
    const mid = i + j + (ci + cj + 1) / 2;
    for (let t = 1; t <= ci; t++) sx += (mid - (i + t)) ** 2;
    for (let t = 1; t <= cj; t++) sy += (mid - (j + t)) ** 2;
    i += ci;
    j += cj;
  }
  const u = nx * sx + ny * sy;
  const k = nx * ny;
  const N = nx + ny;
  const statistic = u / (k * N) - (4 * k - 1) / (6 * N);
  const exact = method !== 'asymptotic' && Math.max(nx, ny) <= CVM_MAX_EXACT_N;
  if (exact) return { statistic, pValue: exactPValue(u, nx, ny), method: 'exact' };
  const et = (1 + 1 / N) / 6;
  const vt = ((N + 1) * (4 * k * N - 3 * (nx * nx + ny * ny) - 2 * k)) / (45 * N * N * 4 * k);
  const tn = 1 / 6 + (statistic - et) / Math.sqrt(45 * vt);
  const pValue = tn < 0.003 ? 1 : Math.max(0, 1 - cramerVonMisesLimitCdf(tn));
  return { statistic, pValue, method: 'asymptotic' };
}
