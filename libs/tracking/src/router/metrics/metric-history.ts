import { viewerProcedure } from '@sextant/api';
import { MetricsService } from '../../metrics/metrics.service';
import { metricHistoryInput, metricHistoryOutput } from '../../metrics/metrics.types';

/** `tracking.metrics.history`: a metric's points in step order, whole or downsampled to `maxPoints`. */
export const metricHistory = viewerProcedure
  .input(metricHistoryInput)
  .output(metricHistoryOutput)
  .query(({ ctx, input }) => ctx.resolve(MetricsService).history(ctx.project, input));
