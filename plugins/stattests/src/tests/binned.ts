import { type DriftCurrent, type DriftReference, defineDriftTest } from '@sextant/plugin-sdk';
import {
  fillZeroShares,
  hellingerDistance,
  jensenShannonDistance,
  klDivergence,
  populationStabilityIndex,
  toShares,
  totalVariationDistance,
} from '@sextant/stats';
import { z } from 'zod';
import { type AlignedCounts, alignedCounts, binsParam } from '../binning';

/** The `run` of a distance on aligned bin (or category) counts: drift when it passes the threshold. */
function binnedDistance(
  distance: (c: AlignedCounts) => number,
  extra: (statistic: number) => Record<string, unknown> = () => ({}),
) {
  return (
    reference: DriftReference,
    current: DriftCurrent,
    params: { bins: number },
    threshold: number,
  ) => {
    const c = alignedCounts(reference, current, params.bins);
    const statistic = distance(c);
    return {
      statistic,
      threshold,
      drifted: statistic > threshold,
      details: { binning: c.binning, bins: c.bins, ...extra(statistic) },
    };
  };
}

/** Shares with empty bins masked as Evidently does. */
const masked = (counts: Float64Array) => fillZeroShares(toShares(counts));

/** PSI bands: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 significant shift. */
export type PsiLevel = 'stable' | 'moderate' | 'significant';

/** Classifies a PSI value by the usual bands (0.1 and 0.25). */
export function classifyPsi(psi: number): PsiLevel {
  if (psi > 0.25) return 'significant';
  if (psi > 0.1) return 'moderate';
  return 'stable';
}

/**
 * Population stability index on the reference's quantile bins (10 by default) or on categories.
 * Empty bins are masked as Evidently does (a zero share becomes 1e-4, or min share / 1e6 when
 * the smallest share is ≤ 1e-4). Evidently's default threshold, 0.1.
 */
export const psiTest = defineDriftTest({
  name: 'psi',
  version: '1.0.0',
  description: 'Population stability index on reference quantile bins (empty bins masked)',
  supports: ['numeric', 'text_length', 'categorical', 'binary'],
  params: binsParam,
  defaultThreshold: 0.1,
  direction: 'distance',
  run: binnedDistance(
    (c) => populationStabilityIndex(masked(c.reference), masked(c.current)),
    (psi) => ({ level: classifyPsi(psi) }),
  ),
});

/** Kullback–Leibler divergence D(reference ‖ current), binned like PSI, empty bins masked. */
export const klDivTest = defineDriftTest({
  name: 'kl_div',
  version: '1.0.0',
  description: 'Kullback–Leibler divergence on reference quantile bins (empty bins masked)',
  supports: ['numeric', 'text_length', 'categorical', 'binary'],
  params: binsParam,
  defaultThreshold: 0.1,
  direction: 'distance',
  run: binnedDistance((c) => klDivergence(masked(c.reference), masked(c.current))),
});

/** Jensen–Shannon distance (natural log), binned like PSI, no masking (as Evidently). */
export const jensenShannonTest = defineDriftTest({
  name: 'jensenshannon',
  version: '1.0.0',
  description: 'Jensen–Shannon distance on reference quantile bins or categories',
  supports: ['numeric', 'text_length', 'categorical', 'binary'],
  params: binsParam,
  defaultThreshold: 0.1,
  direction: 'distance',
  run: binnedDistance((c) => jensenShannonDistance(c.reference, c.current)),
});

/**
 * Hellinger distance. On categories as Evidently; numeric columns use the reference's quantile
 * bins (Evidently uses Sturges bins of the union).
 */
export const hellingerTest = defineDriftTest({
  name: 'hellinger',
  version: '1.0.0',
  description: 'Hellinger distance on reference quantile bins or categories',
  supports: ['numeric', 'text_length', 'categorical', 'binary'],
  params: binsParam,
  defaultThreshold: 0.1,
  direction: 'distance',
  run: binnedDistance((c) => hellingerDistance(c.reference, c.current)),
});

/**
 * Total variation distance ½ Σ |p − q| over categories, compared with Evidently's TVD default
 * threshold 0.1. Evidently thresholds a permutation p-value instead; this test reports the
 * distance itself, which is deterministic.
 */
export const tvdTest = defineDriftTest({
  name: 'tvd',
  version: '1.0.0',
  description: 'Total variation distance over categories',
  supports: ['categorical', 'binary'],
  params: z.object({}),
  defaultThreshold: 0.1,
  direction: 'distance',
  run(reference, current, _params, threshold) {
    const c = alignedCounts(reference, current, 0);
    const statistic = totalVariationDistance(c.reference, c.current);
    return {
      statistic,
      threshold,
      drifted: statistic > threshold,
      details: { categories: c.bins },
    };
  },
});
