import { editorProcedure } from '@sextant/api';
import { RunsService } from '../../runs/runs.service';
import { runRef, runSummary } from '../../runs/runs.types';

/** `tracking.runs.delete`: soft delete (hidden from search; `runs.restore` brings it back). */
export const deleteRun = editorProcedure
  .input(runRef)
  .output(runSummary)
  .mutation(({ ctx, input }) =>
    ctx.resolve(RunsService).setDeleted(ctx.caller, ctx.project, input.runId, true),
  );
