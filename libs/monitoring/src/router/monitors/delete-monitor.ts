import { z } from 'zod';
import { editorProcedure } from '@sextant/api';
import { MonitorsService } from '../../monitors/monitors.service';
import { monitorRef } from '../../monitors/monitors.types';

/** `monitoring.monitors.delete`: the monitor, its windows, reports and alerts. */
export const deleteMonitor = editorProcedure
  .input(monitorRef)
  .output(z.object({ monitor: z.string(), deleted: z.boolean() }))
  .mutation(({ ctx, input }) =>
    ctx.resolve(MonitorsService).delete(ctx.caller, ctx.project, input.monitor),
  );
