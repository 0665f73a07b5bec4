import { defineDriftTest } from '@sextant/plugin-sdk';
import { ksTwoSample, sortedCopy, wassersteinDistance } from '@sextant/stats';
import { z } from 'zod';
import { numericInputs } from '../binning';

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
    const cur = sortedCopy(inputs.current).sorted;
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
    const cur = sortedCopy(inputs.current).sorted;
    const norm = Math.max(inputs.reference.std, 0.001);
    const statistic = wassersteinDistance(inputs.reference.sorted, cur) / norm;
    return { statistic, threshold, drifted: statistic > threshold, details: { norm } };
  },
});
