'use client';

import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { type MetricValue, decodeMetric, formatMetric } from '../../../lib/metric-value';
import { emaSmooth } from '../../../lib/smoothing';
import { EChart, PALETTE } from './echart';

/** One curve: a run's points of one metric, in step order. */
export interface MetricSeries {
  readonly name: string;
  /** Default: the palette's colour for the series' place. */
  readonly color?: string;
  readonly points: readonly { readonly step: number; readonly value: MetricValue }[];
}

export interface ChartSettings {
  readonly logScale: boolean;
  /** The EMA weight in [0, 1); 0 draws the raw points only. */
  readonly smoothing: number;
}

/**
 * A step curve per series. With smoothing, the raw curve stays as a faint line behind the
 * smoothed one (as TensorBoard draws it). NaN and ±Infinity leave gaps; on a log axis so do
 * values ≤ 0, which it cannot place, and the chart says how many it left out.
 */
export function MetricChart({
  title,
  series,
  settings,
  height,
  testId,
}: {
  title: string;
  series: readonly MetricSeries[];
  settings: ChartSettings;
  height?: number;
  testId?: string;
}) {
  const { option, hidden } = useMemo(() => buildOption(series, settings), [series, settings]);
  const points = series.reduce((n, s) => n + s.points.length, 0);
  return (
    <figure className="metric-chart">
      <figcaption>
        <span className="metric-chart-title">{title}</span>
        {hidden > 0 && (
          <span className="muted">
            {' '}
            · {hidden} point{hidden === 1 ? '' : 's'} ≤ 0 not shown on the log scale
          </span>
        )}
      </figcaption>
      {points === 0 ? (
        <p className="muted chart-empty">No points logged.</p>
      ) : (
        <EChart
          option={option}
          height={height}
          label={`${title}: ${series.map((s) => s.name).join(', ')}`}
          testId={testId}
        />
      )}
    </figure>
  );
}

function buildOption(
  series: readonly MetricSeries[],
  { logScale, smoothing }: ChartSettings,
): { option: EChartsCoreOption; hidden: number } {
  let hidden = 0;
  const place = (v: number): number | null => {
    if (!Number.isFinite(v)) return null;
    if (logScale && v <= 0) {
      hidden += 1;
      return null;
    }
    return v;
  };
  const lines: object[] = [];
  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const steps = s.points.map((p) => p.step);
    const raw = s.points.map((p) => decodeMetric(p.value));
    const base = {
      type: 'line',
      showSymbol: raw.length === 1,
      symbolSize: 6,
      // The API sends at most ~1000 points per curve; LTTB keeps the canvas light when a chart
      // is narrower than that, without dropping the peaks' shape.
      sampling: 'lttb',
      connectNulls: false,
      emphasis: { disabled: true },
      color,
    };
    const rawData = raw.map((v, j) => [steps[j], place(v)]);
    if (smoothing > 0) {
      lines.push({
        ...base,
        name: s.name,
        data: rawData,
        lineStyle: { width: 1, opacity: 0.25 },
        tooltip: { show: false },
      });
      // Count the hidden points once, not for the raw and the smoothed curve both.
      const before = hidden;
      const smoothed = emaSmooth(raw, smoothing).map((v, j) => [steps[j], place(v)]);
      hidden = before;
      lines.push({ ...base, name: s.name, data: smoothed, lineStyle: { width: 2 } });
    } else {
      lines.push({ ...base, name: s.name, data: rawData, lineStyle: { width: 2 } });
    }
  });
  const option: EChartsCoreOption = {
    animation: false,
    grid: { left: 56, right: 20, top: series.length > 1 ? 34 : 16, bottom: 36 },
    legend: series.length > 1 ? { type: 'scroll', top: 0, textStyle: { fontSize: 12 } } : undefined,
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? formatMetric(v) : '—'),
    },
    xAxis: {
      type: 'value',
      name: 'step',
      nameLocation: 'middle',
      nameGap: 24,
      // The curves span the whole width: no padding to the next round number.
      min: 'dataMin',
      max: 'dataMax',
      // The last step is rarely a round number: its label would sit on the last round one.
      axisLabel: { fontSize: 11, showMaxLabel: false },
      splitLine: { show: false },
    },
    yAxis: {
      type: logScale ? 'log' : 'value',
      scale: true,
      axisLabel: { fontSize: 11, formatter: (v: number) => formatMetric(v) },
    },
    dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }],
    series: lines,
  };
  return { option, hidden };
}
