import { defineDriftTest } from '@sextant/plugin-sdk';
import { chiSquareSf, countCategories, fisherExact2x2, gStatistic, normalSf } from '@sextant/stats';
import { z } from 'zod';
import { alignedCounts } from '../binning';

/**
 * Pearson χ² goodness of fit of the current counts to the reference shares scaled to the current
 * size (Evidently's `chisquare`; SciPy `chisquare(f_obs, f_exp)`), k − 1 degrees of freedom.
 * A category absent from the reference but present now gives χ² = ∞, p = 0, as SciPy does; a
 * single category overall gives χ² = 0, p = 1 (SciPy: NaN). Default threshold 0.05.
 */
export const chiSquareTest = defineDriftTest({
  name: 'chisquare',
  version: '1.0.0',
  description: 'Pearson chi-square test of category frequencies (p-value)',
  supports: ['categorical', 'binary'],
  params: z.object({}),
  defaultThreshold: 0.05,
  direction: 'p-value',
  run(reference, current, _params, threshold) {
    const c = alignedCounts(reference, current, 0);
    let nRef = 0;
    let nCur = 0;
    for (let i = 0; i < c.bins; i++) {
      nRef += c.reference[i]!;
      nCur += c.current[i]!;
    }
    const k = nCur / nRef;
    let statistic = 0;
    for (let i = 0; i < c.bins; i++) {
      const expected = c.reference[i]! * k;
      const observed = c.current[i]!;
      if (expected === 0) {
        if (observed > 0) statistic = Infinity;
      } else statistic += ((observed - expected) * (observed - expected)) / expected;
    }
    const dof = c.bins - 1;
    const pValue = dof < 1 ? 1 : statistic === Infinity ? 0 : chiSquareSf(statistic, dof);
    return { statistic, pValue, threshold, drifted: pValue < threshold, details: { dof } };
  },
});

/**
 * Two-proportion z-test (pooled), as Evidently's `z`: the first category in sorted order against
 * the rest; two-sided p = 2 · (1 − Φ(|z|)). Both columns constant on the same value: z = 0, p = 1.
 * Default threshold 0.05.
 */
export const zTest = defineDriftTest({
  name: 'z',
  version: '1.0.0',
  description: 'Two-proportion z-test (p-value)',
  supports: ['binary', 'categorical'],
  params: z.object({}),
  defaultThreshold: 0.05,
  direction: 'p-value',
  run(reference, current, _params, threshold) {
    if (reference.kind !== 'categorical' || current instanceof Float64Array)
      throw new TypeError('the z-test compares categorical columns');
    let nCur = 0;
    const curCounts = new Map<string, number>();
    for (const v of current) {
      if (v === null || v === undefined) continue;
      nCur++;
      curCounts.set(v, (curCounts.get(v) ?? 0) + 1);
    }
    const keys = [...new Set([...reference.categories.keys(), ...curCounts.keys()])].sort();
    const first = keys[0]!;
    if (keys.length === 1) {
      return { statistic: 0, pValue: 1, threshold, drifted: false, details: { category: first } };
    }
    const n1 = reference.total;
    const n2 = nCur;
    // Share of values that are *not* the first category (Evidently codes the first as 0).
    const p1 = (n1 - (reference.categories.get(first) ?? 0)) / n1;
    const p2 = (n2 - (curCounts.get(first) ?? 0)) / n2;
    const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    const statistic = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    const pValue = 2 * normalSf(Math.abs(statistic));
    return {
      statistic,
      pValue,
      threshold,
      drifted: pValue < threshold,
      details: { category: first },
    };
  },
});

/**
 * G-test (log-likelihood ratio) of the current counts against the reference shares scaled to
 * the current size, as Evidently's `g_test` (src/evidently/legacy/calculations/stattests/
 * g_stattest.py: `power_divergence(f_obs, f_exp, lambda_="log-likelihood")`), k − 1 degrees of
 * freedom. A category absent from the reference but present now gives G = ∞, p = 0; a single
 * category overall G = 0, p = 1 (SciPy: NaN). Evidently's default threshold 0.1.
 */
export const gTest = defineDriftTest({
  name: 'g_test',
  version: '1.0.0',
  description: 'G-test (log-likelihood ratio) of category frequencies (p-value)',
  supports: ['categorical', 'binary'],
  params: z.object({}),
  defaultThreshold: 0.1,
  direction: 'p-value',
  run(reference, current, _params, threshold) {
    const c = alignedCounts(reference, current, 0);
    let nRef = 0;
    let nCur = 0;
    for (let i = 0; i < c.bins; i++) {
      nRef += c.reference[i]!;
      nCur += c.current[i]!;
    }
    const k = nCur / nRef;
    const expected = new Float64Array(c.bins);
    for (let i = 0; i < c.bins; i++) expected[i] = c.reference[i]! * k;
    const dof = c.bins - 1;
    if (dof < 1) return { statistic: 0, pValue: 1, threshold, drifted: false, details: { dof } };
    const statistic = gStatistic(c.current, expected);
    const pValue = statistic === Infinity ? 0 : chiSquareSf(statistic, dof);
    return { statistic, pValue, threshold, drifted: pValue < threshold, details: { dof } };
  },
});

/**
 * Fisher's exact test (two-sided) of the 2×2 table [[current a, current b], [reference a,
 * reference b]] for a binary column with categories a < b (sorted), as Evidently's
 * `fisher_exact` (src/evidently/legacy/calculations/stattests/fisher_exact_stattest.py and
 * `generate_fisher2x2_contingency_table` in utils.py; `scipy.stats.fisher_exact`). The statistic
 * is the odds ratio (current a · reference b) / (current b · reference a), `details.category`
 * names a. Unlike Evidently, the two windows may differ in size. A column with one category
 * overall: odds ratio NaN, p = 1, as SciPy. More than two categories is a TypeError (Evidently
 * raises too). Evidently's default threshold 0.1.
 */
export const fisherExactTest = defineDriftTest({
  name: 'fisher_exact',
  version: '1.0.0',
  description: "Fisher's exact test of a binary column (p-value)",
  supports: ['binary'],
  params: z.object({}),
  defaultThreshold: 0.1,
  direction: 'p-value',
  run(reference, current, _params, threshold) {
    if (reference.kind !== 'categorical' || current instanceof Float64Array)
      throw new TypeError("Fisher's exact test compares categorical columns");
    const cur = countCategories(current).categories;
    const keys = [...new Set([...reference.categories.keys(), ...cur.keys()])].sort();
    if (keys.length > 2)
      throw new TypeError(
        `Fisher's exact test needs a binary column; found ${keys.length} categories`,
      );
    const [first, second] = keys as [string, string | undefined];
    const count = (m: ReadonlyMap<string, number>, k: string | undefined) =>
      k === undefined ? 0 : (m.get(k) ?? 0);
    const r = fisherExact2x2(
      count(cur, first),
      count(cur, second),
      count(reference.categories, first),
      count(reference.categories, second),
    );
    return {
      statistic: r.oddsRatio,
      pValue: r.pValue,
      threshold,
      drifted: r.pValue < threshold,
      details: { category: first },
    };
  },
});
