import { z } from 'zod';
import { viewerProcedure } from '@sextant/api';
import { ModelsService } from '../../registry/models.service';
import { registeredModelSummary } from '../../registry/models.types';

/** `tracking.models.list`: the project's registered models with their aliases. */
export const listModels = viewerProcedure
  .output(z.array(registeredModelSummary))
  .query(({ ctx }) => ctx.resolve(ModelsService).list(ctx.project));
