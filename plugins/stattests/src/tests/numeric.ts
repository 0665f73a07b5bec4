import { type DriftResult, defineDriftTest } from '@sextant/plugin-sdk';
import {
  andersonDarlingTwoSample,
  cramerVonMisesTwoSample,
  energyDistance,
  ksTwoSample,
  mmdPermutationTest,
  ascendingSample,
  wassersteinDistance,
} from '@sextant/stats';
import { z } from 'zod';
import { numericInputs } from '../binning';

/** Why a test has no value for inputs the SDK lets through (it answers empty inputs itself). */
type UndefinedReason = 'too-few-values' | 'single-value';

/** A well-formed "no result": statistic NaN, not drifted, and why. */
function undefinedResult(threshold: number, reason: UndefinedReason): DriftResult {
  return { statistic: NaN, threshold, drifted: false, details: { reason } };
}

/**
 * Two-sample Kolmogorov–Smirnov (two-sided) against the cached sorted reference; only the current
 * window is sorted. p-value as `@sextant/stats` ksTwoSample documents; Evidently's default 0.05.
 */
export const ksTest = defineDriftTest({
  name: 'ks',
  version: '1.0.0',
  description: 'Two-sample Kolmogorov–Smirnov test (p-value)',
  supports: ['numeric', 'text_length'],
  params: z.object({ method: z.enum(['auto', 'exact', 'asymp']).default('auto') }),
  defaultThreshold: 0.05,
  direction: 'p-value',
  run(reference, current, params, threshold) {
    const inputs = numericInputs(reference, current);
    const cur = ascendingSample(inputs.current);
    const r = ksTwoSample(inputs.reference.sorted, cur, params.method);
    return {
      statistic: r.statistic,
      pValue: r.pValue,
      threshold,
      drifted: r.pValue < threshold,
      details: { method: r.method },
    };
  },
});

/** Wasserstein-1 distance divided by max(reference std, 0.001), as Evidently; default 0.1. */
export const wassersteinTest = defineDriftTest({
  name: 'wasserstein',
  version: '1.0.0',
  description: 'Wasserstein distance normed by the reference standard deviation',
  supports: ['numeric', 'text_length'],
  params: z.object({}),
  defaultThreshold: 0.1,
  direction: 'distance',
  run(reference, current, _params, threshold) {
    const inputs = numericInputs(reference, current);
    const cur = ascendingSample(inputs.current);
    const norm = Math.max(inputs.reference.std, 0.001);
    const statistic = wassersteinDistance(inputs.reference.sorted, cur) / norm;
    return { statistic, threshold, drifted: statistic > threshold, details: { norm } };
  },
});

/**
 * Two-sample Anderson–Darling test (midrank version) against the cached sorted reference, like
 * `scipy.stats.anderson_ksamp([reference, current])`, whose p-value Evidently's `anderson`
 * reports (src/evidently/legacy/calculations/stattests/anderson_darling_stattest.py). The p-value
 * is SciPy's interpolation of Scholz & Stephens' table, capped at 0.25 and floored at 0.001
 * (`details.pValue` says which). Fewer than 4 values in all, or a single distinct value in
 * both columns together (SciPy raises): statistic NaN, not drifted, `details.reason`.
 * Evidently's default threshold 0.1.
 */
export const andersonTest = defineDriftTest({
  name: 'anderson',
  version: '1.0.0',
  description: 'Two-sample Anderson–Darling test (p-value, within [0.001, 0.25])',
  supports: ['numeric', 'text_length'],
  params: z.object({}),
  defaultThreshold: 0.1,
  direction: 'p-value',
  run(reference, current, _params, threshold) {
    const inputs = numericInputs(reference, current);
    const cur = ascendingSample(inputs.current);
    const r = andersonDarlingTwoSample(inputs.reference.sorted, cur);
    if (r.statistic !== r.statistic) {
      const tooFew = inputs.reference.sorted.length + cur.length < 4;
      return undefinedResult(threshold, tooFew ? 'too-few-values' : 'single-value');
    }
    return {
      statistic: r.statistic,
      pValue: r.pValue,
      threshold,
      drifted: r.pValue < threshold,
      details: { pValue: r.pValueSource },
    };
  },
});

