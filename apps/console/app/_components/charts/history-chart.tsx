'use client';

import { useMemo } from 'react';
import { apiProblem } from '../../../lib/api-error';
import { useMetricHistories } from '../../../lib/tracking-hooks';
import { PALETTE } from './echart';
import { type ChartSettings, MetricChart, type MetricSeries } from './metric-chart';

/**
 * One metric of several runs on one chart, from `metrics.history` (downsampled to about 1000
 * points per run). A run without the metric draws no curve.
 */
export function HistoryChart({
  project,
  metric,
  runs,
  settings,
  height,
  testId,
}: {
  project: string;
  metric: string;
  runs: readonly { readonly id: string; readonly name: string }[];
  settings: ChartSettings;
  height?: number;
  testId?: string;
}) {
  const ids = useMemo(() => runs.map((r) => r.id), [runs]);
  const histories = useMetricHistories(project, ids, metric);
  const pending = histories.some((h) => h.isPending);
  const dataKey = histories.map((h) => h.dataUpdatedAt).join(',');
  const series = useMemo<MetricSeries[]>(
    () =>
      runs.flatMap((run, i) => {
        const points = histories[i]?.data?.points;
        // Colours follow the runs' order, whether or not the runs before have the metric.
        const color = PALETTE[i % PALETTE.length];
        return points && points.length > 0 ? [{ name: run.name, color, points }] : [];
      }),
    // The histories array is new on every render; its data changes only with dataKey.
    [runs, dataKey],
  );
  const firstError = histories.find((h) => h.error)?.error;
  if (pending && series.length === 0) {
    return (
      <figure className="metric-chart">
        <figcaption>
          <span className="metric-chart-title">{metric}</span>
        </figcaption>
        <p className="muted chart-empty">Loading…</p>
      </figure>
    );
  }
  if (series.length === 0 && firstError) {
    return (
      <figure className="metric-chart">
        <figcaption>
          <span className="metric-chart-title">{metric}</span>
        </figcaption>
        <p className="error chart-empty">{apiProblem(firstError).message}</p>
      </figure>
    );
  }
  const downsampled = histories.some((h) => h.data?.downsampled);
  return (
    <div>
      <MetricChart
        title={metric}
        series={series}
        settings={settings}
        height={height}
        testId={testId}
      />
      {downsampled && (
        <p className="muted chart-note">
          Downsampled to about 1,000 points per run (each bucket’s min and max kept).
        </p>
      )}
    </div>
  );
}
