import { z } from 'zod';
import { viewerProcedure } from '@sextant/api';
import { MonitorsService } from '../../monitors/monitors.service';
import { driftReportSummary, reportsInput } from '../../monitors/monitors.types';

/** `monitoring.monitors.reports`: window reports, newest first (per feature: test, statistic, p-value, threshold, drifted), with performance. */
export const monitorReports = viewerProcedure
  .input(reportsInput)
  .output(z.array(driftReportSummary))
  .query(({ ctx, input }) =>
    ctx.resolve(MonitorsService).reports(ctx.project, input.monitor, input.limit),
  );
