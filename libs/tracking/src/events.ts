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
