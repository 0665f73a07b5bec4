import { z } from 'zod';
import { iso, runId } from '../common.types';

/** Largest artifact by default: 5 GiB (`createTrackingService({ artifactMaxBytes })` changes it). */
export const DEFAULT_ARTIFACT_MAX_BYTES = 5 * 1024 ** 3;

export const artifactSummary = z.object({
  path: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  contentType: z.string().nullable(),
  createdAt: iso,
});
export type ArtifactSummary = z.infer<typeof artifactSummary>;

export const listArtifactsInput = z.object({
  runId,
  /** Only paths under this folder (`model` or `model/`: not `models/…`). */
  prefix: z.string().max(1024).optional(),
});