/**
 * Two-sample Cramér–von Mises test, like `scipy.stats.cramervonmises_2samp(reference, current)`
 * (Evidently's `cramer_von_mises` runs a copy of it: src/evidently/legacy/calculations/
 * stattests/cramer_von_mises_stattest.py). `method: 'auto'` (SciPy's): exact when both samples
 * have ≤ 20 values, asymptotic otherwise; 'exact' is honoured up to 20 values per sample and
 * falls back to asymptotic above (`details.method` says which ran). Fewer than two values on a
 * side: statistic NaN, not drifted. Evidently's default threshold 0.1 (Evidently drifts at
 * p ≤ threshold; Sextant at p < threshold).
 */
export const cramerVonMisesTest = defineDriftTest({
  name: 'cramer_von_mises',
  version: '1.0.0',
  description: 'Two-sample Cramér–von Mises test (p-value)',
  supports: ['numeric', 'text_length'],
  params: z.object({ method: z.enum(['auto', 'exact', 'asymptotic']).default('auto') }),
  defaultThreshold: 0.1,
  direction: 'p-value',
  run(reference, current, params, threshold) {
    const inputs = numericInputs(reference, current);
    const cur = ascendingSample(inputs.current);
    const r = cramerVonMisesTwoSample(inputs.reference.sorted, cur, params.method);
    if (r.statistic !== r.statistic) return undefinedResult(threshold, 'too-few-values');
    return {
      statistic: r.statistic,
      pValue: r.pValue,
      threshold,
      drifted: r.pValue < threshold,
      details: { method: r.method },
    };
  },
});

/**
 * Energy distance √2 · ‖F_ref − F_cur‖₂ (`scipy.stats.energy_distance`), in the column's units
 * (not normed), by one merge of the sorted samples. Evidently's `ed`, default threshold 0.1.
 */
export const energyDistanceTest = defineDriftTest({
  name: 'ed',
  version: '1.0.0',
  description: 'Energy distance between the two distributions',
  supports: ['numeric', 'text_length'],
  params: z.object({}),
  defaultThreshold: 0.1,
  direction: 'distance',
  run(reference, current, _params, threshold) {
    const inputs = numericInputs(reference, current);
    const cur = ascendingSample(inputs.current);
    const statistic = energyDistance(inputs.reference.sorted, cur);
    return { statistic, threshold, drifted: statistic > threshold };
  },
});

/**
 * Empirical maximum mean discrepancy (Gaussian kernel, median-heuristic bandwidth from the
 * reference, unbiased MMD²) with a permutation p-value, as Evidently's `empirical_mmd`
 * (src/evidently/legacy/calculations/stattests/mmd_stattest.py: 100 permutations, p = share of
 * permuted MMD² ≥ the observed, which may be 0). Deterministic where Evidently is not: the
 * permutations (`permutations`, default 100) come from a mulberry32 stream seeded by `seed`
 * (default 0). The kernel matrix is quadratic in size, so each side is subsampled, uniformly
 * without replacement from the same stream, to at most `maxSamples` values (default 500;
 * Evidently uses all). Fewer than two values on a side: statistic NaN, not drifted. Evidently's
 * default threshold 0.1.
 */
export const empiricalMmdTest = defineDriftTest({
  name: 'empirical_mmd',
  version: '1.0.0',
  description: 'Empirical maximum mean discrepancy, permutation p-value (seeded)',
  supports: ['numeric', 'text_length'],
  params: z.object({
    permutations: z.number().int().min(1).max(10_000).default(100),
    seed: z.number().int().min(0).max(0xffff_ffff).default(0),
    maxSamples: z.number().int().min(10).max(2000).default(500),
  }),
  defaultThreshold: 0.1,
  direction: 'p-value',
  run(reference, current, params, threshold) {
    const inputs = numericInputs(reference, current);
    const cur = ascendingSample(inputs.current);
    const r = mmdPermutationTest(inputs.reference.sorted, cur, params);
    if (r.statistic !== r.statistic) return undefinedResult(threshold, 'too-few-values');
    return {
      statistic: r.statistic,
      pValue: r.pValue,
      threshold,
      drifted: r.pValue < threshold,
      details: {
        permutations: params.permutations,
        sigma: r.sigma,
        referenceSize: r.referenceSize,
        currentSize: r.currentSize,
      },
    };
  },
});
