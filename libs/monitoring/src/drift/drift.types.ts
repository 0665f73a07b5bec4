import { COLUMN_KINDS, type ColumnKind, type Direction } from '@sextant/plugin-sdk';
import { z } from 'zod';

/** Evidently's default: the dataset drifts when at least half of its columns drift. */
export const DEFAULT_DRIFT_SHARE = 0.5;
/** Columns one report compares at most. */
export const MAX_DRIFT_COLUMNS = 1000;
/** Tests one `tests` list names at most. */
export const MAX_DRIFT_TESTS = 50;

export const driftColumnKind = z.enum(COLUMN_KINDS);
const columnName = z.string().min(1).max(256);
const testName = z.string().min(1).max(128);

/** One column's test: its name, params (checked by the test's own schema) and threshold. */
export const columnTestSpec = z.strictObject({
  test: testName,
  params: z.unknown().optional(),
  threshold: z.number().optional(),
});
export type ColumnTestSpec = z.infer<typeof columnTestSpec>;

/**
 * Which tests run: a list of names for every column (each column runs those that support its
 * kind), or one test per column by name (columns left out get the automatic choice).
 */
export const driftTestsOption = z.union(
  [z.array(testName).min(1).max(MAX_DRIFT_TESTS), z.record(columnName, columnTestSpec)],
  {
    error:
      'expected a list of test names, or an object { <column>: { test, params?, threshold? } }',
  },
);

/** Everything of a drift request except the data. */
export const driftOptions = z.strictObject({
  /** The columns to compare (default: every column; each must be on both sides). */
  columns: z
    .array(columnName)
    .min(1)
    .max(MAX_DRIFT_COLUMNS)
    .refine((names) => new Set(names).size === names.length, 'lists a column twice')
    .optional(),
  tests: driftTestsOption.optional(),
  /** Column kinds given instead of detected from the values. */
  kinds: z.record(columnName, driftColumnKind).optional(),
  /** Dataset drift when the share of drifted columns is at least this (default 0.5). */
  driftShare: z.number().gt(0).max(1).optional(),
});
export type DriftOptions = z.infer<typeof driftOptions>;

/**
 * A column as `computeDrift` takes it: numbers (NaN = missing) or strings (null = missing).
 * Every column of a table holds one value per row.
 */
export type DriftColumnValues = Float64Array | readonly (string | null)[];

/** A table of columns by name (what `readCsvColumns` returns). */
export interface DriftTable {
  readonly columns: Readonly<Record<string, DriftColumnValues>>;
}

/** The input of `computeDrift`. */
export interface ComputeDriftInput extends DriftOptions {
  reference: DriftTable;
  current: DriftTable;
}

/** How a test came to run on a column. */
export type TestSelection = 'given' | 'automatic';

/** One test's result on one column. */
export interface DriftTestOutcome {
  test: string;
  /** The test's version and its plugin, as the report's provenance. */
  version: string;
  plugin: string;
  selection: TestSelection;
  /** The kind the values were compared as (a low-cardinality numeric column as categories). */
  comparedAs: ColumnKind;
  direction: Direction;
  /** NaN when the test has no value; may be ±Infinity (χ² with a new category). */
  statistic: number;
  pValue?: number;
  threshold: number;
  drifted: boolean;
  details?: Record<string, unknown>;
  /** Set when the test threw: its result counts as not drifted. */
  error?: string;
}

/** One column of a drift report. */
export interface ColumnDrift {
  column: string;
  kind: ColumnKind;
  /** Whether `kind` was detected from the values or given in `kinds`. */
  kindSource: 'detected' | 'given';
  /** Non-missing and missing values on each side. */
  reference: { count: number; missing: number };
  current: { count: number; missing: number };
  /**
   * Distinct non-missing values of both sides together (what the automatic choice uses), counted
   * up to 1,000: a column with more reads 1,001 and `distinctCapped`.
   */
  distinct: number;
  distinctCapped: boolean;
  /** The column drifts when any of its tests drifts. */
  drifted: boolean;
  tests: DriftTestOutcome[];
}

/** The report of `computeDrift`. */
export interface DriftReport {
  columns: ColumnDrift[];
  columnCount: number;
  driftedColumnCount: number;
  /** driftedColumnCount / columnCount. */
  driftedShare: number;
  /** The threshold the dataset decision used. */
  driftShare: number;
  /** driftedShare ≥ driftShare. */
  datasetDrift: boolean;
}

// ---- The wire shapes (the API and `sextant drift --json`) ----

/** A column in JSON: numbers or strings, null = missing (one kind of value per column). */
export const columnValuesJson = z.array(z.union([z.number(), z.string(), z.null()]));

/** A table in JSON: `{ columns: { <name>: [...] } }`. */
export const driftTableJson = z.strictObject({
  columns: z
    .record(columnName, columnValuesJson)
    .refine((c) => Object.keys(c).length > 0, 'needs at least one column')
    .refine((c) => Object.keys(c).length <= MAX_DRIFT_COLUMNS, `at most ${MAX_DRIFT_COLUMNS}`),
});
export type DriftTableJson = z.infer<typeof driftTableJson>;

/** A drift request in JSON (the procedure adds the project). */
export const driftRequestJson = driftOptions.extend({
  reference: driftTableJson,
  current: driftTableJson,
});
export type DriftRequestJson = z.infer<typeof driftRequestJson>;

/** A number in JSON: NaN and ±Infinity travel as strings (as tracking's metric values do). */
export const jsonNumber = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]);
export type JsonNumber = z.infer<typeof jsonNumber>;

const countsJson = z.object({ count: z.number().int(), missing: z.number().int() });

export const driftTestOutcomeJson = z.object({
  test: z.string(),
  version: z.string(),
  plugin: z.string(),
  selection: z.enum(['given', 'automatic']),
  comparedAs: driftColumnKind,
  direction: z.enum(['p-value', 'distance']),
  statistic: jsonNumber,
  pValue: jsonNumber.optional(),
  threshold: z.number(),
  drifted: z.boolean(),
  details: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
});

export const columnDriftJson = z.object({
  column: z.string(),
  kind: driftColumnKind,
  kindSource: z.enum(['detected', 'given']),
  reference: countsJson,
  current: countsJson,
  distinct: z.number().int(),
  distinctCapped: z.boolean(),
  drifted: z.boolean(),
  tests: z.array(driftTestOutcomeJson),
});

export const driftReportJson = z.object({
  columns: z.array(columnDriftJson),
  columnCount: z.number().int(),
  driftedColumnCount: z.number().int(),
  driftedShare: z.number(),
  driftShare: z.number(),
  datasetDrift: z.boolean(),
});
export type DriftReportJson = z.infer<typeof driftReportJson>;
