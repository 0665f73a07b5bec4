import { editorProcedure } from '@sextant/api';
import { z } from 'zod';
import { DatasetsService } from '../../datasets/datasets.service';
import { datasetSummary, logInputsInput } from '../../datasets/datasets.types';

/** `tracking.runs.logInputs`: links dataset versions to a run as training, validation or test data. */
export const logInputs = editorProcedure
  .input(logInputsInput)
  .output(z.array(datasetSummary))
  .mutation(({ ctx, input }) => ctx.resolve(DatasetsService).logInputs(ctx.project, input));
