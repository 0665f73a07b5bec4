import { z } from 'zod';
import { viewerProcedure } from '@sextant/api';
import { MonitorsService } from '../../monitors/monitors.service';
import { monitorSummary } from '../../monitors/monitors.types';

/** `monitoring.monitors.list`: the project's monitors. */
export const listMonitors = viewerProcedure
  .output(z.array(monitorSummary))
  .query(({ ctx }) => ctx.resolve(MonitorsService).list(ctx.project));
