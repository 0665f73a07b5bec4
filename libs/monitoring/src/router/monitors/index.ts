import { router } from '@sextant/api';
import { backfillMonitor } from './backfill-monitor';
import { createMonitor } from './create-monitor';
import { deleteMonitor } from './delete-monitor';
import { getMonitor } from './get-monitor';
import { listMonitors } from './list-monitors';
import { monitorAlerts } from './monitor-alerts';
import { monitorHistogram } from './monitor-histogram';
import { monitorReports } from './monitor-reports';

export const monitorsRouter = router({
  create: createMonitor,
  list: listMonitors,
  get: getMonitor,
  delete: deleteMonitor,
  reports: monitorReports,
  alerts: monitorAlerts,
  histogram: monitorHistogram,
  backfill: backfillMonitor,
});
