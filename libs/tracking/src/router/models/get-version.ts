import { viewerProcedure } from '@sextant/api';
import { ModelsService } from '../../registry/models.service';
import { modelVersionSummary, versionRef } from '../../registry/models.types';

/** `tracking.models.getVersion`: one version. */
export const getVersion = viewerProcedure
  .input(versionRef)
  .output(modelVersionSummary)
  .query(({ ctx, input }) =>
    ctx.resolve(ModelsService).getVersion(ctx.project, input.model, input.version),
  );
