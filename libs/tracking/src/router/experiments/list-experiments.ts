import { z } from 'zod';
import { viewerProcedure } from '@sextant/api';
import { ExperimentsService } from '../../experiments/experiments.service';
import { experimentSummary, listExperimentsInput } from '../../experiments/experiments.types';

/** `tracking.experiments.list`: the project's experiments, newest first. */
export const listExperiments = viewerProcedure
  .input(listExperimentsInput)
  .output(z.array(experimentSummary))
  .query(({ ctx, input }) => ctx.resolve(ExperimentsService).list(ctx.project, input.view));
