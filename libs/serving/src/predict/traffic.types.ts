import { z } from 'zod';

const num = z.number().nullable();
export const shadowReportOutput = z.object({
  deployment: z.string(),
  revision: z.number().int(),
  championVersion: z.number().int(),
  challengerVersion: z.number().int().nullable(),
  shadowPercent: z.number(),
  mirrored: z.number().int(),
  errors: z.number().int(),
  dropped: z.number().int(),
  agreementRate: num,
  outputDelta: z.object({ field: z.string().nullable(), mean: num, p50: num, p95: num, p99: num }),
  latencyMs: z.object({ p50: num, p95: num, p99: num }),
});

const routeTraffic = z.object({
  requests: z.number().int(),
  errors: z.number().int(),
  errorRate: z.number(),
  requestsPerSecond: z.number(),
  p50Ms: num,
  p99Ms: num,
});
export const trafficOutput = z.object({
  deployment: z.string(),
  windowSeconds: z.number().int(),
  champion: routeTraffic,
  challenger: routeTraffic,
});
