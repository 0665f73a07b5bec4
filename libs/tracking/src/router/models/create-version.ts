import { editorProcedure } from '@sextant/api';
import { ModelsService } from '../../registry/models.service';
import { createVersionInput, modelVersionSummary } from '../../registry/models.types';

/** `tracking.models.createVersion`: registers a run's ONNX artifact as the next version (validated; signature read from the file). */
export const createVersion = editorProcedure
  .input(createVersionInput)
  .output(modelVersionSummary)
  .mutation(({ ctx, input }) =>
    ctx.resolve(ModelsService).createVersion(ctx.caller, ctx.project, input),
  );
