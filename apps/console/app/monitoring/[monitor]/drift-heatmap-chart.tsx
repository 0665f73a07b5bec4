'use client';

import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { type DriftHeatmap, HEATMAP_PIECES, cellTooltip } from '../../../lib/drift-heatmap';
import { MonitorChart } from '../monitor-chart';

const ROW_HEIGHT = 30;
/** Room for the x axis, its name and the legend below the grid. */
const BELOW_GRID = 96;

/**
 * The feature × window drift heatmap: a column per window (oldest on the left), a row per
 * feature, each cell coloured by how far its test is past the threshold; the tooltip gives the
 * test's figures, and a click selects the feature and the window.
 */
export function DriftHeatmapChart({
  heatmap,
  selected,
  selectedWindow,
  onSelect,
}: {
  heatmap: DriftHeatmap;
  selected: string | null;
  /** The window whose histogram the detail shows: its cell in the selected row is outlined. */
  selectedWindow: number | null;
  onSelect: (feature: string, windowSeq: number) => void;
}) {
  const option = useMemo(
    () => buildOption(heatmap, selected, selectedWindow),
    [heatmap, selected, selectedWindow],
  );
  const height = heatmap.features.length * ROW_HEIGHT + BELOW_GRID + 12;
  return (
    <MonitorChart
      option={option}
      height={height}
      label={`Drift by feature and window: ${heatmap.features.length} features over ${heatmap.windows.length} windows`}
      testId="drift-heatmap"
      onClick={({ dataIndex }) => {
        const cell = heatmap.cells[dataIndex];
        if (cell) onSelect(cell.feature, cell.windowSeq);
      }}
    />
  );
}

function buildOption(
  heatmap: DriftHeatmap,
  selected: string | null,
  selectedWindow: number | null,
): EChartsCoreOption {
  const longest = Math.max(...heatmap.features.map((f) => f.length), 6);
  return {
    animation: false,
    grid: {
      left: Math.min(220, 16 + longest * 7.5),
      right: 16,
      top: 12,
      bottom: BELOW_GRID,
    },
    tooltip: {
      confine: true,
      formatter: (params: { dataIndex: number }) => {
        const cell = heatmap.cells[params.dataIndex];
        return cell ? cellTooltip(cell) : '';
      },
    },
    xAxis: {
      type: 'category',
      data: heatmap.windows.map(String),
      name: 'window',
      nameLocation: 'middle',
      nameGap: 28,
      splitArea: { show: false },
      axisTick: { alignWithLabel: true },
    },
    yAxis: {
      type: 'category',
      data: heatmap.features,
      inverse: true,
      axisLabel: {
        fontSize: 12,
        formatter: (name: string) => (name === selected ? `{selected|${name}}` : name),
        rich: { selected: { fontWeight: 'bold', color: '#2457d6' } },
      },
      axisTick: { show: false },
    },
    visualMap: {
      type: 'piecewise',
      dimension: 2,
      seriesIndex: 0,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemWidth: 14,
      itemHeight: 14,
      textStyle: { fontSize: 12 },
      pieces: HEATMAP_PIECES.map((p) => ({ ...p })),
    },
    series: [
      {
        type: 'heatmap',
        data: heatmap.cells.map((c) =>
          c.feature === selected && c.windowSeq === selectedWindow
            ? { value: [c.x, c.y, c.value], itemStyle: { borderColor: '#101828', borderWidth: 2 } }
            : [c.x, c.y, c.value],
        ),
        itemStyle: { borderColor: '#fff', borderWidth: 2, borderRadius: 3 },
        emphasis: { itemStyle: { borderColor: '#101828', borderWidth: 2 } },
        cursor: 'pointer',
      },
    ],
  };
}
