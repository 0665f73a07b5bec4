import { editorProcedure } from '@sextant/api';
import { ExperimentsService } from '../../experiments/experiments.service';
import { getExperimentInput, experimentSummary } from '../../experiments/experiments.types';

/** `tracking.experiments.restore`: Brings an archived experiment back. */
export const restoreExperiment = editorProcedure
  .input(getExperimentInput)
  .output(experimentSummary)
  .mutation(({ ctx, input }) =>
    ctx.resolve(ExperimentsService).setArchived(ctx.caller, ctx.project, input.experiment, false),
  );
