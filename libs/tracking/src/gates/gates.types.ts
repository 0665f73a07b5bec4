import { z } from 'zod';
import { iso } from '../common.types';
import { aliasName, modelName, versionNumber } from '../registry/models.types';

/**
 * One metric's threshold, with MLflow's `MetricThreshold` semantics
 * (mlflow/models/evaluation/validation.py): `threshold` — the candidate's value must be
 * `>=` it (or `<=` when lower is better); `minAbsoluteChange` — candidate `>=` baseline +
 * change (or `<=` baseline − change); `minRelativeChange` (0…1) — (candidate − baseline) /
 * baseline `>=` change (mirrored when lower is better; a baseline of 0 falls back to
 * "better than the baseline by 1e-10", as MLflow does).
 */
export const metricThreshold = z
  .object({
    threshold: z.number().finite().optional(),
    /** ≥ 0 (MLflow asks for > 0; 0 here means "at least as good as the baseline"). */
    minAbsoluteChange: z.number().finite().min(0).optional(),
    minRelativeChange: z.number().finite().min(0).max(1).optional(),
    greaterIsBetter: z.boolean(),
  })
  .strict()
  .refine(
    (t) =>
      t.threshold !== undefined ||
      t.minAbsoluteChange !== undefined ||
      t.minRelativeChange !== undefined,
    'give at least one of threshold, minAbsoluteChange, minRelativeChange',
  );
export type MetricThreshold = z.infer<typeof metricThreshold>;

const metricKey = z.string().min(1).max(250);

export const evaluateGateInput = z.object({
  model: modelName,
  /** The candidate version. */
  candidate: versionNumber,
  /** The alias whose version is the baseline (e.g. `champion`). */
  baselineAlias: aliasName,
  /** metric key (a run metric's latest value) → threshold. */
  thresholds: z
    .record(metricKey, metricThreshold)
    .refine((t) => Object.keys(t).length > 0, 'give at least one metric')
    .refine((t) => Object.keys(t).length <= 100, 'at most 100 metrics'),
  /** When the gate passes, move `baselineAlias` to the candidate in the same transaction. */
  promote: z.boolean().default(false),
  /** Kept with the decision (and in the alias history when promoted). */
  reason: z.string().max(2000).optional(),
});
export type EvaluateGateInput = z.input<typeof evaluateGateInput>;

export const metricCheck = z.object({
  metric: z.string(),
  candidateValue: z.number().nullable(),
  baselineValue: z.number().nullable(),
  threshold: metricThreshold,
  /** Each check given: true = passed. Absent when not asked for. */
  thresholdPassed: z.boolean().optional(),
  minAbsoluteChangePassed: z.boolean().optional(),
  minRelativeChangePassed: z.boolean().optional(),
  missingCandidate: z.boolean(),
  missingBaseline: z.boolean(),
  passed: z.boolean(),
  /** Human-readable, as MLflow's failure messages. */
  message: z.string(),
});
export type MetricCheck = z.infer<typeof metricCheck>;

export const gateDecision = z.object({
  id: z.uuid(),
  model: z.string(),
  candidateVersion: z.number().int(),
  baselineAlias: z.string(),
  /** The version behind the alias when the gate ran; null if the alias was not set. */
  baselineVersion: z.number().int().nullable(),
  thresholds: z.record(z.string(), metricThreshold),
  /** metric → latest value of the candidate's run (only the gated metrics). */
  candidateMetrics: z.record(z.string(), z.number().nullable()),
  baselineMetrics: z.record(z.string(), z.number().nullable()).nullable(),
  checks: z.array(metricCheck),
  passed: z.boolean(),
  /** The alias moved to the candidate because the gate passed (null: not promoted). */
  promotedTo: z.string().nullable(),
  reason: z.string().nullable(),
  actorId: z.uuid().nullable(),
  createdAt: iso,
});
export type GateDecision = z.infer<typeof gateDecision>;

export const listGateDecisionsInput = z.object({
  model: modelName,
  /** Only the decisions about this candidate version. */
  candidate: versionNumber.optional(),
  limit: z.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export const listGateDecisionsOutput = z.object({
  items: z.array(gateDecision),
  nextCursor: z.string().nullable(),
});
export const gateDecisionRef = z.object({ id: z.uuid() });
