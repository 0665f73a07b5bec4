import { viewerProcedure } from '@sextant/api';
import { ModelsService } from '../../registry/models.service';
import { modelRef, registeredModelDetail } from '../../registry/models.types';

/** `tracking.models.get`: a model with its versions, signatures and aliases. */
export const getModel = viewerProcedure
  .input(modelRef)
  .output(registeredModelDetail)
  .query(({ ctx, input }) => ctx.resolve(ModelsService).get(ctx.project, input.model));
