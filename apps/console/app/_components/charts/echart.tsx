'use client';

import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';

/** One chart's colours, in series order (the console's accent first). */
export const PALETTE = [
  '#2457d6',
  '#e4572e',
  '#13795b',
  '#9c27b0',
  '#f2a541',
  '#00838f',
  '#c2185b',
  '#5d4037',
  '#607d8b',
  '#7cb342',
];

/**
 * An ECharts canvas for an option. ECharts is loaded on the client only (a dynamic import in an
 * effect: it needs a DOM), the chart follows its box's size, and is disposed with the component.
 */
export function EChart({
  option,
  height = 260,
  label,
  testId,
}: {
  option: EChartsCoreOption;
  height?: number;
  /** What the chart shows, for screen readers. */
  label: string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<ECharts | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let disposed = false;
    let instance: ECharts | null = null;
    let observer: ResizeObserver | null = null;
    import('./echarts-setup')
      .then(({ echarts }) => {
        if (disposed || !box.current) return;
        instance = echarts.init(box.current, undefined, { renderer: 'canvas' });
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
