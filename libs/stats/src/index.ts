export { sortedCopy, isAscending, upperBound } from './sort';
export type { SortedSample } from './sort';
export { quantileSorted, quantileEdges } from './quantile';
export { histogramCounts } from './histogram';
export type { HistogramOptions } from './histogram';
export { ecdf } from './ecdf';
export { ksStatistic, ksTwoSample, KS_MAX_EXACT_N } from './ks';
export type { KsMethod, KsResult } from './ks';
export {
  lnGamma,
  gammaP,
  gammaQ,
  chiSquareSf,
  erfc,
  normalCdf,
  normalSf,
  kolmogorovSf,
} from './special';
export { mean, std } from './moments';
export {
  toShares,
  fillZeroShares,
  populationStabilityIndex,
  klDivergence,
  jensenShannonDistance,
  hellingerDistance,
  totalVariationDistance,
  wassersteinDistance,
} from './distances';
export {
  DEFAULT_PROFILE_BINS,
  buildReferenceProfile,
  buildCategoricalReference,
  countCategories,
  alignCategories,
} from './profile';
export type { ReferenceProfile, CategoricalReference } from './profile';
