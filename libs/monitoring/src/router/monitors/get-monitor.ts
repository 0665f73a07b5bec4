import { viewerProcedure } from '@sextant/api';
import { MonitorsService } from '../../monitors/monitors.service';
import { monitorRef, monitorSummary } from '../../monitors/monitors.types';

/** `monitoring.monitors.get`. */
export const getMonitor = viewerProcedure
  .input(monitorRef)
  .output(monitorSummary)
  .query(({ ctx, input }) => ctx.resolve(MonitorsService).get(ctx.project, input.monitor));
