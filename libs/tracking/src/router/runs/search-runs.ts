import { viewerProcedure } from '@sextant/api';
import { RunsService } from '../../runs/runs.service';
import { searchRunsInput, searchRunsOutput } from '../../runs/runs.types';

/** `tracking.runs.search`: filter language, ordering by any metric, param or attribute, cursor paging. */
export const searchRuns = viewerProcedure
  .input(searchRunsInput)
  .output(searchRunsOutput)
  .query(({ ctx, input }) => ctx.resolve(RunsService).search(ctx.project, input));
