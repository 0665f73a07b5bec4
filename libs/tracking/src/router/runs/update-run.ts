import { editorProcedure } from '@sextant/api';
import { RunsService } from '../../runs/runs.service';
import { runDetail, updateRunInput } from '../../runs/runs.types';

/** `tracking.runs.update`: status (running, finished, failed, killed), end time or name; finishing publishes `tracking.run-finished`. */
export const updateRun = editorProcedure
  .input(updateRunInput)
  .output(runDetail)
  .mutation(({ ctx, input }) => ctx.resolve(RunsService).update(ctx.project, input));
