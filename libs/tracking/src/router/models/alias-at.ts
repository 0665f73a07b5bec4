import { viewerProcedure } from '@sextant/api';
import { ModelsService } from '../../registry/models.service';
import { aliasAtInput, aliasAtOutput } from '../../registry/models.types';

/** `tracking.models.aliasAt`: what an alias pointed to at a time (ms or ISO) — what served when. */
export const aliasAt = viewerProcedure
  .input(aliasAtInput)
  .output(aliasAtOutput)
  .query(({ ctx, input }) =>
    ctx.resolve(ModelsService).aliasAt(ctx.project, input.model, input.alias, input.at),
  );
