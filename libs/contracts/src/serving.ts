import { z } from 'zod';
import { defineEvent } from '@sextant/bus';

/** A feature's value as a record carries it. */
const featureValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/** One answered request (or one record of a batch request), as the prediction log keeps it. */
export const predictionRecord = z.object({
  /** The prediction's id (answered to the caller, used to attach a label later). */
  id: z.string().min(1).max(100),
  at: z.iso.datetime(),
  revision: z.number().int(),
  modelVersion: z.number().int(),
  /** Who answered: the champion or the challenger (canary), or the challenger in shadow. */
  route: z.enum(['champion', 'challenger', 'shadow']),
  /** Inputs by feature name (OIP v2 requests: by input name, flattened rows). */
  inputs: z.record(z.string(), z.union([featureValue, z.array(featureValue)])),
  /** The deployment's answer fields (named outputs). */
  outputs: z.record(z.string(), z.unknown()),
  decision: z.string().nullable(),
  /** Model time for the request this record came in (the whole batch's for a batch). */
  latencyMs: z.number().nonnegative(),
});
export type PredictionRecord = z.infer<typeof predictionRecord>;

/**
 * The prediction log: answered requests of one deployment, batched by count and time and
 * sampled at the deployment's rate (direct publish: never blocks an answer). Monitoring
 * windows them by `at` and deployment; `from`/`to` bound the batch's `at`s.
 */
export const predictionsLogged = defineEvent({
  name: 'serving.predictions',
  version: 1,
  schema: z.object({
    project: z.string(),
    projectId: z.uuid(),
    deploymentId: z.uuid(),
    deployment: z.string(),
    model: z.string(),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    predictions: z.array(predictionRecord).min(1),
  }),
  key: (p) => p.deploymentId,
});

/** Ground truth for earlier predictions (joined by prediction id in monitoring). */
export const labelReceived = defineEvent({
  name: 'serving.label-received',
  version: 1,
  schema: z.object({
    project: z.string(),
    projectId: z.uuid(),
    deploymentId: z.uuid(),
    deployment: z.string(),
    labels: z
      .array(
        z.object({
          predictionId: z.string().min(1).max(100),
          label: z.union([z.number(), z.string(), z.boolean()]),
          at: z.iso.datetime(),
        }),
      )
      .min(1),
  }),
  key: (p) => p.deploymentId,
});

/** A deployment went back to an earlier revision (by a call, or by its automatic policy). */
export const rolledBack = defineEvent({
  name: 'serving.rolled-back',
  version: 1,
  schema: z.object({
    project: z.string(),
    projectId: z.uuid(),
    deploymentId: z.uuid(),
    deployment: z.string(),
    fromRevision: z.number().int(),
    toRevision: z.number().int(),
    /** The new revision that restores `toRevision`'s configuration. */
    revision: z.number().int(),
    reason: z.string(),
    automatic: z.boolean(),
    at: z.iso.datetime(),
  }),
  key: (p) => p.deploymentId,
});

/**
 * A deployment was created, changed or deleted: what its champion takes and answers, so that
 * monitoring can check a monitor's features without asking serving.
 */
export const deploymentChanged = defineEvent({
  name: 'serving.deployment-changed',
  version: 1,
  schema: z.object({
    project: z.string(),
    projectId: z.uuid(),
    deploymentId: z.uuid(),
    deployment: z.string(),
    model: z.string(),
    revision: z.number().int(),
    /** The champion's input features (record keys of :predict). */
    features: z.array(z.string()),
    /** The answer's fields (output fields and the decision). */
    outputs: z.array(z.string()),
    deleted: z.boolean(),
    at: z.iso.datetime(),
  }),
  key: (p) => p.deploymentId,
});
