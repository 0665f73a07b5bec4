import { z } from 'zod';

/**
 * A metric value in JSON. JSON has no NaN or Infinity, so they travel as the strings "NaN",
 * "Infinity" and "-Infinity" — the proto3 JSON mapping MLflow's REST API uses. They are stored
 * as PostgreSQL's float8 NaN and ±Infinity and come back the same way.
 */
export const metricValue = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]);
export type MetricValueJson = z.infer<typeof metricValue>;

export function decodeMetricValue(value: MetricValueJson): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  return value === 'Infinity' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

export function encodeMetricValue(value: number): MetricValueJson {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}
