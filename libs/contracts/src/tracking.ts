import { z } from 'zod';
import { defineEvent } from '@sextant/bus';

/** A run reached a terminal status (finished, failed or killed). */
export const runFinished = defineEvent({
  name: 'tracking.run-finished',
  version: 1,
  schema: z.object({
    runId: z.uuid(),
    experimentId: z.uuid(),
    project: z.string(),
    status: z.enum(['finished', 'failed', 'killed']),
    endTime: z.iso.datetime(),
  }),
  key: (p) => p.runId,
});

/** A new dataset version (with its profile, monitoring's drift reference) was recorded. */
export const datasetVersionCreated = defineEvent({
  name: 'tracking.dataset-version-created',
  version: 1,
  schema: z.object({
    datasetVersionId: z.uuid(),
    project: z.string(),
    name: z.string(),
    version: z.number().int(),
    sha256: z.string(),
    rowCount: z.number().int(),
  }),
  key: (p) => `${p.project}/${p.name}`,
});

/** A model version was registered (its ONNX file validated, its signature read). */
export const modelVersionRegistered = defineEvent({
  name: 'tracking.model-version-registered',
  version: 1,
  schema: z.object({
    project: z.string(),
    modelId: z.uuid(),
    model: z.string(),
    version: z.number().int(),
    versionId: z.uuid(),
    runId: z.uuid(),
    sha256: z.string(),
    /** Added within version 1 (optional for older events): the project's id. */
    projectId: z.uuid().optional(),
    /** The column names of a single [N, k] input, as registered (null: none). */
    featureNames: z.array(z.string()).nullable().optional(),
    registeredAt: z.iso.datetime().optional(),
  }),
  key: (p) => p.modelId,
});

/**
 * An alias moved (`toVersion` null: deleted). Serving listens: the version behind `champion`
 * or `challenger` of a deployment's model is what it serves.
 */
export const aliasMoved = defineEvent({
  name: 'tracking.alias-moved',
  version: 1,
  schema: z.object({
    project: z.string(),
    modelId: z.uuid(),
    model: z.string(),
    alias: z.string(),
    fromVersion: z.number().int().nullable(),
    toVersion: z.number().int().nullable(),
    sha256: z.string().nullable(),
    at: z.iso.datetime(),
    reason: z.string().nullable(),
    /** Added within version 1 (optional for older events): the project's id. */
    projectId: z.uuid().optional(),
    /** The target version's registered feature names (so a consumer needs no other event). */
    featureNames: z.array(z.string()).nullable().optional(),
  }),
  key: (p) => p.modelId,
});

/** A promotion gate decided (passed or not); `promotedTo` is the alias moved when it passed. */
export const gateEvaluated = defineEvent({
  name: 'tracking.gate-evaluated',
  version: 1,
  schema: z.object({
    project: z.string(),
    modelId: z.uuid(),
    model: z.string(),
    decisionId: z.uuid(),
    candidateVersion: z.number().int(),
    baselineAlias: z.string(),
    baselineVersion: z.number().int().nullable(),
    passed: z.boolean(),
    promotedTo: z.string().nullable(),
  }),
  key: (p) => p.modelId,
});
