'use client';

import type { EChartsCoreOption } from 'echarts/core';
import { useId, useMemo } from 'react';
import { type FeatureSeries, detailAxisName, detailPoints } from '../../../lib/drift-heatmap';
import { describeDirection, formatPValue, formatStatistic } from '../../../lib/monitoring';
import { PALETTE } from '../../_components/charts/echart';
import { MonitorChart } from '../monitor-chart';
import { HistogramChart } from './histogram-chart';

const DRIFTED = '#d92d20';
const THRESHOLD = '#b42318';

/**
 * One feature over the windows: its statistic (a p-value test: −log₁₀ of its p-value) with the
 * threshold as a dashed line, so that drift is always above the line, drifted windows in red;
 * below it, the reference and the chosen window overlaid as histograms. A click on a point (or
 * the window picker) chooses the window.
 */
export function FeatureDetail({
  project,
  monitor,
  series,
  windows,
  windowSeq,
  onWindow,
}: {
  project: string;
  monitor: string;
  series: FeatureSeries;
  /** The windows with samples, oldest first (the picker's choices), and what each was. */
  windows: readonly { readonly windowSeq: number; readonly status: string }[];
  windowSeq: number | null;
  onWindow: (windowSeq: number) => void;
}) {
  const pickerId = useId();
  const points = useMemo(() => detailPoints(series), [series]);
  const option = useMemo(() => buildOption(series, points, windowSeq), [series, points, windowSeq]);
  const last = series.points.at(-1);
  return (
    <figure className="feature-detail" data-testid="feature-detail" data-feature={series.feature}>
      <figcaption>
        <span className="metric-chart-title">{series.feature}</span>{' '}
        <span className="muted">
          {series.test ? <code>{series.test}</code> : 'no test'}
          {series.kind && ` · ${series.kind}`}
          {last?.threshold !== null && last?.threshold !== undefined && (
            <> · {describeDirection(series.direction, last.threshold)}</>
          )}
        </span>
      </figcaption>
      {points.length === 0 ? (
        <p className="muted chart-empty">No window has tested this feature yet.</p>
      ) : (
        <MonitorChart
          option={option}
          height={220}
          label={`${series.feature}: ${detailAxisName(series)} over ${points.length} windows, with the threshold`}
          testId="feature-detail-chart"
          onClick={({ seriesIndex, dataIndex }) => {
            const p = seriesIndex === 0 ? points[dataIndex] : undefined;
            if (p) onWindow(p.windowSeq);
          }}
        />
      )}
      {series.plotted === 'p-value' && points.length > 0 && (
        <p className="muted chart-note">
          A p-value test: the chart draws −log₁₀ p, so a p-value ten times smaller is one unit
          higher and drift is above the dashed line (−log₁₀ of the threshold).
        </p>
      )}
      {windowSeq !== null && (
        <div className="histogram" data-testid="histogram" data-window={windowSeq}>
          <div className="histogram-head">
            <span className="histogram-title">Reference vs window</span>
            <label htmlFor={pickerId} className="visually-hidden">
              Window
            </label>
            <select
              id={pickerId}
              value={windowSeq}
              onChange={(e) => onWindow(Number(e.target.value))}
            >
              {windows.map((w) => (
                <option key={w.windowSeq} value={w.windowSeq}>
                  {w.windowSeq}
                  {w.status === 'reference'
                    ? ' (the reference)'
                    : w.status === 'insufficient'
                      ? ' (too few samples)'
                      : ''}
                </option>
              ))}
            </select>
          </div>
          <HistogramChart
            project={project}
            monitor={monitor}
            feature={series.feature}
            windowSeq={windowSeq}
          />
        </div>
      )}
    </figure>
  );
}

function buildOption(
  series: FeatureSeries,
  points: ReturnType<typeof detailPoints>,
  windowSeq: number | null,
): EChartsCoreOption {
  const first = points[0]?.windowSeq ?? 0;
  const last = points.at(-1)?.windowSeq ?? first;
  return {
    animation: false,
    grid: { left: 56, right: 20, top: 34, bottom: 40 },
    legend: { top: 0, textStyle: { fontSize: 12 } },
    tooltip: {
      trigger: 'axis',
      formatter: (params: { dataIndex: number }[]) => {
        const p = points[params[0]?.dataIndex ?? -1]?.point;
        if (!p) return '';
        const lines = [
          `<strong>window ${p.windowSeq}</strong>`,
          `statistic ${formatStatistic(p.statistic)}`,
        ];
        if (series.plotted === 'p-value') lines.push(`p-value ${formatPValue(p.pValue)}`);
        lines.push(
          `threshold ${series.plotted === 'p-value' ? 'p < ' : '> '}${formatStatistic(p.threshold)}`,
        );
        lines.push(
          p.error
            ? `error: ${p.error.replace(/</g, '&lt;')}`
            : p.drifted
              ? '<b>drifted</b>'
              : 'not drifted',
        );
        return lines.join('<br/>');
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
      name: detailAxisName(series),
      nameTextStyle: { align: 'left' },
      min: 0,
      scale: false,
    },
    series: [
      {
        name: series.plotted === 'p-value' ? '−log₁₀ p-value' : 'statistic',
        type: 'line',
        color: PALETTE[0],
        symbolSize: 8,
        showAllSymbol: true,
        connectNulls: false,
        cursor: 'pointer',
        data: points.map((p) => ({
          value: [p.windowSeq, p.y],
          // The window whose histogram is shown: a larger, ringed point.
          symbolSize: p.windowSeq === windowSeq ? 13 : 8,
          itemStyle: {
            ...(p.drifted ? { color: DRIFTED } : {}),
            ...(p.windowSeq === windowSeq ? { borderWidth: 3, borderColor: '#101828' } : {}),
          },
        })),
        lineStyle: { width: 2 },
      },
      {
        name: 'threshold',
        type: 'line',
        color: THRESHOLD,
        symbol: 'none',
        data: points.map((p) => [p.windowSeq, p.threshold]),
        lineStyle: { width: 1.5, type: 'dashed' },
        tooltip: { show: false },
      },
    ],
  };
}
