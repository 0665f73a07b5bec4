import { z } from 'zod';
import { entityKey, runId } from '../common.types';
import { metricValue } from './metric-value';

/** The most metrics one `runs.logBatch` takes (the client splits larger batches itself). */
export const MAX_BATCH_METRICS = 50_000;
export const MAX_BATCH_PARAMS = 1000;
export const MAX_BATCH_TAGS = 1000;
export const MAX_PARAM_VALUE_LENGTH = 6000;
export const MAX_TAG_VALUE_LENGTH = 8000;

export const metricPoint = z.object({
  key: entityKey,
  value: metricValue,
  /** An integer (MLflow's step); default 0. */
  step: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).optional(),
  /** Milliseconds since the epoch; default: when the server received the batch. */
  timestamp: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
});
export type MetricPoint = z.infer<typeof metricPoint>;

export const logBatchInput = z.object({
  runId,
  /**
   * Chosen by the client (a UUID is best): a retry with the same id writes nothing twice and
   * gets the first answer; the same id with another body is a 409.
   */
  batchId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\w\-.:]+$/, 'only letters, digits and _ - . : are allowed'),
  metrics: z.array(metricPoint).max(MAX_BATCH_METRICS).default([]),
  /** Write-once: logging a key again with another value is a 409 naming it. */
  params: z
    .array(z.object({ key: entityKey, value: z.string().max(MAX_PARAM_VALUE_LENGTH) }))
    .max(MAX_BATCH_PARAMS)
    .default([]),
  /** Setting a tag again replaces its value. */
  tags: z
    .array(z.object({ key: entityKey, value: z.string().max(MAX_TAG_VALUE_LENGTH) }))
    .max(MAX_BATCH_TAGS)
    .default([]),
});
export type LogBatchInput = z.infer<typeof logBatchInput>;

export const logBatchOutput = z.object({
  runId: z.uuid(),
  batchId: z.string(),
  metrics: z.number().int(),
  params: z.number().int(),
  tags: z.number().int(),
});
export type LogBatchOutput = z.infer<typeof logBatchOutput>;

export const MAX_HISTORY_POINTS = 1_000_000;
export const metricHistoryInput = z.object({
  runId,
  key: entityKey,
  /**
   * Downsample to about this many points (min/max per step bucket, so peaks survive); omitted:
   * the full history (up to 1,000,000 points).
   */
  maxPoints: z.number().int().min(2).max(100_000).optional(),
});
export type MetricHistoryInput = z.infer<typeof metricHistoryInput>;

export const historyPoint = z.object({
  step: z.number(),
  timestamp: z.number(),
  value: metricValue,
});
export type HistoryPoint = z.infer<typeof historyPoint>;

export const metricHistoryOutput = z.object({
  runId: z.uuid(),
  key: z.string(),
  /** Points stored for this key. */
  total: z.number().int(),
  downsampled: z.boolean(),
  /** In step order (then timestamp). */
  points: z.array(historyPoint),
});
export type MetricHistoryOutput = z.infer<typeof metricHistoryOutput>;
