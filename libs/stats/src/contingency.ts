// Tests on counts: Fisher's exact test of a 2×2 table and the G (log-likelihood ratio) statistic.

/** The result of Fisher's exact test. */
export interface FisherResult {
  /** The sample odds ratio (a·d) / (b·c): ∞ when b·c = 0, NaN when a row or column is empty. */
  oddsRatio: number;
  /** The two-sided p-value. */
  pValue: number;
}

/**
 * Relative tolerance under which two table probabilities count as equal in the two-sided sum
 * (R's `fisher.test` uses 1e-7; SciPy 1e-14 on values it computes to a similar precision).
 */
const FISHER_TIE = 1 + 1e-7;

/**
 * Fisher's exact test of the 2×2 table [[a, b], [c, d]] (non-negative integer counts), two-sided,
 * like `scipy.stats.fisher_exact([[a, b], [c, d]])`: the sum of the probabilities of all tables
 * with the same margins that are no more likely than the observed one (hypergeometric). The
 * probabilities are walked outward from the mode by their ratio P(x + 1) / P(x), so no
 * factorial is formed: O(min(a + b, a + c)) time, no allocation, no overflow.
 * A row or column of zeros gives odds ratio NaN and p = 1, as SciPy.
 */
export function fisherExact2x2(a: number, b: number, c: number, d: number): FisherResult {
  for (const v of [a, b, c, d])
    if (!(Number.isInteger(v) && v >= 0))
      throw new RangeError('fisherExact2x2 needs non-negative integer counts');
  const n1 = a + b; // first row: the "successes" of the hypergeometric
  const n2 = c + d;
  const n = a + c; // first column: the draws
  if (n1 === 0 || n2 === 0 || n === 0 || b + d === 0) return { oddsRatio: NaN, pValue: 1 };
  const oddsRatio = c > 0 && b > 0 ? (a * d) / (c * b) : Infinity;
  const lo = Math.max(0, n - n2);
  const hi = Math.min(n, n1);
  // P(x + 1) / P(x) for the count x in the top-left cell.
  const ratio = (x: number) => ((n1 - x) * (n - x)) / ((x + 1) * (n2 - n + x + 1));
  const mode = Math.floor(((n + 1) * (n1 + 1)) / (n1 + n2 + 2));
  // Weights relative to P(mode) = 1: first the observed one, then the sums.
  let wObs = 1;
  if (a > mode) for (let x = mode; x < a; x++) wObs *= ratio(x);
  else for (let x = mode; x > a; x--) wObs /= ratio(x - 1);
  const limit = wObs * FISHER_TIE;
  let total = 1;
  let tail = 1 <= limit ? 1 : 0;
  let w = 1;
  for (let x = mode; x < hi && w > 0; x++) {
    w *= ratio(x);
    total += w;
    if (w <= limit) tail += w;
  }
  w = 1;
  for (let x = mode; x > lo && w > 0; x--) {
    w /= ratio(x - 1);
    total += w;
    if (w <= limit) tail += w;
  }
  return { oddsRatio, pValue: Math.min(1, tail / total) };
}

/**
 * The G statistic 2 Σ o·ln(o / e) of observed counts against expected counts (a cell with
 * o = 0 adds 0; o > 0 with e = 0 makes it ∞), as
 * `scipy.stats.power_divergence(o, e, lambda_='log-likelihood')`.
 */
export function gStatistic(observed: Float64Array, expected: Float64Array): number {
  let s = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i]!;
    if (o === 0) continue;
    const e = expected[i]!;
    if (e === 0) return Infinity;
    s += o * Math.log(o / e);
  }
  return 2 * s;
}
