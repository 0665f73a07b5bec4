import { viewerProcedure } from '@sextant/api';
import { RunsService } from '../../runs/runs.service';
import { runDetail, runRef } from '../../runs/runs.types';

/** `tracking.runs.get`: a run with its params, tags, latest metrics, datasets and code version. */
export const getRun = viewerProcedure
  .input(runRef)
  .output(runDetail)
  .query(({ ctx, input }) => ctx.resolve(RunsService).get(ctx.project, input.runId));
