import { editorProcedure } from '@sextant/api';
import { ModelsService } from '../../registry/models.service';
import { modelVersionSummary, setAliasInput } from '../../registry/models.types';

/** `tracking.models.setAlias`: points an alias (champion, challenger, …) at a version, recorded in its history; publishes `tracking.alias-moved`. */
export const setAlias = editorProcedure
  .input(setAliasInput)
  .output(modelVersionSummary)
  .mutation(({ ctx, input }) =>
    ctx.resolve(ModelsService).setAlias(ctx.caller, ctx.project, input),
  );
