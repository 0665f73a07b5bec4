import { viewerProcedure } from '@sextant/api';
import { ModelsService } from '../../registry/models.service';
import { lineageOutput, versionRef } from '../../registry/models.types';

/** `tracking.models.lineage`: a version's graph — artifact, run (params, metrics), experiment, datasets, code commit. */
export const lineage = viewerProcedure
  .input(versionRef)
  .output(lineageOutput)
  .query(({ ctx, input }) =>
    ctx.resolve(ModelsService).lineage(ctx.project, input.model, input.version),
  );
