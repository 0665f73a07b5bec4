import { viewerProcedure } from '@sextant/api';
import { ModelsService } from '../../registry/models.service';
import { aliasRef, modelVersionSummary } from '../../registry/models.types';

/** `tracking.models.getByAlias`: the version an alias points to now. */
export const getByAlias = viewerProcedure
  .input(aliasRef)
  .output(modelVersionSummary)
  .query(({ ctx, input }) =>
    ctx.resolve(ModelsService).getByAlias(ctx.project, input.model, input.alias),
  );
