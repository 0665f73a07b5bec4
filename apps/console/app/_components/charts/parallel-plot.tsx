'use client';

import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { formatMetric } from '../../../lib/metric-value';
import { type ParallelData, axisRange } from '../../../lib/parallel-data';
import { EChart, PALETTE } from './echart';

/**
 * Parallel coordinates of compared runs: an axis per differing param and per metric, a line per
 * run. Coloured by one numeric axis (a metric, usually) when `colorBy` is set, with the scale
 * beside the plot; otherwise each run has its own colour, as in the other charts.
 */
export function ParallelPlot({
  data,
  colorBy,
  height = 340,
}: {
  data: ParallelData;
  /** Index into `data.axes` of the axis that colours the lines. */
  colorBy: number | null;
  height?: number;
}) {
  const option = useMemo(() => buildOption(data, colorBy), [data, colorBy]);
  if (data.axes.length === 0) {
    return <p className="muted">The runs have no differing params and no metrics to plot.</p>;
  }
  return (
    <EChart
      option={option}
      height={height}
      label={`Parallel coordinates of ${data.names.join(', ')} over ${data.axes
        .map((a) => a.name)
        .join(', ')}`}
      testId="parallel-plot"
    />
  );
}

function buildOption(data: ParallelData, colorBy: number | null): EChartsCoreOption {
  const range = colorBy === null ? null : axisRange(data, colorBy);
  const many = data.axes.length > 6;
  return {
    animation: false,
    parallel: { left: 48, right: range ? 110 : 48, top: 48, bottom: 28 },
    parallelAxis: data.axes.map((axis, dim) => ({
      dim,
      name: axis.source === 'param' ? `${axis.name} (param)` : axis.name,
      type: axis.type,
      ...(axis.type === 'category' ? { data: axis.categories } : { scale: true }),
      nameLocation: 'end',
      nameGap: 14,
      nameRotate: many ? 12 : 0,
      nameTextStyle: {
        fontSize: 12,
        fontWeight: 600,
        color: axis.source === 'param' ? '#475467' : '#1c2330',
      },
      axisLabel: {
        fontSize: 11,
        formatter: axis.type === 'value' ? (v: number) => formatMetric(v) : undefined,
      },
    })),
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string }) => p.name,
    },
    visualMap: range
      ? {
          type: 'continuous',
          dimension: colorBy,
          min: range.min,
          max: range.max === range.min ? range.min + 1 : range.max,
          calculable: true,
          orient: 'vertical',
          right: 8,
          top: 'middle',
          itemHeight: 160,
          text: [data.axes[colorBy!]?.name ?? '', ''],
          textStyle: { fontSize: 11 },
          formatter: (v: number) => formatMetric(v),
          inRange: { color: ['#b42318', '#f2a541', '#13795b'] },
        }
      : undefined,
    series: [
      {
        type: 'parallel',
        smooth: false,
        lineStyle: { width: 2.5, opacity: 0.85 },
        emphasis: { lineStyle: { width: 4, opacity: 1 } },
        data: data.rows.map((value, i) => ({
          name: data.names[i],
          value,
          ...(range ? {} : { lineStyle: { color: PALETTE[i % PALETTE.length] } }),
        })),
      },
    ],
  };
}
