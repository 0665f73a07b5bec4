import { z } from 'zod';
import { viewerProcedure } from '@sextant/api';
import { ModelsService } from '../../registry/models.service';
import { aliasHistoryInput, aliasMoveSummary } from '../../registry/models.types';

/** `tracking.models.aliasHistory`: every move of a model's aliases, newest first. */
export const aliasHistory = viewerProcedure
  .input(aliasHistoryInput)
  .output(z.array(aliasMoveSummary))
  .query(({ ctx, input }) =>
    ctx.resolve(ModelsService).aliasHistory(ctx.project, input.model, input.alias),
  );
