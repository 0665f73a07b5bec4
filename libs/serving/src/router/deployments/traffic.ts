import { viewerProcedure } from '@sextant/api';
import { deploymentRef } from '../../deployments/deployments.types';
import { TrafficService } from '../../predict/traffic.service';
import { trafficOutput } from '../../predict/traffic.types';

/** `serving.deployments.traffic`: req/s, error rate and p50/p99 per route over the last minute (this replica). */
export const traffic = viewerProcedure
  .input(deploymentRef)
  .output(trafficOutput)
  .query(({ ctx, input }) => ctx.resolve(TrafficService).traffic(ctx.project, input.deployment));
