import { editorProcedure } from '@sextant/api';
import { ModelsService } from '../../registry/models.service';
import { deleteAliasInput, deleteAliasOutput } from '../../registry/models.types';

/** `tracking.models.deleteAlias`: removes an alias (recorded in its history). */
export const deleteAlias = editorProcedure
  .input(deleteAliasInput)
  .output(deleteAliasOutput)
  .mutation(({ ctx, input }) =>
    ctx.resolve(ModelsService).deleteAlias(ctx.caller, ctx.project, input),
  );
