import { z } from 'zod';
import { editorProcedure } from '@sextant/api';
import { MonitorsService } from '../../monitors/monitors.service';
import { backfillInput, driftReportSummary } from '../../monitors/monitors.types';

/** `monitoring.monitors.backfill`: new or changed tests over every past window's stored predictions. */
export const backfillMonitor = editorProcedure
  .input(backfillInput)
  .output(z.array(driftReportSummary))
  .mutation(({ ctx, input }) =>
    ctx.resolve(MonitorsService).backfill(ctx.caller, ctx.project, input),
  );
