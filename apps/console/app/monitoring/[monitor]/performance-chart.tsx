'use client';

import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { type PerformanceSeries } from '../../../lib/drift-heatmap';
import { formatStatistic } from '../../../lib/monitoring';
import { PALETTE } from '../../_components/charts/echart';
import { MonitorChart } from '../monitor-chart';

/**
 * Performance per window: estimated from the scores alone (dashed: confidence-based, assuming
 * calibrated scores) and realised from the labels received so far (solid), accuracy and ROC AUC.
 */
export function PerformanceChart({ series }: { series: PerformanceSeries }) {
  const option = useMemo(() => buildOption(series), [series]);
  return (
    <MonitorChart
      option={option}
      height={260}
      label={`Performance over ${series.windows.length} windows: estimated${series.hasLabels ? ' and realised' : ''} accuracy and ROC AUC`}
      testId="performance-chart"
    />
  );
}

function buildOption(s: PerformanceSeries): EChartsCoreOption {
  const line = (
    name: string,
    values: readonly (number | null)[],
    color: string | undefined,
    dashed: boolean,
  ) => ({
    name,
    type: 'line',
    color,
    symbolSize: 6,
    showAllSymbol: true,
    connectNulls: false,
    data: values.map((v, i) => [s.windows[i], v]),
    lineStyle: { width: 2, type: dashed ? 'dashed' : 'solid' },
  });
  const lines = [
    line('estimated accuracy', s.estimatedAccuracy, PALETTE[0], true),
    line('estimated ROC AUC', s.estimatedRocAuc, PALETTE[1], true),
  ];
  if (s.hasLabels) {
    lines.push(
      line('accuracy (labels)', s.accuracy, PALETTE[0], false),
      line('ROC AUC (labels)', s.rocAuc, PALETTE[1], false),
    );
  }
  const first = s.windows[0] ?? 0;
  const last = s.windows.at(-1) ?? first;
  return {
    animation: false,
    grid: { left: 56, right: 20, top: 34, bottom: 40 },
    legend: { top: 0, textStyle: { fontSize: 12 } },
    tooltip: {
      trigger: 'axis',
      formatter: (
        params: { dataIndex: number; seriesName: string; value: [number, number | null] }[],
      ) => {
        const i = params[0]?.dataIndex;
        if (i === undefined) return '';
        const head = `<strong>window ${s.windows[i]}</strong> · ${s.counts[i]} predictions, ${s.labelled[i]} labelled`;
        return [head, ...params.map((p) => `${p.seriesName} ${formatStatistic(p.value[1])}`)].join(
          '<br/>',
        );
      },
    },
    xAxis: {
      type: 'value',
      name: 'window',
      nameLocation: 'middle',
      nameGap: 26,
      min: first,
      max: last === first ? first + 1 : last,
      minInterval: 1,
    },
    yAxis: {
      type: 'value',
      min: (v: { min: number }) => Math.max(0, Math.floor(v.min * 10) / 10),
      max: 1,
    },
    series: lines,
  };
}
