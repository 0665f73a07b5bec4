import { z } from 'zod';
import { entityKey, iso, tagMap } from '../common.types';

export const experimentName = z
  .string()
  .trim()
  .min(1)
  .max(250)
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

export const experimentSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  tags: z.record(z.string(), z.string()),
  archived: z.boolean(),
  createdAt: iso,
  updatedAt: iso,
  archivedAt: iso.nullable(),
  /** Runs not deleted. */
  runCount: z.number().int(),
  /** Start of the newest run, if any. */
  lastRunAt: iso.nullable(),
});
export type ExperimentSummary = z.infer<typeof experimentSummary>;

/** An experiment by its name or its id. */
export const experimentRef = z.string().trim().min(1).max(250);

export const createExperimentInput = z.object({
  name: experimentName,
  description: z.string().max(5000).optional(),
  tags: tagMap.optional(),
});
export type CreateExperimentInput = z.infer<typeof createExperimentInput>;

export const getExperimentInput = z.object({ experiment: experimentRef });

export const listExperimentsInput = z.object({
  /** `active` (default), `archived` or `all`, as MLflow's view type. */
  view: z.enum(['active', 'archived', 'all']).default('active'),
});

export const updateExperimentInput = z.object({
  experiment: experimentRef,
  name: experimentName.optional(),
  description: z.string().max(5000).nullable().optional(),
  /** Tags to set; a null value removes the tag. */
  tags: z
    .record(entityKey, z.string().max(8000).nullable())
    .refine((t) => Object.keys(t).length <= 100, 'at most 100 tags')
    .optional(),
});
export type UpdateExperimentInput = z.infer<typeof updateExperimentInput>;
