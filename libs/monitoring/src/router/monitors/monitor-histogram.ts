import { viewerProcedure } from '@sextant/api';
import { MonitorsService } from '../../monitors/monitors.service';
import { histogramInput, histogramOutput } from '../../monitors/monitors.types';

/** `monitoring.monitors.histogram`: a feature's reference beside one window (shares per bin). */
export const monitorHistogram = viewerProcedure
  .input(histogramInput)
  .output(histogramOutput)
  .query(({ ctx, input }) =>
    ctx
      .resolve(MonitorsService)
      .histogram(ctx.project, input.monitor, input.feature, input.windowSeq),
  );
