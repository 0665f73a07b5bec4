import { z } from 'zod';
import { entityKey, instant, iso, runId, tagMap } from '../common.types';
import { experimentRef } from '../experiments/experiments.types';
import { metricValue } from '../metrics/metric-value';

export const RUN_STATUSES = ['running', 'finished', 'failed', 'killed'] as const;
export const runStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatus>;

/** Where the run's code came from (the client and CLI read it from git or the CI's variables). */
export const codeVersion = z.object({
  commit: z.string().trim().min(1).max(100).nullable().optional(),
  repository: z.string().trim().min(1).max(1000).nullable().optional(),
  branch: z.string().trim().min(1).max(250).nullable().optional(),
  dirty: z.boolean().nullable().optional(),
});

export const runSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  experimentId: z.uuid(),
  status: runStatus,
  startTime: iso,
  endTime: iso.nullable(),
  deletedAt: iso.nullable(),
  createdBy: z.uuid().nullable(),
  code: z.object({
    commit: z.string().nullable(),
    repository: z.string().nullable(),
    branch: z.string().nullable(),
    dirty: z.boolean().nullable(),
  }),
  /** The latest value of each metric (NaN and ±Infinity as strings). */
  metrics: z.record(z.string(), metricValue),
  params: z.record(z.string(), z.string()),
  tags: z.record(z.string(), z.string()),
});
export type RunSummary = z.infer<typeof runSummary>;

export const runInputSummary = z.object({
  datasetVersionId: z.uuid(),
  name: z.string(),
  version: z.number().int(),
  sha256: z.string(),
  role: z.enum(['training', 'validation', 'test', 'other']),
});

export const runDetail = runSummary.extend({
  experimentName: z.string(),
  latestMetrics: z.array(
    z.object({ key: z.string(), value: metricValue, step: z.number(), timestamp: z.number() }),
  ),
  inputs: z.array(runInputSummary),
});
export type RunDetail = z.infer<typeof runDetail>;

export const runName = z.string().trim().min(1).max(250);

export const createRunInput = z.object({
  /** The experiment's name or id. */
  experiment: experimentRef,
  /** Default: `run-` and the first 8 characters of its id. */
  name: runName.optional(),
  tags: tagMap.optional(),
  startTime: instant.optional(),
  code: codeVersion.optional(),
});
export type CreateRunInput = z.infer<typeof createRunInput>;

export const runRef = z.object({ runId });

export const updateRunInput = z.object({
  runId,
  status: runStatus.optional(),
  /** Default when the status becomes terminal: now. */
  endTime: instant.optional(),
  name: runName.optional(),
});
export type UpdateRunInput = z.infer<typeof updateRunInput>;

export const SEARCH_MAX_LIMIT = 1000;
export const searchRunsInput = z.object({
  /** Experiments by name or id; omitted: the whole project. */
  experiments: z.array(experimentRef).max(100).optional(),
  /** The filter language (`metrics.auc > 0.8 and params.depth = '4'`); see docs/tracking.md. */
  filter: z.string().max(4000).optional(),
  /** `["metrics.auc DESC", "params.depth"]`; default newest first. */
  orderBy: z.array(z.string().max(300)).max(5).optional(),
  /** `active` (default), `deleted` or `all`, as MLflow's run view type. */
  view: z.enum(['active', 'deleted', 'all']).default('active'),
  limit: z.number().int().min(1).max(SEARCH_MAX_LIMIT).default(100),
  /** From the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});
export type SearchRunsInput = z.infer<typeof searchRunsInput>;

export const searchRunsOutput = z.object({
  runs: z.array(runSummary),
  /** Runs matching the filter, over all pages. */
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});
export type SearchRunsOutput = z.infer<typeof searchRunsOutput>;

export const MAX_COMPARED_RUNS = 10;
export const compareRunsInput = z.object({
  runIds: z.array(runId).min(1).max(MAX_COMPARED_RUNS),
});

export const compareRunsOutput = z.object({
  runs: z.array(runSummary),
  /** Every param any of the runs has; `values` in the order of `runs` (null: not logged). */
  params: z.array(
    z.object({ key: z.string(), values: z.array(z.string().nullable()), differs: z.boolean() }),
  ),
  metrics: z.array(z.object({ key: z.string(), values: z.array(metricValue.nullable()) })),
});
export type CompareRunsOutput = z.infer<typeof compareRunsOutput>;

export { entityKey };
