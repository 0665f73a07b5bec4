import { defineDriftTest } from '@sextant/plugin-sdk';
import { chiSquareSf, normalSf } from '@sextant/stats';
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
