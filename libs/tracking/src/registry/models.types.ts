import { z } from 'zod';
import { instant, iso, runId, tagMap } from '../common.types';

export const modelName = z
  .string()
  .trim()
  .min(1)
  .max(250)
  .regex(/^[\p{L}\p{N}\p{M}_\-. /:]+$/u, 'only letters, digits, spaces and _ - . / : are allowed');
/** `champion`, `challenger`, or any lower-case name. */
export const aliasName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, _ and -, starting with a letter');
export const versionNumber = z.number().int().positive().max(2_147_483_647);

export const tensorSignature = z.object({
  name: z.string(),
  elementType: z.string(),
  shape: z.array(z.union([z.number(), z.string(), z.null()])).nullable(),
});
export const modelSignature = z.object({
  inputs: z.array(tensorSignature),
  outputs: z.array(tensorSignature),
  opsets: z.array(z.object({ domain: z.string(), version: z.number() })),
  featureNames: z.array(z.string()).nullable(),
});

export const modelVersionSummary = z.object({
  id: z.uuid(),
  model: z.string(),
  version: z.number().int(),
  runId: z.uuid(),
  artifactPath: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  status: z.enum(['pending', 'ready', 'failed']),
  statusReason: z.string().nullable(),
  signature: modelSignature,
  /** Column names of the single [N, k] input (given at registration or read from the file). */
  featureNames: z.array(z.string()).nullable(),
  tags: z.record(z.string(), z.string()),
  aliases: z.array(z.string()),
  createdAt: iso,
});
export type ModelVersionSummary = z.infer<typeof modelVersionSummary>;

export const registeredModelSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  tags: z.record(z.string(), z.string()),
  /** alias → version. */
  aliases: z.record(z.string(), z.number().int()),
  latestVersion: z.number().int().nullable(),
  createdAt: iso,
  updatedAt: iso,
});
export type RegisteredModelSummary = z.infer<typeof registeredModelSummary>;

export const aliasMoveSummary = z.object({
  alias: z.string(),
  fromVersion: z.number().int().nullable(),
  toVersion: z.number().int().nullable(),
  actorId: z.uuid().nullable(),
  reason: z.string().nullable(),
  at: iso,
});

export const createModelInput = z.object({
  name: modelName,
  description: z.string().max(5000).optional(),
  tags: tagMap.optional(),
});
export type CreateModelInput = z.infer<typeof createModelInput>;
export const modelRef = z.object({ model: modelName });

export const createVersionInput = z.object({
  model: modelName,
  runId,
  /** The run's artifact holding the ONNX file. */
  artifactPath: z.string().min(1).max(1024),
  /** Names of the columns of a single [N, k] input; default: the file's `feature_names`. */
  featureNames: z.array(z.string().min(1).max(250)).max(10_000).optional(),
  tags: tagMap.optional(),
});
export type CreateVersionInput = z.infer<typeof createVersionInput>;
export const versionRef = z.object({ model: modelName, version: versionNumber });

export const setAliasInput = z.object({
  model: modelName,
  alias: aliasName,
  version: versionNumber,
  /** Why (kept in the alias history). */
  reason: z.string().max(2000).optional(),
});
export type SetAliasInput = z.infer<typeof setAliasInput>;
export const deleteAliasInput = z.object({
  model: modelName,
  alias: aliasName,
  reason: z.string().max(2000).optional(),
});
export const aliasRef = z.object({ model: modelName, alias: aliasName });
export const aliasAtInput = z.object({ model: modelName, alias: aliasName, at: instant });
export const aliasAtOutput = z.object({
  alias: z.string(),
  at: iso,
  /** The version the alias pointed to at `at`; null if it pointed nowhere then. */
  version: z.number().int().nullable(),
  /** The move that set it (null if none had happened yet). */
  since: aliasMoveSummary.nullable(),
});
export const aliasHistoryInput = z.object({ model: modelName, alias: aliasName.optional() });

export const registeredModelDetail = registeredModelSummary.extend({
  versions: z.array(modelVersionSummary),
});
export const deleteAliasOutput = z.object({
  model: z.string(),
  alias: z.string(),
  deleted: z.boolean(),
});

/** A version's lineage: the graph from the model version back to its run, data and code. */
export const lineageNode = z.object({
  id: z.string(),
  kind: z.enum([
    'model-version',
    'artifact',
    'run',
    'experiment',
    'dataset-version',
    'code-commit',
  ]),
  label: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export const lineageEdge = z.object({
  from: z.string(),
  to: z.string(),
  /** `produced-by`, `stored-as`, `trained-on:<role>`, `in-experiment`, `built-from`. */
  relation: z.string(),
});
export const lineageOutput = z.object({
  nodes: z.array(lineageNode),
  edges: z.array(lineageEdge),
});
export type LineageOutput = z.infer<typeof lineageOutput>;
