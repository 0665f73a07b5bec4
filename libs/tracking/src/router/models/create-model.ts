import { editorProcedure } from '@sextant/api';
import { ModelsService } from '../../registry/models.service';
import { createModelInput, registeredModelSummary } from '../../registry/models.types';

/** `tracking.models.create`: registers a model name (unique per project). */
export const createModel = editorProcedure
  .input(createModelInput)
  .output(registeredModelSummary)
  .mutation(({ ctx, input }) => ctx.resolve(ModelsService).create(ctx.caller, ctx.project, input));
