export {
  sortedCopy,
  finiteSortedCopy,
  ascendingSample,
  isAscending,
  upperBound,
  selectKth,
} from './sort';
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
  besselK,
  besselKScaled,
} from './special';
export { mean, std } from './moments';
export { andersonDarlingTwoSample, ANDERSON_CRITICAL_VALUES } from './anderson';
export type { AndersonResult, AndersonPValue } from './anderson';
export { cramerVonMisesTwoSample, cramerVonMisesLimitCdf, CVM_MAX_EXACT_N } from './cramer';
export type { CvmMethod, CvmResult } from './cramer';
export { fisherExact2x2, gStatistic } from './contingency';
export type { FisherResult } from './contingency';
export { mmdPermutationTest } from './mmd';
export type { MmdOptions, MmdResult } from './mmd';
export { mulberry32, shuffleInPlace, sampleIndices } from './random';
export {
  toShares,
  fillZeroShares,
  populationStabilityIndex,
  klDivergence,
  jensenShannonDistance,
  hellingerDistance,
  totalVariationDistance,
  wassersteinDistance,
  energyDistance,
} from './distances';
export {
  DEFAULT_PROFILE_BINS,
  buildReferenceProfile,
  buildCategoricalReference,
  countCategories,
  alignCategories,
} from './profile';
export type { ReferenceProfile, CategoricalReference } from './profile';
export { NA_STRINGS, isNaString, parseDecimal, parseBooleanText } from './values';
