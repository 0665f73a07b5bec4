import { editorProcedure } from '@sextant/api';
import { DeploymentsService } from '../../deployments/deployments.service';
import { deploymentSummary, rollbackInput } from '../../deployments/deployments.types';

/** `serving.deployments.rollback`: back to any earlier revision in one call; publishes `serving.rolled-back`. */
export const rollbackDeployment = editorProcedure
  .input(rollbackInput)
  .output(deploymentSummary)
  .mutation(({ ctx, input }) =>
    ctx.resolve(DeploymentsService).rollback(ctx.caller, ctx.project, input),
  );
