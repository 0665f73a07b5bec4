export * from './profile.types';
export { profileCsv, DEFAULT_MAX_ROWS, type ProfileCsvOptions } from './profile';
export {
  inferKind,
  isMissing,
  parseBoolean,
  parseFiniteNumber,
  parseIsoDatetime,
  NA_VALUES,
  DISTINCT_CAP,
  type KindEvidence,
} from './infer-kind';
export {
  quantileSorted,
  quantileGrid,
  histogramSorted,
  sampleSorted,
  mean,
  sampleStd,
  countDistinctSorted,
  orderStatisticsFromCounts,
  type OrderStatistics,
} from './numeric-stats';
