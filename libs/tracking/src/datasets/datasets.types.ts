import { z } from 'zod';
import { iso, runId } from '../common.types';

export const datasetName = z
  .string()
  .trim()
  .min(1)
  .max(250)
  .regex(/^[\p{L}\p{N}\p{M}_\-. /:]+$/u, 'only letters, digits, spaces and _ - . / : are allowed');

export const DATASET_ROLES = ['training', 'validation', 'test', 'other'] as const;

export const datasetSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  version: z.number().int(),
  /** sha256 of the file: the same content under the same name is the same version. */
  sha256: z.string(),
  size: z.number().int(),
  format: z.string(),
  source: z.object({ runId: z.uuid(), path: z.string() }),
  schema: z.array(z.object({ name: z.string(), kind: z.string() })),
  rowCount: z.number().int(),
  createdAt: iso,
});
export type DatasetSummary = z.infer<typeof datasetSummary>;

/** With the per-column profile (quantiles, histogram, category counts, missing share). */
export const datasetDetail = datasetSummary.extend({
  profile: z.record(z.string(), z.unknown()),
});
export type DatasetDetail = z.infer<typeof datasetDetail>;

export const createDatasetInput = z.object({
  name: datasetName,
  /** The run artifact holding the data (CSV with a header row). */
  runId,
  path: z.string().min(1).max(1024),
  format: z.enum(['csv']).default('csv'),
});
export type CreateDatasetInput = z.infer<typeof createDatasetInput>;

export const getDatasetInput = z.object({
  name: datasetName,
  /** Default: the latest version. */
  version: z.number().int().positive().max(2_147_483_647).optional(),
});

export const listDatasetsInput = z.object({
  /** Only this dataset's versions; omitted: every dataset's versions. */
  name: datasetName.optional(),
});

export const logInputsInput = z.object({
  runId,
  inputs: z
    .array(
      z.object({
        dataset: datasetName,
        /** Default: the latest version. */
        version: z.number().int().positive().max(2_147_483_647).optional(),
        role: z.enum(DATASET_ROLES),
      }),
    )
    .min(1)
    .max(100),
});
export type LogInputsInput = z.infer<typeof logInputsInput>;
