import { editorProcedure } from '@sextant/api';
import { DeploymentsService } from '../../deployments/deployments.service';
import { deploymentSummary, updateDeploymentInput } from '../../deployments/deployments.types';

/** `serving.deployments.update`: a new revision with what is given changed (null removes a setting). */
export const updateDeployment = editorProcedure
  .input(updateDeploymentInput)
  .output(deploymentSummary)
  .mutation(({ ctx, input }) =>
    ctx.resolve(DeploymentsService).update(ctx.caller, ctx.project, input),
  );
