import { editorProcedure } from '@sextant/api';
import { MonitorsService } from '../../monitors/monitors.service';
import { createMonitorInput, monitorSummary } from '../../monitors/monitors.types';

/** `monitoring.monitors.create`: a drift monitor of a deployment's prediction log. */
export const createMonitor = editorProcedure
  .input(createMonitorInput)
  .output(monitorSummary)
  .mutation(({ ctx, input }) =>
    ctx.resolve(MonitorsService).create(ctx.caller, ctx.project, input),
  );
