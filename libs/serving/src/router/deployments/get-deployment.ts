import { viewerProcedure } from '@sextant/api';
import { DeploymentsService } from '../../deployments/deployments.service';
import { deploymentRef, deploymentSummary } from '../../deployments/deployments.types';

/** `serving.deployments.get`: the current revision and what this replica serves. */
export const getDeployment = viewerProcedure
  .input(deploymentRef)
  .output(deploymentSummary)
  .query(({ ctx, input }) => ctx.resolve(DeploymentsService).get(ctx.project, input.deployment));
