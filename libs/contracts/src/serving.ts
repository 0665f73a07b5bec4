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
  /** Inputs by feature name. */
  inputs: z.record(z.string(), z.union([featureValue, z.array(featureValue)])),
  /** The deployment's answer fields (named outputs). */
  outputs: z.record(z.string(), z.unknown()),
  decision: z.string().nullable(),
  /** Model time for the request this record came in (the whole batch's for a batch). */
  latencyMs: z.number().nonnegative(),
});
export type PredictionRecord = z.infer<typeof predictionRecord>;

/** Who answered a prediction: the champion or the challenger (canary), or the challenger in shadow. */
export const predictionRoute = z.enum(['champion', 'challenger', 'shadow']);
export type PredictionRoute = z.infer<typeof predictionRoute>;

const batchHead = {
  project: z.string(),
  projectId: z.uuid(),
  deploymentId: z.uuid(),
  deployment: z.string(),
  model: z.string(),
  /** The earliest and latest prediction time in the batch. */
  from: z.iso.datetime(),
  to: z.iso.datetime(),
};

/**
 * The prediction log, version 1 (records): still read by monitoring, for messages published
 * before version 2 (the log keeps a week). New messages are version 2.
 */
export const predictionsLoggedV1 = defineEvent({
  name: 'serving.predictions',
  version: 1,
  schema: z.object({ ...batchHead, predictions: z.array(predictionRecord).min(1) }),
  key: (p) => p.deploymentId,
});

/** At most this many predictions in one message of the log. */
export const PREDICTIONS_PER_MESSAGE = 10_000;

const column = <T extends z.ZodType>(t: T) => z.array(t).min(1).max(PREDICTIONS_PER_MESSAGE);

/**
 * One batch of predictions as columns: the i-th prediction is the i-th element of every array
 * (`null` where a record had no such input or field). Every column has `count` elements.
 */
export const predictionColumns = z
  .object({
    count: z.number().int().min(1).max(PREDICTIONS_PER_MESSAGE),
    id: column(z.string().min(1).max(100)),
    /** Milliseconds since the epoch. */
    atMs: column(z.number().int().nonnegative()),
    revision: column(z.number().int()),
    modelVersion: column(z.number().int()),
    route: column(predictionRoute),
    /** Inputs by feature name. */
    inputs: z.record(z.string(), column(z.union([featureValue, z.array(featureValue)]))),
    /** The deployment's answer fields (named outputs). */
    outputs: z.record(z.string(), column(z.unknown())),
    decision: column(z.string().nullable()),
    /** Model time for the request each prediction came in (the whole batch's for a batch). */
    latencyMs: column(z.number().nonnegative()),
  })
  .superRefine((c, ctx) => {
    const check = (path: (string | number)[], length: number) => {
      if (length !== c.count) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `expected ${c.count} elements, got ${length}`,
        });
      }
    };
    for (const k of [
      'id',
      'atMs',
      'revision',
      'modelVersion',
      'route',
      'decision',
      'latencyMs',
    ] as const) {
      check([k], c[k].length);
    }
    for (const [k, v] of Object.entries(c.inputs)) check(['inputs', k], v.length);
    for (const [k, v] of Object.entries(c.outputs)) check(['outputs', k], v.length);
  });
export type PredictionColumns = z.infer<typeof predictionColumns>;

/**
 * The prediction log: answered requests of one deployment, batched by count and time and
 * sampled at the deployment's rate (direct publish: never blocks an answer), as columns — half
 * the bytes of records, and a monitor reads a feature's values as one array. Monitoring windows
 * them by `atMs` and deployment; `from`/`to` bound the batch's times.
 */
export const predictionsLogged = defineEvent({
  name: 'serving.predictions',
  version: 2,
  schema: z.object({ ...batchHead, predictions: predictionColumns }),
  key: (p) => p.deploymentId,
});

/**
 * A message of the log (either version) as records, in its order; `at` as ISO 8601. A record
 * from columns has every column's key (`null` where it had no such input or field).
 */
export function predictionRecordsOf(payload: {
  predictions: readonly PredictionRecord[] | PredictionColumns;
}): PredictionRecord[] {
  const p = payload.predictions;
  if (Array.isArray(p)) return [...(p as readonly PredictionRecord[])];
  const c = p as PredictionColumns;
  const inputs = Object.entries(c.inputs);
  const outputs = Object.entries(c.outputs);
  const records: PredictionRecord[] = [];
  for (let i = 0; i < c.count; i++) {
    // Without a prototype: a feature or field may be named `constructor` or `__proto__`.
    const ins: PredictionRecord['inputs'] = Object.create(null) as never;
    for (const [k, v] of inputs) ins[k] = v[i] ?? null;
    const outs: PredictionRecord['outputs'] = Object.create(null) as never;
    for (const [k, v] of outputs) outs[k] = v[i] ?? null;
    records.push({
      id: c.id[i]!,
      at: new Date(c.atMs[i]!).toISOString(),
      revision: c.revision[i]!,
      modelVersion: c.modelVersion[i]!,
      route: c.route[i]!,
      inputs: ins,
      outputs: outs,
      decision: c.decision[i] ?? null,
      latencyMs: c.latencyMs[i]!,
    });
  }
  return records;
}

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
