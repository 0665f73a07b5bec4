import { viewerProcedure } from '@sextant/api';
import { RunsService } from '../../runs/runs.service';
import { compareRunsInput, compareRunsOutput } from '../../runs/runs.types';

/** `tracking.runs.compare`: up to 10 runs side by side, with the params that differ. */
export const compareRuns = viewerProcedure
  .input(compareRunsInput)
  .output(compareRunsOutput)
  .query(({ ctx, input }) => ctx.resolve(RunsService).compare(ctx.project, input.runIds));
