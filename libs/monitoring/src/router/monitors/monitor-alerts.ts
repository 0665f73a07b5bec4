import { z } from 'zod';
import { viewerProcedure } from '@sextant/api';
import { MonitorsService } from '../../monitors/monitors.service';
import { alertSummary, monitorRef } from '../../monitors/monitors.types';

/** `monitoring.monitors.alerts`: newest first. */
export const monitorAlerts = viewerProcedure
  .input(monitorRef)
  .output(z.array(alertSummary))
  .query(({ ctx, input }) => ctx.resolve(MonitorsService).alerts(ctx.project, input.monitor));
