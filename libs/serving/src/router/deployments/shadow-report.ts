import { viewerProcedure } from '@sextant/api';
import { deploymentRef } from '../../deployments/deployments.types';
import { TrafficService } from '../../predict/traffic.service';
import { shadowReportOutput } from '../../predict/traffic.types';

/** `serving.deployments.shadowReport`: champion vs challenger on mirrored requests (this replica). */
export const shadowReport = viewerProcedure
  .input(deploymentRef)
  .output(shadowReportOutput)
  .query(({ ctx, input }) =>
    ctx.resolve(TrafficService).shadowReport(ctx.project, input.deployment),
  );
