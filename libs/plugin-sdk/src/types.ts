import type { CategoricalReference, ReferenceProfile } from '@sextant/stats';
import type { z } from 'zod';

export type { CategoricalReference, ReferenceProfile } from '@sextant/stats';

/** The version of the plugin contract this SDK implements; a plugin declares the one it targets. */
export const SDK_API_VERSION = 1;

/** Kinds of column a drift test can compare. */
export const COLUMN_KINDS = ['numeric', 'categorical', 'binary', 'text_length'] as const;
/** A kind of column: numeric and text-length columns come as numbers, the others as strings. */
export type ColumnKind = (typeof COLUMN_KINDS)[number];

/** Whether the statistic compared to the threshold is a p-value (drift below) or a distance (drift above). */
export type Direction = 'p-value' | 'distance';

/** The reference side of a comparison: a numeric profile or categorical counts, built once. */
export type DriftReference = ReferenceProfile | CategoricalReference;

/**
 * The current window: numbers (NaN = missing) for numeric / text-length columns, strings
 * (null = missing) for categorical / binary ones.
 */
export type DriftCurrent = Float64Array | readonly (string | null)[];

/** What a drift test returns for one column. */
export interface DriftResult {
  /** The test's statistic (a distance, or the test statistic of a p-value test); NaN if undefined. */
  statistic: number;
  /** The p-value, for `direction: 'p-value'` tests. */
  pValue?: number;
  /** The threshold the decision used. */
  threshold: number;
  /** p-value tests: `pValue < threshold`; distance tests: `statistic > threshold`. */
  drifted: boolean;
  /** Extra JSON-serialisable facts (bins, method, the reason a result is undefined, …). */
  details?: Record<string, unknown>;
}

/** The object passed to `defineDriftTest`. */
export interface DriftTestDefinition<P extends z.ZodObject = z.ZodObject> {
  /** Unique within the plugin: lower case, digits, `-` and `_`. */
  name: string;
  /** Semver of this test's behaviour; bump it when results can change. */
  version: string;
  /** A one-line description, shown in the console. */
  description?: string;
  /** The column kinds the test accepts. */
  supports: readonly ColumnKind[];
  /** The params schema; every field must be optional or defaulted so `{}` is valid. */
  params: P;
  /** The threshold used when the caller gives none. */
  defaultThreshold: number;
  /** What `statistic` / `pValue` is compared to the threshold: see `isDrifted`. */
  direction: Direction;
  /**
   * Pure and deterministic: no I/O, no clock, no randomness without a fixed seed, no mutation of
   * its inputs. Called only with a reference and a current window that each hold at least one
   * non-missing value (the SDK answers empty inputs itself); `current` may still contain NaN / null.
   */
  run(
    reference: DriftReference,
    current: DriftCurrent,
    params: z.output<P>,
    threshold: number,
  ): DriftResult;
}

/** A defined drift test: the definition, frozen, plus the calls a host makes. */
export interface DriftTest<P extends z.ZodObject = z.ZodObject> extends DriftTestDefinition<P> {
  /** Validates raw params against the schema (defaults applied); throws InvalidParamsError. */
  parseParams(input: unknown): z.output<P>;
  /**
   * Parses params, applies the default threshold, answers empty inputs (statistic NaN,
   * drifted false, `details.reason`) and otherwise calls `run`.
   */
  execute(
    reference: DriftReference,
    current: DriftCurrent,
    params?: unknown,
    threshold?: number,
  ): DriftResult;
}

/** The object passed to `definePlugin`. */
export interface PluginDefinition {
  /** The npm package name, or a unique name for a folder plugin. */
  name: string;
  /** Semver of the plugin. */
  version: string;
  /** The SDK contract version the plugin targets (`SDK_API_VERSION`). */
  apiVersion: number;
  // Any params schema: the host handles each test through its own parseParams.
  /** The plugin's tests, each made by `defineDriftTest`; names unique within the plugin. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  tests: readonly DriftTest<any>[];
}

/** A validated plugin. */
export interface Plugin extends PluginDefinition {
  /** The test of that name, or undefined. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  getTest(name: string): DriftTest<any> | undefined;
}
