import { editorProcedure } from '@sextant/api';
import { ExperimentsService } from '../../experiments/experiments.service';
import { getExperimentInput, experimentSummary } from '../../experiments/experiments.types';

/** `tracking.experiments.archive`: Hides an experiment from lists; its runs stay. */
export const archiveExperiment = editorProcedure
  .input(getExperimentInput)
  .output(experimentSummary)
  .mutation(({ ctx, input }) =>
    ctx.resolve(ExperimentsService).setArchived(ctx.caller, ctx.project, input.experiment, true),
  );
