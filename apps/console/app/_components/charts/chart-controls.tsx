'use client';

import { useId } from 'react';
import type { ChartSettings } from './metric-chart';

/** The log-scale toggle and the smoothing slider shared by a page's metric charts. */
export function ChartControls({
  settings,
  onChange,
}: {
  settings: ChartSettings;
  onChange: (next: ChartSettings) => void;
}) {
  const id = useId();
  return (
    <div className="chart-controls">
      <label className="inline">
        <input
          type="checkbox"
          checked={settings.logScale}
          onChange={(e) => onChange({ ...settings, logScale: e.target.checked })}
        />
        Log scale
      </label>
      <label className="inline" htmlFor={`${id}-smoothing`}>
        Smoothing
        <input
          id={`${id}-smoothing`}
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={settings.smoothing}
          onChange={(e) => onChange({ ...settings, smoothing: Number(e.target.value) })}
        />
        <output htmlFor={`${id}-smoothing`} className="smoothing-value">
          {settings.smoothing.toFixed(2)}
        </output>
      </label>
    </div>
  );
}
