import { viewerProcedure } from '@sextant/api';
import { DatasetsService } from '../../datasets/datasets.service';
import { datasetDetail, getDatasetInput } from '../../datasets/datasets.types';

/** `tracking.datasets.get`: a version (default the latest) with its schema and profile. */
export const getDataset = viewerProcedure
  .input(getDatasetInput)
  .output(datasetDetail)
  .query(({ ctx, input }) =>
    ctx.resolve(DatasetsService).get(ctx.project, input.name, input.version),
  );
