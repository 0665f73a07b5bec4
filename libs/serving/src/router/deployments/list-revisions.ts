import { viewerProcedure } from '@sextant/api';
import { DeploymentsService } from '../../deployments/deployments.service';
import { deploymentRef, revisionsOutput } from '../../deployments/deployments.types';

/** `serving.deployments.revisions`: every revision, newest first, with why it was made. */
export const listRevisions = viewerProcedure
  .input(deploymentRef)
  .output(revisionsOutput)
  .query(({ ctx, input }) =>
    ctx.resolve(DeploymentsService).revisions(ctx.project, input.deployment),
  );
