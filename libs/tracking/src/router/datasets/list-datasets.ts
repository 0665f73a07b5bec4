import { viewerProcedure } from '@sextant/api';
import { z } from 'zod';
import { DatasetsService } from '../../datasets/datasets.service';
import { datasetSummary, listDatasetsInput } from '../../datasets/datasets.types';

/** `tracking.datasets.list`: dataset versions, by name then newest first. */
export const listDatasets = viewerProcedure
  .input(listDatasetsInput)
  .output(z.array(datasetSummary))
  .query(({ ctx, input }) => ctx.resolve(DatasetsService).list(ctx.project, input.name));
