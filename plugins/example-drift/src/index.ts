import {
  type DriftCurrent,
  type DriftReference,
  SDK_API_VERSION,
  defineDriftTest,
  definePlugin,
  isDrifted,
} from '@sextant/plugin-sdk';
import { z } from 'zod';

/** Mean and count of the non-missing (non-NaN) values of a current window. */
function presentMean(values: Float64Array): { mean: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x === x) {
      sum += x;
      count++;
    }
  }
  return { mean: sum / count, count };
}

/**
 * |mean(current) − mean(reference)| in reference standard deviations (population std, as the
 * reference profile holds it; at least `minStd`, so that a constant reference gives a finite
 * number). A location-shift test: for a pure shift it equals the normed Wasserstein distance, whose
 * default threshold (0.1, Evidently's) it shares. It ignores changes of spread or shape.
 */
export const meanShift = defineDriftTest({
  name: 'mean_shift',
  version: '1.0.0',
  description: 'Shift of the mean, in reference standard deviations',
  supports: ['numeric', 'text_length'],
  params: z.object({
    /** The smallest standard deviation divided by (a constant reference has std 0). */
    minStd: z.number().positive().default(1e-3),
  }),
  defaultThreshold: 0.1,
  direction: 'distance',
  run(reference: DriftReference, current: DriftCurrent, params, threshold) {
    if (reference.kind !== 'numeric' || !(current instanceof Float64Array))
      throw new TypeError('mean_shift compares numeric columns');
    const { mean, count } = presentMean(current);
    const std = Math.max(reference.std, params.minStd);
    const statistic = Math.abs(mean - reference.mean) / std;
    const result = {
      statistic,
      threshold,
      details: { referenceMean: reference.mean, currentMean: mean, std, currentCount: count },
    };
    return { ...result, drifted: isDrifted('distance', result, threshold) };
  },
});

/**
 * The Bhattacharyya distance D_B = −ln Σ √(pᵢ qᵢ) between the reference's and the current
 * window's category shares (missing values dropped; a category seen on one side only has share 0
 * on the other). 0 for identical shares, ∞ for disjoint ones. The default threshold, 0.01,
 * is the built-in Hellinger test's 0.1 expressed as D_B (H² = 1 − e^(−D_B)).
 */
export const bhattacharyya = defineDriftTest({
  name: 'bhattacharyya',
  version: '1.0.0',
  description: 'Bhattacharyya distance of the category shares',
  supports: ['categorical', 'binary'],
  params: z.object({}),
  defaultThreshold: 0.01,
  direction: 'distance',
  run(reference: DriftReference, current: DriftCurrent, _params, threshold) {
    if (reference.kind !== 'categorical' || current instanceof Float64Array)
      throw new TypeError('bhattacharyya compares categorical columns');
    const counts = new Map<string, number>();
    let total = 0;
    for (const v of current) {
      if (v === null || v === undefined) continue;
      counts.set(v, (counts.get(v) ?? 0) + 1);
      total++;
    }
    // Categories only in current contribute √(0 · q) = 0, so the reference's categories suffice.
    let coefficient = 0;
    for (const [category, n] of reference.categories)
      coefficient += Math.sqrt((n / reference.total) * ((counts.get(category) ?? 0) / total));
    // Rounding can push Σ√(p·p) a hair above 1: clamp, so that identical shares give exactly 0.
    const statistic = coefficient >= 1 ? 0 : -Math.log(coefficient);
    const result = { statistic, threshold, details: { coefficient: Math.min(coefficient, 1) } };
    return { ...result, drifted: isDrifted('distance', result, threshold) };
  },
});

/** The plugin the host loads: the `export` named in package.json's `sextant` manifest. */
export const plugin = definePlugin({
  name: '@sextant/plugin-example-drift',
  version: '1.0.0',
  apiVersion: SDK_API_VERSION,
  tests: [meanShift, bhattacharyya],
});
