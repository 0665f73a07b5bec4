/**
 * The shape of a dataset version's profile: the per-column summary that monitoring uses as its
 * drift reference. Stored as JSON on the dataset version; `version` tells formats apart.
 */

/** Format version written into every {@link DatasetProfile}; bump on an incompatible change. */
export const PROFILE_VERSION = 1;

/** The kind inferred for a column (see `inferKind` for the rules). */
export type ColumnKind = 'numeric' | 'binary' | 'categorical' | 'text' | 'datetime';

/** One column of a dataset's schema, in file order. */
export interface DatasetSchemaColumn {
  name: string;
  kind: ColumnKind;
}

/** One point of a quantile function: `value` is the `p`-quantile (0 ≤ p ≤ 1). */
export interface QuantilePoint {
  p: number;
  value: number;
}

/** Counts shared by every column profile. `count` is non-missing values; shares are of all rows. */
export interface ProfileCounts {
  /** Non-missing values. */
  count: number;
  /** Missing values (pandas' default NA strings, see `NA_VALUES`). */
  missing: number;
  /** missing / rowCount; 0 when the dataset has no rows. */
  missingShare: number;
}

/**
 * A numeric column. Quantiles, histogram and sample come from the exact sorted values, with
 * numpy's semantics, so a drift test can rebuild bins from the reference alone.
 */
export interface NumericProfile extends ProfileCounts {
  kind: 'numeric';
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (ddof = 1); null when count < 2. */
  std: number | null;
  /** p = 0, 0.01, …, 1 (101 points), numpy's default `method='linear'`. */
  quantiles: QuantilePoint[];
  /** `np.histogram(x, bins=20)`: 21 edges over [min, max] (±0.5 when min = max), last bin closed. */
  histogram: { edges: number[]; counts: number[] };
  /** Up to 1000 evenly spaced order statistics, ascending (see `sampleSorted`). */
  sample: number[];
  /** Distinct values; exact (computed from the sorted values). */
  distinct: number;
  /** Always false for numeric columns: `distinct` is exact. Kept for a uniform shape with text. */
  distinctCapped: boolean;
}

/** A category and how many rows hold it. */
export interface CategoryCount {
  value: string;
  count: number;
}

/**
 * A categorical or binary column. Counts are exact. Binary numeric columns use the canonical
 * number spelling (`'0'`, `'1'`, `'2.5'`); true/false columns use lower case `'true'`/`'false'`.
 */
export interface CategoricalProfile extends ProfileCounts {
  kind: 'categorical' | 'binary';
  distinct: number;
  /** Top 100 categories by count descending, then value ascending (code-unit order). */
  categories: CategoryCount[];
  /** Rows whose category is beyond the top 100. */
  otherCount: number;
}

/** Summary of string lengths, in Unicode code points (like pandas `Series.str.len()`). */
export interface LengthSummary {
  min: number;
  max: number;
  mean: number;
  /** p = 0, 0.1, …, 1 (11 points), numpy's default `method='linear'`. */
  quantiles: QuantilePoint[];
}

/** A free-text column. */
export interface TextProfile extends ProfileCounts {
  kind: 'text';
  /** Distinct values; a lower bound when `distinctCapped` (tracking stops at 10,000). */
  distinct: number;
  distinctCapped: boolean;
  length: LengthSummary;
}

/** A date/datetime column; bounds as UTC ISO-8601 strings (`toISOString()`). */
export interface DatetimeProfile extends ProfileCounts {
  kind: 'datetime';
  min: string;
  max: string;
}

/** The profile of one column, discriminated by `kind`. */
export type ColumnProfile = NumericProfile | CategoricalProfile | TextProfile | DatetimeProfile;

/** The profile of a whole dataset version. */
export interface DatasetProfile {
  version: typeof PROFILE_VERSION;
  format: 'csv';
  /** Data rows (header and blank lines excluded). */
  rowCount: number;
  columns: DatasetSchemaColumn[];
  /** One profile per column, keyed by column name. */
  profiles: Record<string, ColumnProfile>;
}
