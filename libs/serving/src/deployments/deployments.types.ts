import { z } from 'zod';
import { decisionSpec } from '../inference/decision';
import { outputFieldsSpec } from '../inference/outputs';

/** URL-safe: it is the `{name}` of /v1/models/{name}:predict and /v2/models/{name}/infer. */
export const deploymentName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and -, at most 63');
export const aliasName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, _ and -, starting with a letter');
const modelName = z.string().trim().min(1).max(250);
const percent = z.number().min(0).max(100);
const reason = z.string().max(2000);

/** Route requests with the same key to the same side (a header, or a field of the record). */
export const stickySpec = z.union([
  z.object({ header: z.string().min(1).max(100).toLowerCase() }).strict(),
  z.object({ field: z.string().min(1).max(250) }).strict(),
]);

/**
 * Back to the previous revision when, over the last `windowSeconds`, at least `minRequests`
 * were answered and the error rate or the p99 latency passed its limit.
 */
export const autoRollbackSpec = z
  .object({
    maxErrorRate: z.number().min(0).max(1).optional(),
    maxP99Ms: z.number().positive().optional(),
    windowSeconds: z.number().int().min(5).max(3600).default(60),
    minRequests: z.number().int().min(1).default(100),
  })
  .strict()
  .refine((p) => p.maxErrorRate !== undefined || p.maxP99Ms !== undefined, {
    message: 'give maxErrorRate or maxP99Ms',
  });

/**
 * A progressive rollout to the challenger: its canary weight goes through `steps` (percent); each
 * step lasts at least `stepSeconds` and passes when the challenger answered at least
 * `minRequests` and its error rate and p99 latency over the step compare well with the
 * champion's. A failed step returns to canary 0 (a rollback); the last step ends the rollout.
 */
export const rolloutSpec = z
  .object({
    steps: z.array(z.number().gt(0).max(100)).min(1).max(20).default([1, 5, 25, 100]),
    stepSeconds: z.number().int().min(1).max(86_400).default(300),
    minRequests: z.number().int().min(1).default(50),
    /** Challenger error rate − champion error rate may be at most this (0…1). */
    maxErrorRateIncrease: z.number().min(0).max(1).default(0.01),
    /** Challenger p99 may be at most this times the champion's. */
    maxP99Ratio: z.number().positive().default(1.5),
  })
  .strict()
  .refine((r) => r.steps.every((s, i) => i === 0 || s > r.steps[i - 1]!), {
    message: 'steps must increase',
    path: ['steps'],
  });
export type RolloutSpec = z.infer<typeof rolloutSpec>;

/**
 * Adaptive micro-batching: concurrent requests to one model version are merged into one model
 * run (those that arrive in one event-loop turn, at most `maxBatch` rows). On by default (absent
 * = on): it raised throughput at saturation (docs/decisions/0011-serving.md has the figures).
 * `enabled: false` turns it off, e.g. for a model whose rows are not independent of each other.
 */
export const microBatchingSpec = z
  .object({
    enabled: z.boolean().default(true),
    maxBatch: z.number().int().min(2).max(1000).default(64),
  })
  .strict();
export const DEFAULT_MICRO_BATCHING = { enabled: true, maxBatch: 64 } as const;

/** A revision's configuration: what serves, how traffic splits, what the answer says. */
export const deploymentSpec = z
  .object({
    championAlias: aliasName.default('champion'),
    /** The challenger answers `canaryWeight` % of requests and sees `shadowPercent` % in shadow. */
    challengerAlias: aliasName.optional(),
    canaryWeight: percent.default(0),
    shadowPercent: percent.default(0),
    sticky: stickySpec.optional(),
    /** The share of answered requests written to the prediction log (0…1). */
    sampleRate: z.number().min(0).max(1).default(1),
    /** The answer's fields from the model's outputs (default: every output, whole). */
    outputFields: outputFieldsSpec.optional(),
    decision: decisionSpec.optional(),
    autoRollback: autoRollbackSpec.optional(),
    rollout: rolloutSpec.optional(),
    microBatching: microBatchingSpec.optional(),
  })
  .strict();
export type DeploymentSpec = z.infer<typeof deploymentSpec>;

const specFields = deploymentSpec.shape;

export const createDeploymentInput = z.object({
  name: deploymentName,
  /** The registered model whose aliases it serves. */
  model: modelName,
  championAlias: specFields.championAlias,
  challengerAlias: specFields.challengerAlias,
  canaryWeight: specFields.canaryWeight,
  shadowPercent: specFields.shadowPercent,
  sticky: specFields.sticky,
  sampleRate: specFields.sampleRate,
  outputFields: specFields.outputFields,
  decision: specFields.decision,
  autoRollback: specFields.autoRollback,
  rollout: specFields.rollout,
  microBatching: specFields.microBatching,
  /** Predict without a key (an explicit choice, recorded in the audit log). */
  public: z.boolean().default(false),
  reason: reason.optional(),
});
export type CreateDeploymentInput = z.infer<typeof createDeploymentInput>;

/** Only what is given changes; `null` removes an optional setting (e.g. the challenger). */
export const updateDeploymentInput = z.object({
  deployment: deploymentName,
  championAlias: aliasName.optional(),
  challengerAlias: aliasName.nullable().optional(),
  canaryWeight: percent.optional(),
  shadowPercent: percent.optional(),
  sticky: stickySpec.nullable().optional(),
  sampleRate: z.number().min(0).max(1).optional(),
  outputFields: outputFieldsSpec.nullable().optional(),
  decision: decisionSpec.nullable().optional(),
  autoRollback: autoRollbackSpec.nullable().optional(),
  rollout: rolloutSpec.nullable().optional(),
  microBatching: microBatchingSpec.nullable().optional(),
  public: z.boolean().optional(),
  reason: reason.optional(),
});
export type UpdateDeploymentInput = z.infer<typeof updateDeploymentInput>;

export const deploymentRef = z.object({ deployment: deploymentName });
export const rollbackInput = z.object({
  deployment: deploymentName,
  /** Any earlier revision (its configuration and pinned versions are restored). */
  toRevision: z.number().int().positive(),
  reason: reason.optional(),
});

const iso = z.string();
export const revisionSummary = z.object({
  revision: z.number().int(),
  spec: deploymentSpec,
  championVersion: z.number().int(),
  championSha256: z.string(),
  challengerVersion: z.number().int().nullable(),
  challengerSha256: z.string().nullable(),
  reason: z.string(),
  /** The earlier revision this one restores (rollbacks only). */
  restores: z.number().int().nullable(),
  createdBy: z.string().nullable(),
  createdAt: iso,
});
export type RevisionSummary = z.infer<typeof revisionSummary>;

export const deploymentSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  model: z.string(),
  public: z.boolean(),
  revision: revisionSummary,
  /** What this replica serves now: the revision loaded, or null while it loads. */
  live: z
    .object({
      revision: z.number().int(),
      championVersion: z.number().int(),
      challengerVersion: z.number().int().nullable(),
    })
    .nullable(),
  /** The routes: /v1/models/{name}:predict and /v2/models/{name}/infer. */
  endpoints: z.object({ predict: z.string(), infer: z.string() }),
  createdAt: iso,
  updatedAt: iso,
});
export type DeploymentSummary = z.infer<typeof deploymentSummary>;
export const revisionsOutput = z.array(revisionSummary);
