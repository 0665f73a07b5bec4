import { useQueries, useQuery } from '@tanstack/react-query';
import type { RouterInputs, RouterOutputs } from '@sextant/client';
import { api } from './api-hooks';

type In = RouterInputs['monitoring'];
type Out = RouterOutputs['monitoring'];

export type MonitorSummary = Out['monitors']['get'];
export type DriftReport = Out['monitors']['reports'][number];
export type MonitorAlert = Out['monitors']['alerts'][number];
export type InstalledPlugin = Out['plugins']['list']['plugins'][number];
export type MonitorHistogram = Out['monitors']['histogram'];

/** How often a monitor's figures are read again: windows close as predictions arrive. */
export const MONITOR_REFRESH_MS = 5_000;
/** Windows a monitor page reads (newest first): the heatmap's width. */
export const REPORTS_LIMIT = 200;

/** The monitoring pages' query keys: all under the project, so that a switch refetches. */
export const monitoringKeys = {
  monitors: (project: string) => ['monitoring', project, 'monitors'] as const,
  monitor: (project: string, monitor: string) =>
    ['monitoring', project, 'monitors', monitor] as const,
  reports: (project: string, monitor: string, limit: number) =>
    ['monitoring', project, 'monitors', monitor, 'reports', limit] as const,
  alerts: (project: string, monitor: string) =>
    ['monitoring', project, 'monitors', monitor, 'alerts'] as const,
  histogram: (project: string, monitor: string, feature: string, windowSeq: number) =>
    ['monitoring', project, 'monitors', monitor, 'histogram', feature, windowSeq] as const,
  plugins: (project: string) => ['monitoring', project, 'plugins'] as const,
};

export function useMonitors(project: string) {
  return useQuery({
    queryKey: monitoringKeys.monitors(project),
    // The procedure declares `.input(z.object({}))`, whose inferred type (an index signature of
    // `never`) refuses even the `project` every procedure takes; the call is valid at run time.
    queryFn: () =>
      api().monitoring.monitors.list.query({ project } as unknown as In['monitors']['list']),
    refetchInterval: MONITOR_REFRESH_MS,
  });
}

export function useMonitor(project: string, monitor: string) {
  return useQuery({
    queryKey: monitoringKeys.monitor(project, monitor),
    queryFn: () => api().monitoring.monitors.get.query({ project, monitor }),
    refetchInterval: MONITOR_REFRESH_MS,
  });
}

function reportsQuery(project: string, monitor: string, limit: number) {
  return {
    queryKey: monitoringKeys.reports(project, monitor, limit),
    queryFn: () => api().monitoring.monitors.reports.query({ project, monitor, limit }),
    refetchInterval: MONITOR_REFRESH_MS,
  };
}

function alertsQuery(project: string, monitor: string) {
  return {
    queryKey: monitoringKeys.alerts(project, monitor),
    queryFn: () => api().monitoring.monitors.alerts.query({ project, monitor }),
    refetchInterval: MONITOR_REFRESH_MS,
  };
}

/** A monitor's window reports, newest first (at most {@link REPORTS_LIMIT}). */
export function useMonitorReports(project: string, monitor: string) {
  return useQuery(reportsQuery(project, monitor, REPORTS_LIMIT));
}

/** A monitor's alerts, newest first. */
export function useMonitorAlerts(project: string, monitor: string) {
  return useQuery(alertsQuery(project, monitor));
}

/** For the monitors list: each monitor's newest report and its alerts. */
export function useMonitorsOverview(project: string, monitors: readonly string[]) {
  const last = useQueries({ queries: monitors.map((m) => reportsQuery(project, m, 1)) });
  const alerts = useQueries({ queries: monitors.map((m) => alertsQuery(project, m)) });
  return { last, alerts };
}

/**
 * A feature's reference beside one window's values, as shares per bin. A window's samples and
 * the pinned reference do not change: it is read once.
 */
export function useMonitorHistogram(
  project: string,
  monitor: string,
  feature: string,
  windowSeq: number | null,
) {
  return useQuery({
    queryKey: monitoringKeys.histogram(project, monitor, feature, windowSeq ?? -1),
    queryFn: () =>
      api().monitoring.monitors.histogram.query({
        project,
        monitor,
        feature,
        windowSeq: windowSeq!,
      }),
    enabled: windowSeq !== null,
    staleTime: Infinity,
  });
}

/** The drift-test plugins installed on the monitoring service, with their tests. */
export function usePlugins(project: string) {
  return useQuery({
    queryKey: monitoringKeys.plugins(project),
    queryFn: () => api().monitoring.plugins.list.query({ project }),
    // Plugins are discovered when the service starts: they do not change under a page.
    staleTime: 60_000,
  });
}
