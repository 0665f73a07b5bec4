import { editorProcedure } from '@sextant/api';
import { DeploymentsService } from '../../deployments/deployments.service';
import { createDeploymentInput, deploymentSummary } from '../../deployments/deployments.types';

/** `serving.deployments.create`: a deployment of a model's aliases (revision 1), once its versions load and fit. */
export const createDeployment = editorProcedure
  .input(createDeploymentInput)
  .output(deploymentSummary)
  .mutation(({ ctx, input }) =>
    ctx.resolve(DeploymentsService).create(ctx.caller, ctx.project, input),
  );
