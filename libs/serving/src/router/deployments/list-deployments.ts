import { z } from 'zod';
import { viewerProcedure } from '@sextant/api';
import { DeploymentsService } from '../../deployments/deployments.service';
import { deploymentSummary } from '../../deployments/deployments.types';

/** `serving.deployments.list`: the project's deployments, by name. */
export const listDeployments = viewerProcedure
  .output(z.array(deploymentSummary))
  .query(({ ctx }) => ctx.resolve(DeploymentsService).list(ctx.project));
