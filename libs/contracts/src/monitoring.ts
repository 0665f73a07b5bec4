import { z } from 'zod';
import { defineEvent } from '@sextant/bus';

/**
 * A monitor saw N consecutive drifted windows (its alert): pipelines retrain on it, serving may
 * roll a canary back on it.
 */
export const driftDetected = defineEvent({
  name: 'monitoring.drift-detected',
  version: 1,
  schema: z.object({
    project: z.string(),
    projectId: z.uuid(),
    monitorId: z.uuid(),
    monitor: z.string(),
    deployment: z.string(),
    windowSeq: z.number().int(),
    consecutive: z.number().int(),
    /** Share of drifted features in the last window, and which. */
    driftedShare: z.number(),
    driftedFeatures: z.array(z.string()),
    at: z.iso.datetime(),
  }),
  key: (p) => p.monitorId,
});
