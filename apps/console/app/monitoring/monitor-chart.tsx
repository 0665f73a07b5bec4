'use client';

import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';

/** What a click on a chart's item says: the series and the item's index in its data. */
export interface ChartClick {
  readonly seriesIndex: number;
  readonly dataIndex: number;
}

/**
 * An ECharts canvas like the shared `EChart` (app/_components/charts/echart.tsx), with the
 * heatmap registered and item clicks reported: the monitor page selects a feature by clicking
 * its cell. Loaded in the browser only, follows its box's size, disposed with the component.
 */
export function MonitorChart({
  option,
  height = 260,
  label,
  testId,
  onClick,
}: {
  option: EChartsCoreOption;
  height?: number;
  /** What the chart shows, for screen readers. */
  label: string;
  testId?: string;
  onClick?: (click: ChartClick) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const clicked = useRef(onClick);
  const [chart, setChart] = useState<ECharts | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    clicked.current = onClick;
  }, [onClick]);

  useEffect(() => {
    let disposed = false;
    let instance: ECharts | null = null;
    let observer: ResizeObserver | null = null;
    import('./monitoring-echarts')
      .then(({ echarts }) => {
        if (disposed || !box.current) return;
        instance = echarts.init(box.current, undefined, { renderer: 'canvas' });
        instance.on('click', (params) => {
          const { seriesIndex, dataIndex } = params as { seriesIndex?: number; dataIndex?: number };
          if (seriesIndex !== undefined && dataIndex !== undefined) {
            clicked.current?.({ seriesIndex, dataIndex });
          }
        });
        observer = new ResizeObserver(() => instance?.resize());
        observer.observe(box.current);
        setChart(instance);
      })
      .catch((error: unknown) => setFailed(error instanceof Error ? error.message : String(error)));
    return () => {
      disposed = true;
      observer?.disconnect();
      instance?.dispose();
    };
  }, []);

  useEffect(() => {
    chart?.setOption(option, { notMerge: true });
  }, [chart, option]);

  if (failed) return <p className="error">The chart could not be drawn: {failed}</p>;
  return (
    <div
      ref={box}
      className="echart"
      role="img"
      aria-label={label}
      data-testid={testId}
      data-ready={chart ? 'true' : undefined}
      style={{ height }}
    />
  );
}
