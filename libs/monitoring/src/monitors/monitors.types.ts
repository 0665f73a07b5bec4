import { z } from 'zod';

const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and -, at most 63');
const feature = z.string().min(1).max(250);

/** Tumbling windows of the prediction log: by count of predictions, or by time. */
export const windowSpec = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('count'), size: z.number().int().min(10).max(1_000_000) }),
  z.strictObject({
    kind: z.literal('time'),
    seconds: z
      .number()
      .int()
      .min(10)
      .max(31 * 86_400),
  }),
]);
export type WindowSpec = z.infer<typeof windowSpec>;

/** One watched feature: its test (default: the automatic choice) and the test's params. */
export const monitorFeature = z.strictObject({
  name: feature,
  test: z.string().min(1).max(128).optional(),
  params: z.unknown().optional(),
});

/** Where the answer's score is, for estimated (and, with labels, realised) performance. */
export const performanceSpec = z.strictObject({
  /** An answer field holding the positive class's probability, e.g. `default_probability`. */
  output: z.string().min(1).max(250),
  /** Decision threshold for accuracy (default 0.5). */
  threshold: z.number().gt(0).lt(1).default(0.5),
});

export const createMonitorInput = z.object({
  name,
  deployment: name,
  window: windowSpec,
  /** Default: every input feature of the deployment, tests chosen automatically. */
  features: z.array(monitorFeature).min(1).max(1000).optional(),
  /** The reference: the first window of predictions, pinned (the only kind so far). */
  reference: z.strictObject({ kind: z.literal('first-window') }).default({ kind: 'first-window' }),
  driftShare: z.number().gt(0).max(1).default(0.5),
  minSamples: z.number().int().min(1).max(1_000_000).default(30),
  alertAfter: z.number().int().min(1).max(1000).default(3),
  performance: performanceSpec.optional(),
});
export type CreateMonitorInput = z.infer<typeof createMonitorInput>;

export const monitorRef = z.object({ monitor: name });

const iso = z.string();
export const monitorSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  deployment: z.string(),
  window: windowSpec,
  features: z.array(monitorFeature).nullable(),
  reference: z.object({ kind: z.string() }),
  driftShare: z.number(),
  minSamples: z.number().int(),
  alertAfter: z.number().int(),
  performance: z.object({ output: z.string(), threshold: z.number() }).nullable(),
  consecutiveDrifted: z.number().int(),
  /** Windows reported so far, and the open one's size. */
  windows: z.number().int(),
  openWindowCount: z.number().int(),
  createdAt: iso,
});
export type MonitorSummary = z.infer<typeof monitorSummary>;

const jsonNumber = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]).nullable();
export const featureDrift = z.object({
  feature: z.string(),
  kind: z.string(),
  test: z.string().nullable(),
  statistic: jsonNumber,
  pValue: jsonNumber.optional(),
  threshold: z.number().nullable(),
  drifted: z.boolean(),
  error: z.string().optional(),
});
export type FeatureDrift = z.infer<typeof featureDrift>;

export const performanceFigures = z.object({
  /**
   * Expected from the scores alone (CBPE), before labels arrive: from the scores as they are
   * until the reference window has enough labels, then from the scores calibrated on them.
   */
  estimatedAccuracy: z.number().nullable(),
  estimatedRocAuc: z.number().nullable(),
  /**
   * How the estimate reads the scores: `isotonic` — mapped through an isotonic regression fitted
   * on the labelled reference (it scored better out of fold); else as they are, because they are
   * `already-calibrated`, or the reference has `too-few-labels` (under 100) or labels of
   * `one-class` (under 5 of either).
   */
  calibration: z.enum(['isotonic', 'already-calibrated', 'too-few-labels', 'one-class']),
  /** Labelled reference rows the calibration was decided on. */
  calibrationLabels: z.number().int(),
  /** From the labels received so far. */
  labelled: z.number().int(),
  accuracy: z.number().nullable(),
  rocAuc: z.number().nullable(),
  logLoss: z.number().nullable(),
});

export const driftReportSummary = z.object({
  windowSeq: z.number().int(),
  startAt: iso,
  endAt: iso,
  count: z.number().int(),
  status: z.enum(['ok', 'insufficient', 'reference']),
  datasetDrift: z.boolean(),
  driftShare: z.number(),
  features: z.array(featureDrift),
  performance: performanceFigures.nullable(),
});
export type DriftReportSummary = z.infer<typeof driftReportSummary>;

export const reportsInput = z.object({
  monitor: name,
  limit: z.number().int().min(1).max(1000).default(100),
});
export const alertSummary = z.object({
  id: z.uuid(),
  windowSeq: z.number().int(),
  consecutive: z.number().int(),
  message: z.string(),
  createdAt: iso,
});

export const histogramInput = z.object({
  monitor: name,
  feature,
  windowSeq: z.number().int().min(0),
});
/** Reference vs one window, as shares per bin (numeric: 20 equal-width bins over both; categorical: per value). */
export const histogramOutput = z.object({
  feature: z.string(),
  kind: z.enum(['numeric', 'categorical']),
  windowSeq: z.number().int(),
  /** Numeric: the bins' edges (21). */
  edges: z.array(z.number()).nullable(),
  /** Categorical: the values (the 30 most frequent, then "other"). */
  categories: z.array(z.string()).nullable(),
  reference: z.array(z.number()),
  current: z.array(z.number()),
  referenceCount: z.number().int(),
  currentCount: z.number().int(),
});

export const backfillInput = z.object({
  monitor: name,
  /** The features to watch from now on, with their tests: every past window is reported again. */
  features: z.array(monitorFeature).min(1).max(1000),
});
