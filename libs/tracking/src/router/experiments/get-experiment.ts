import { viewerProcedure } from '@sextant/api';
import { ExperimentsService } from '../../experiments/experiments.service';
import { getExperimentInput, experimentSummary } from '../../experiments/experiments.types';

/** `tracking.experiments.get`: An experiment by name or id, with its run count. */
export const getExperiment = viewerProcedure
  .input(getExperimentInput)
  .output(experimentSummary)
  .query(({ ctx, input }) => ctx.resolve(ExperimentsService).get(ctx.project, input.experiment));
