import { editorProcedure } from '@sextant/api';
import { DatasetsService } from '../../datasets/datasets.service';
import { createDatasetInput, datasetDetail } from '../../datasets/datasets.types';

/** `tracking.datasets.create`: a dataset version from a run's CSV artifact, profiled; same content = same version. */
export const createDataset = editorProcedure
  .input(createDatasetInput)
  .output(datasetDetail)
  .mutation(({ ctx, input }) =>
    ctx.resolve(DatasetsService).create(ctx.caller, ctx.project, input),
  );
