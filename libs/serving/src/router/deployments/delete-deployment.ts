import { z } from 'zod';
import { editorProcedure } from '@sextant/api';
import { DeploymentsService } from '../../deployments/deployments.service';
import { deploymentRef } from '../../deployments/deployments.types';

/** `serving.deployments.delete`: stops serving it (its routes answer 404). */
export const deleteDeployment = editorProcedure
  .input(deploymentRef)
  .output(z.object({ deployment: z.string(), deleted: z.boolean() }))
  .mutation(({ ctx, input }) =>
    ctx.resolve(DeploymentsService).delete(ctx.caller, ctx.project, input.deployment),
  );
