import { editorProcedure } from '@sextant/api';
import { RunsService } from '../../runs/runs.service';
import { runRef, runSummary } from '../../runs/runs.types';

/** `tracking.runs.restore`: undoes `runs.delete`. */
export const restoreRun = editorProcedure
  .input(runRef)
  .output(runSummary)
  .mutation(({ ctx, input }) =>
    ctx.resolve(RunsService).setDeleted(ctx.caller, ctx.project, input.runId, false),
  );
