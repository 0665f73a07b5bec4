import { editorProcedure } from '@sextant/api';
import { ExperimentsService } from '../../experiments/experiments.service';
import { createExperimentInput, experimentSummary } from '../../experiments/experiments.types';

/** `tracking.experiments.create`: Creates an experiment; a taken name is a 409 on `name`. */
export const createExperiment = editorProcedure
  .input(createExperimentInput)
  .output(experimentSummary)
  .mutation(({ ctx, input }) =>
    ctx.resolve(ExperimentsService).create(ctx.caller, ctx.project, input),
  );
