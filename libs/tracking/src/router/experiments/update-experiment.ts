import { editorProcedure } from '@sextant/api';
import { ExperimentsService } from '../../experiments/experiments.service';
import { updateExperimentInput, experimentSummary } from '../../experiments/experiments.types';

/** `tracking.experiments.update`: Renames, describes or tags an experiment (a null tag value removes it). */
export const updateExperiment = editorProcedure
  .input(updateExperimentInput)
  .output(experimentSummary)
  .mutation(({ ctx, input }) =>
    ctx.resolve(ExperimentsService).update(ctx.caller, ctx.project, input),
  );
