'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useId, useMemo, useState } from 'react';
import { apiProblem } from '../../lib/api-error';
import { formatMetric } from '../../lib/metric-value';
import { parallelData } from '../../lib/parallel-data';
import { MAX_COMPARED } from '../../lib/runs-table';
import { experimentsHref, runHref, runIdsOf } from '../../lib/tracking-links';
import { type CompareResult, useCompare } from '../../lib/tracking-hooks';
import { ChartControls } from '../_components/charts/chart-controls';
import { PALETTE } from '../_components/charts/echart';
import { HistoryChart } from '../_components/charts/history-chart';
import type { ChartSettings } from '../_components/charts/metric-chart';
import { ParallelPlot } from '../_components/charts/parallel-plot';
import { ProjectGate, useProjectScope } from '../_components/project-picker';
import { StatusBadge } from '../runs/status-badge';

/** `/compare?runs=a,b,c`: up to 10 runs side by side. */
export function CompareView() {
  const scope = useProjectScope();
  const params = useSearchParams();
  const runsParam = params.get('runs');
  const ids = useMemo(() => runIdsOf(runsParam, MAX_COMPARED), [runsParam]);
  if (!scope.project) {
    return (
      <>
        <h1>Compare runs</h1>
        <ProjectGate scope={scope} />
      </>
    );
  }
  if (ids.length === 0) {
    return (
      <>
        <h1>Compare runs</h1>
        <div className="empty">
          No runs chosen. Select 2 to {MAX_COMPARED} runs in an experiment’s runs table and press
          Compare. <Link href={experimentsHref(scope.project)}>Experiments</Link>
        </div>
      </>
    );
  }
  return <Comparison project={scope.project} ids={ids} />;
}

function Comparison({ project, ids }: { project: string; ids: readonly string[] }) {
  const compare = useCompare(project, ids);
  if (compare.error) {
    return (
      <>
        <h1>Compare runs</h1>
        <p className="error" role="alert">
          {apiProblem(compare.error).message}
        </p>
      </>
    );
  }
  if (!compare.data) return <p className="muted">Loading…</p>;
  return <ComparisonView project={project} data={compare.data} />;
}

function ComparisonView({ project, data }: { project: string; data: CompareResult }) {
  const parallel = useMemo(() => parallelData(data), [data]);
  const metricAxes = parallel.axes
    .map((a, i) => ({ axis: a, index: i }))
    .filter((a) => a.axis.source === 'metric');
  const [colorBy, setColorBy] = useState<string | null>(metricAxes[0]?.axis.key ?? null);
  const colorIndex = metricAxes.find((a) => a.axis.key === colorBy)?.index ?? null;
  const [onlyDiffs, setOnlyDiffs] = useState(false);
  const metricKeys = data.metrics.map((m) => m.key);
  const [chartKey, setChartKey] = useState<string | null>(metricKeys[0] ?? null);
  const [settings, setSettings] = useState<ChartSettings>({ logScale: false, smoothing: 0 });
  const colorId = useId();
  const chartId = useId();
  const runs = data.runs;
  const chartRuns = useMemo(() => runs.map((r) => ({ id: r.id, name: r.name })), [runs]);
  const params = onlyDiffs ? data.params.filter((p) => p.differs) : data.params;
  const differing = data.params.filter((p) => p.differs).length;

  return (
    <>
      <p className="breadcrumb">
        <Link href={experimentsHref(project)}>Experiments</Link> / Compare
      </p>
      <h1>Compare {runs.length} runs</h1>
      <p className="lead">
        {runs.map((r, i) => (
          <span key={r.id} className="run-chip">
            <span className="swatch" style={{ background: PALETTE[i % PALETTE.length] }} />
            <Link href={runHref(project, r.id)}>{r.name}</Link> <StatusBadge status={r.status} />
          </span>
        ))}
      </p>

      <section aria-labelledby="parallel-title" className="panel">
        <div className="section-head">
          <h2 id="parallel-title">Parallel coordinates</h2>
          {metricAxes.length > 0 && (
            <label className="inline" htmlFor={colorId}>
              Colour by
              <select
                id={colorId}
                value={colorBy ?? ''}
                onChange={(e) => setColorBy(e.target.value || null)}
              >
                <option value="">run</option>
                {metricAxes.map((a) => (
                  <option key={a.axis.key} value={a.axis.key}>
                    {a.axis.key}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <p className="muted">
          An axis per param that differs ({differing}) and per metric; a line per run.
        </p>
        <ParallelPlot data={parallel} colorBy={colorIndex} />
      </section>

      <section aria-labelledby="params-title">
        <div className="section-head">
          <h2 id="params-title">Params</h2>
          <label className="inline">
            <input
              type="checkbox"
              checked={onlyDiffs}
              onChange={(e) => setOnlyDiffs(e.target.checked)}
            />
            Only differences
          </label>
        </div>
        <div className="table-scroll">
          <table className="compare-table" data-testid="params-diff">
            <thead>
              <tr>
                <th>Param</th>
                {runs.map((r) => (
                  <th key={r.id}>{r.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {params.map((p) => (
                <tr key={p.key} data-differs={p.differs ? 'true' : undefined}>
                  <th scope="row" className="key">
                    {p.key}
                    {p.differs && <span className="visually-hidden"> (differs)</span>}
                  </th>
                  {p.values.map((v, i) => (
                    <td key={runs[i]?.id ?? i}>{v ?? <span className="muted">—</span>}</td>
                  ))}
                </tr>
              ))}
              {params.length === 0 && (
                <tr>
                  <td colSpan={runs.length + 1} className="muted">
                    {onlyDiffs ? 'The runs have the same params.' : 'No params logged.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="metrics-title">
        <h2 id="metrics-title">Metrics (latest values)</h2>
        <div className="table-scroll">
          <table className="compare-table" data-testid="metrics-compare">
            <thead>
              <tr>
                <th>Metric</th>
                {runs.map((r) => (
                  <th key={r.id} className="num">
                    {r.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.metrics.map((m) => (
                <tr key={m.key}>
                  <th scope="row" className="key">
                    {m.key}
                  </th>
                  {m.values.map((v, i) => (
                    <td key={runs[i]?.id ?? i} className="num">
                      {formatMetric(v)}
                    </td>
                  ))}
                </tr>
              ))}
              {data.metrics.length === 0 && (
                <tr>
                  <td colSpan={runs.length + 1} className="muted">
                    No metrics logged.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>

      {chartKey && (
        <section aria-labelledby="overlay-title">
          <div className="section-head">
            <h2 id="overlay-title">Metric history</h2>
            <div className="chart-controls">
              <label className="inline" htmlFor={chartId}>
                Metric
                <select id={chartId} value={chartKey} onChange={(e) => setChartKey(e.target.value)}>
                  {metricKeys.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
              </label>
              <ChartControls settings={settings} onChange={setSettings} />
            </div>
          </div>
          <div className="panel">
            <HistoryChart
              project={project}
              metric={chartKey}
              runs={chartRuns}
              settings={settings}
              height={320}
              testId="compare-chart"
            />
          </div>
        </section>
      )}
    </>
  );
}
