'use client';

import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { apiProblem } from '../../../lib/api-error';
import { type HistogramBars, histogramBars } from '../../../lib/drift-histogram';
import { formatShare } from '../../../lib/monitoring';
import { useMonitorHistogram } from '../../../lib/monitoring-hooks';
import { MonitorChart } from '../monitor-chart';

const REFERENCE = '#98a2b3';
const CURRENT = '#2457d6';

/** A feature's reference and one window overlaid, as shares per bin. */
export function HistogramChart({
  project,
  monitor,
  feature,
  windowSeq,
}: {
  project: string;
  monitor: string;
  feature: string;
  windowSeq: number;
}) {
  const histogram = useMonitorHistogram(project, monitor, feature, windowSeq);
  const bars = useMemo(
    () => (histogram.data ? histogramBars(histogram.data) : null),
    [histogram.data],
  );
  const option = useMemo(() => (bars ? buildOption(bars, windowSeq) : null), [bars, windowSeq]);
  if (histogram.error) {
    return <p className="error chart-empty">{apiProblem(histogram.error).message}</p>;
  }
  if (!histogram.data || !option || !bars) return <p className="muted chart-empty">Loading…</p>;
  const h = histogram.data;
  return (
    <>
      <MonitorChart
        option={option}
        height={220}
        label={`${feature}: the reference (${h.referenceCount} values) and window ${h.windowSeq} (${h.currentCount} values), shares per ${h.kind === 'numeric' ? 'bin' : 'value'}`}
        testId="feature-histogram"
      />
      <p className="muted chart-note">
        Shares of the reference’s {h.referenceCount} values and window {h.windowSeq}’s{' '}
        {h.currentCount},{' '}
        {h.kind === 'numeric'
          ? `in ${bars.labels.length} equal-width bins over both.`
          : 'per value (the most frequent ones).'}
      </p>
    </>
  );
}

function buildOption(bars: HistogramBars, windowSeq: number): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 34, bottom: 46 },
    legend: { top: 0, textStyle: { fontSize: 12 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: { dataIndex: number; seriesName: string; value: number }[]) => {
        const i = params[0]?.dataIndex;
        if (i === undefined) return '';
        const head = `<strong>${(bars.ranges[i] ?? '').replace(/</g, '&lt;')}</strong>`;
        return [head, ...params.map((p) => `${p.seriesName} ${formatShare(p.value)}`)].join(
          '<br/>',
        );
      },
    },
    xAxis: {
      type: 'category',
      data: bars.labels,
      axisLabel: { fontSize: 11, hideOverlap: true },
      axisTick: { alignWithLabel: false },
    },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` },
    },
    series: [
      {
        name: 'reference',
        type: 'bar',
        data: bars.reference,
        color: REFERENCE,
        barGap: '-100%',
        barCategoryGap: '10%',
        itemStyle: { opacity: 0.55 },
      },
      {
        name: `window ${windowSeq}`,
        type: 'bar',
        data: bars.current,
        color: CURRENT,
        itemStyle: { opacity: 0.45 },
      },
    ],
  };
}
