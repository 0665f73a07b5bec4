'use client';

import { useMemo, useState } from 'react';
import { MAX_COMPARED } from '../../../lib/runs-table';
import { type RunDetail, useExperimentRuns } from '../../../lib/tracking-hooks';
import { ChartControls } from '../../_components/charts/chart-controls';
import { HistoryChart } from '../../_components/charts/history-chart';
import type { ChartSettings } from '../../_components/charts/metric-chart';

/**
 * A chart per metric of the run, with other runs of the same experiment overlaid on demand, a
 * log scale and TensorBoard-style smoothing shared by all the charts.
 */
export function RunCharts({ project, run }: { project: string; run: RunDetail }) {
  const [settings, setSettings] = useState<ChartSettings>({ logScale: false, smoothing: 0 });
  const [overlay, setOverlay] = useState<{ id: string; name: string }[]>([]);
  const others = useExperimentRuns(project, run.experimentName);
  const keys = useMemo(
    () => run.latestMetrics.map((m) => m.key).sort((a, b) => a.localeCompare(b)),
    [run.latestMetrics],
  );
  const onChart = useMemo(() => [{ id: run.id, name: run.name }, ...overlay], [run, overlay]);
  const candidates = (others.data?.runs ?? []).filter((r) => r.id !== run.id);

  if (keys.length === 0) return null;
  const toggle = (r: { id: string; name: string }, on: boolean) =>
    setOverlay((current) =>
      on ? [...current, { id: r.id, name: r.name }] : current.filter((o) => o.id !== r.id),
    );

  return (
    <section aria-labelledby="charts-title">
      <div className="section-head">
        <h2 id="charts-title">Charts</h2>
        <ChartControls settings={settings} onChange={setSettings} />
      </div>
      <details className="overlay-picker">
        <summary>Overlay other runs{overlay.length > 0 ? ` (${overlay.length})` : ''}</summary>
        <div className="overlay-list" role="group" aria-label="Overlay other runs">
          {others.isPending && <span className="muted">Loading…</span>}
          {!others.isPending && candidates.length === 0 && (
            <span className="muted">No other runs in {run.experimentName}.</span>
          )}
          {candidates.map((r) => {
            const on = overlay.some((o) => o.id === r.id);
            const full = !on && onChart.length >= MAX_COMPARED;
            return (
              <label key={r.id} className="inline" title={full ? 'At most 10 curves' : undefined}>
                <input
                  type="checkbox"
                  checked={on}
                  disabled={full}
                  onChange={(e) => toggle(r, e.target.checked)}
                />
                {r.name}
              </label>
            );
          })}
        </div>
      </details>
      <div className="charts-grid">
        {keys.map((key) => (
          <HistoryChart
            key={key}
            project={project}
            metric={key}
            runs={onChart}
            settings={settings}
            testId={`chart-${key}`}
          />
        ))}
      </div>
    </section>
  );
}
