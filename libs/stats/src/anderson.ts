// The two-sample Anderson–Darling test, midrank version (Scholz & Stephens 1987, eq. 7), as
// `scipy.stats.anderson_ksamp([a, b])` computes it (SciPy 1.17, scipy/stats/_morestats.py).

/** Significance levels of SciPy's interpolation table (Scholz & Stephens, Table 2). */
const SIG = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001] as const;
// Interpolation coefficients b0, b1, b2 of Table 2 of Scholz & Stephens 1987 (as in SciPy).
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085] as const;
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615] as const;
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154] as const;

/** Critical values of the standardised statistic for two samples (m = k − 1 = 1). */
export const ANDERSON_CRITICAL_VALUES: readonly number[] = B0.map((b0, i) => b0 + B1[i]! + B2[i]!);

/**
 * Least-squares quadratic c0·x² + c1·x + c2 through (xs, ys) (`np.polyfit(xs, ys, 2)`), by a
 * modified Gram–Schmidt QR of the Vandermonde matrix.
 */
function quadraticFit(xs: readonly number[], ys: readonly number[]): [number, number, number] {
  const n = xs.length;
  const cols = [xs.map((x) => x * x), [...xs], xs.map(() => 1)];
  const r = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const q: number[][] = [];
  for (let k = 0; k < 3; k++) {
    const v = [...cols[k]!];
    for (let p = 0; p < k; p++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[p]![i]! * v[i]!;
      r[p]![k] = dot;
      for (let i = 0; i < n; i++) v[i] = v[i]! - dot * q[p]![i]!;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    r[k]![k] = norm;
    q.push(v.map((x) => x / norm));
  }
  const qty = q.map((col) => col.reduce((s, x, i) => s + x * ys[i]!, 0));
  const c = [0, 0, 0];
  for (let k = 2; k >= 0; k--) {
    let s = qty[k]!;
    for (let p = k + 1; p < 3; p++) s -= r[k]![p]! * c[p]!;
    c[k] = s / r[k]![k]!;
  }
  return [c[0]!, c[1]!, c[2]!];
}

/** log(significance level) as a quadratic in the critical value, fitted once. */
const LOG_SIG_FIT = quadraticFit(
  ANDERSON_CRITICAL_VALUES,
  SIG.map((s) => Math.log(s)),
);

/** Where the p-value of `andersonDarlingTwoSample` comes from. */
export type AndersonPValue = 'interpolated' | 'capped' | 'floored';

/** The result of the two-sample Anderson–Darling test. */
export interface AndersonResult {
  /** The standardised statistic (A²akN − 1) / σN. */
  statistic: number;
  /** SciPy's approximate p-value, capped at 0.25 and floored at 0.001. */
  pValue: number;
  /** 'capped': the statistic is below the table (true p > 0.25); 'floored': above (p < 0.001). */
  pValueSource: AndersonPValue;
}

/**
 * Two-sample Anderson–Darling test on ascending, NaN-free samples, like SciPy's
 * `anderson_ksamp([a, b])` (midrank variant, its default): the statistic of Scholz & Stephens
 * (1987) eq. 7 standardised by its exact variance under H0, and the p-value interpolated from
 * their Table 2 as SciPy does (`exp(polyval(polyfit(critical, log(sig), 2), A2))`), capped at
 * 0.25 and floored at 0.001. One merge of the two samples: O(n + m).
 *
 * NaN statistic and p-value when the pooled sample has fewer than two distinct values (SciPy
 * raises) or fewer than 4 values (the variance is undefined).
 */
export function andersonDarlingTwoSample(
  sortedA: Float64Array,
  sortedB: Float64Array,
): AndersonResult {
  const n = sortedA.length;
  const m = sortedB.length;
  const N = n + m;
  const undefinedResult: AndersonResult = {
    statistic: NaN,
    pValue: NaN,
    pValueSource: 'interpolated',
  };
  if (n === 0 || m === 0 || N < 4) return undefinedResult;
  // A2akN: a sum over the distinct pooled values z_j.
  let sumA = 0;
  let sumB = 0;
  let i = 0;
  let j = 0;
  let distinct = 0;
  while (i < n || j < m) {
    const a = i < n ? sortedA[i]! : Infinity;
    const b = j < m ? sortedB[j]! : Infinity;
    const z = a <= b ? a : b;
    const less = i + j; // pooled values < z
    let fa = 0;
    while (i < n && sortedA[i] === z) {
      i++;
      fa++;
    }
    let fb = 0;
    while (j < m && sortedB[j] === z) {
      j++;
      fb++;
    }
    distinct++;
    const lj = fa + fb;
    const bj = less + lj / 2;
    const denom = bj * (N - bj) - (N * lj) / 4;
    if (denom > 0) {
      const ma = i - fa / 2; // midrank ECDF count of sample A at z
      const mb = j - fb / 2;
      sumA += ((lj / N) * (N * ma - bj * n) ** 2) / denom;
      sumB += ((lj / N) * (N * mb - bj * m) ** 2) / denom;
    }
  }
  if (distinct < 2) return undefinedResult;
  const a2kN = ((sumA / n + sumB / m) * (N - 1)) / N;

  // Variance of A2kN under H0 (Scholz & Stephens eq. 4), k = 2 samples.
  const k = 2;
  const H = 1 / n + 1 / m;
  let hs = 0; // running Σ 1/(N−1) + … (SciPy's hs_cs)
  let g = 0;
  for (let idx = 0; idx <= N - 3; idx++) {
    hs += 1 / (N - 1 - idx);
    g += hs / (idx + 2);
  }
  const h = hs + 1;
  const ca = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const cb = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const cc = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const cd = (2 * h + 6) * k * k - 4 * h * k;
  const sigmaSq = (ca * N ** 3 + cb * N ** 2 + cc * N + cd) / ((N - 1) * (N - 2) * (N - 3));
  const statistic = (a2kN - (k - 1)) / Math.sqrt(sigmaSq);

  const lowest = ANDERSON_CRITICAL_VALUES[0]!;
  const highest = ANDERSON_CRITICAL_VALUES[ANDERSON_CRITICAL_VALUES.length - 1]!;
  if (statistic < lowest) return { statistic, pValue: 0.25, pValueSource: 'capped' };
  if (statistic > highest) return { statistic, pValue: 0.001, pValueSource: 'floored' };
  const [c0, c1, c2] = LOG_SIG_FIT;
  const pValue = Math.exp((c0 * statistic + c1) * statistic + c2);
  return { statistic, pValue, pValueSource: 'interpolated' };
}
