import { editorProcedure } from '@sextant/api';
import { RunsService } from '../../runs/runs.service';
import { createRunInput, runDetail } from '../../runs/runs.types';

/** `tracking.runs.create`: starts a run in an experiment (name or id), with its tags and code version. */
export const createRun = editorProcedure
  .input(createRunInput)
  .output(runDetail)
  .mutation(({ ctx, input }) => ctx.resolve(RunsService).create(ctx.caller, ctx.project, input));
