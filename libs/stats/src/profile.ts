import { histogramCounts } from './histogram';
import { mean, std } from './moments';
import { quantileEdges } from './quantile';
import { sortedCopy } from './sort';

/** The default number of equal-frequency bins of a numeric reference profile. */
export const DEFAULT_PROFILE_BINS = 10;

/**
 * Everything drift tests need from a numeric reference column, computed once and cached, so
 * that only the current window is sorted per test run.
 */
export interface ReferenceProfile {
  kind: 'numeric';
  /** The reference sample, ascending, without NaNs. */
  sorted: Float64Array;
  /** NaNs dropped from the reference. */
  nanCount: number;
  /** `bins + 1` quantile edges of the reference (may repeat with ties). */
  edges: Float64Array;
  /** Reference counts per quantile bin (numpy histogram semantics on `edges`). */
  counts: Float64Array;
  /** Mean and population standard deviation of the reference. */
  mean: number;
  std: number;
}

/** A categorical (or binary) reference column: counts per category, computed once. */
export interface CategoricalReference {
  kind: 'categorical';
  /** Count per category, in first-seen order. */
  categories: ReadonlyMap<string, number>;
  /** Number of non-missing values. */
  total: number;
  /** Missing values (null / undefined) dropped. */
  missingCount: number;
}

/** Builds the numeric reference profile (sorting the reference once). */
export function buildReferenceProfile(
  values: Float64Array,
  options: { bins?: number } = {},
): ReferenceProfile {
  const { sorted, nanCount } = sortedCopy(values);
  const edges = quantileEdges(sorted, options.bins ?? DEFAULT_PROFILE_BINS);
  const counts = histogramCounts(sorted, edges);
  const mu = mean(sorted);
  return { kind: 'numeric', sorted, nanCount, edges, counts, mean: mu, std: std(sorted, mu) };
}

/** Counts categories of a column, dropping null / undefined. */
export function countCategories(values: readonly (string | null | undefined)[]): {
  categories: Map<string, number>;
  total: number;
  missingCount: number;
} {
  const categories = new Map<string, number>();
  let missingCount = 0;
  for (const v of values) {
    if (v === null || v === undefined) {
      missingCount++;
      continue;
    }
    categories.set(v, (categories.get(v) ?? 0) + 1);
  }
  return { categories, total: values.length - missingCount, missingCount };
}

/** Builds the categorical reference (category counts). */
export function buildCategoricalReference(
  values: readonly (string | null | undefined)[],
): CategoricalReference {
  return { kind: 'categorical', ...countCategories(values) };
}

/**
 * Aligns reference and current category counts on the union of their keys (reference keys first,
 * in first-seen order, then categories new in the current window).
 */
export function alignCategories(
  reference: ReadonlyMap<string, number>,
  current: ReadonlyMap<string, number>,
): { keys: string[]; reference: Float64Array; current: Float64Array } {
  const keys = [...reference.keys()];
  for (const k of current.keys()) if (!reference.has(k)) keys.push(k);
  const ref = new Float64Array(keys.length);
  const cur = new Float64Array(keys.length);
  keys.forEach((k, i) => {
    ref[i] = reference.get(k) ?? 0;
    cur[i] = current.get(k) ?? 0;
  });
  return { keys, reference: ref, current: cur };
}
