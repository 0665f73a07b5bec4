import type { DriftCurrent, DriftReference } from '@sextant/plugin-sdk';
import {
  alignCategories,
  countCategories,
  histogramCounts,
  quantileEdges,
  type ReferenceProfile,
} from '@sextant/stats';
import { z } from 'zod';

/** The `bins` param of the binned tests: equal-frequency bins of the reference (10 by default). */
export const binsParam = z.object({ bins: z.number().int().min(2).max(1000).default(10) });

/** Reference and current counts on the same bins or categories. */
export interface AlignedCounts {
  reference: Float64Array;
  current: Float64Array;
  /** 'quantile-bins' for numbers, 'categories' for strings. */
  binning: 'quantile-bins' | 'categories';
  bins: number;
}

function numericCounts(
  reference: ReferenceProfile,
  current: Float64Array,
  bins: number,
): AlignedCounts {
  // The cached profile's bins are reused when they match; other bin counts are derived once here.
  const edges =
    reference.edges.length === bins + 1 ? reference.edges : quantileEdges(reference.sorted, bins);
  const refCounts =
    edges === reference.edges ? reference.counts : histogramCounts(reference.sorted, edges);
  // Current values outside the reference range belong to the outer bins.
  const curCounts = histogramCounts(current, edges, { openEnds: true });
  return { reference: refCounts, current: curCounts, binning: 'quantile-bins', bins };
}

/**
 * Counts of the reference and the current window on common bins: the reference's quantile bins
 * for numeric columns, the union of categories otherwise. Throws if the kinds do not match.
 */
export function alignedCounts(
  reference: DriftReference,
  current: DriftCurrent,
  bins: number,
): AlignedCounts {
  if (reference.kind === 'numeric') {
    if (!(current instanceof Float64Array))
      throw new TypeError('a numeric reference needs a Float64Array current window');
    return numericCounts(reference, current, bins);
  }
  if (current instanceof Float64Array)
    throw new TypeError('a categorical reference needs a string current window');
  const aligned = alignCategories(reference.categories, countCategories(current).categories);
  return {
    reference: aligned.reference,
    current: aligned.current,
    binning: 'categories',
    bins: aligned.keys.length,
  };
}

/** The numeric reference and current window, or a TypeError for other kinds. */
export function numericInputs(
  reference: DriftReference,
  current: DriftCurrent,
): { reference: ReferenceProfile; current: Float64Array } {
  if (reference.kind !== 'numeric' || !(current instanceof Float64Array))
    throw new TypeError('this test compares numeric columns only');
  return { reference, current };
}
