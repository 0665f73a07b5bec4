'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { apiProblem } from '../../../lib/api-error';
import { deploymentHref } from '../../../lib/deployments';
import {
  type Direction,
  type Directions,
  driftHeatmap,
  featureSeries,
  featureSummaries,
  type PerformanceSeries,
  performanceSeries,
} from '../../../lib/drift-heatmap';
import {
  describeOpenWindow,
  describeWindow,
  formatPValue,
  formatShare,
  formatStatistic,
  monitoringHref,
} from '../../../lib/monitoring';
import {
  type DriftReport,
  type MonitorAlert,
  type MonitorSummary,
  REPORTS_LIMIT,
  useMonitor,
  useMonitorAlerts,
  useMonitorReports,
  usePlugins,
} from '../../../lib/monitoring-hooks';
import { when } from '../../_components/forms';
import { ProjectGate, useProjectScope } from '../../_components/project-picker';
import { ConsecutiveBadge, VerdictBadge } from '../verdict-badge';
import { DriftHeatmapChart } from './drift-heatmap-chart';
import { FeatureDetail } from './feature-detail';
import { PerformanceChart } from './performance-chart';

/**
 * `/monitoring/[monitor]`: a monitor's set-up, the feature × window drift heatmap with a
 * feature's detail over the windows, the performance (estimated and realised) over the windows,
 * and its alerts.
 */
export function MonitorView() {
  const { monitor } = useParams<{ monitor: string }>();
  const scope = useProjectScope();
  if (!scope.project) {
    return (
      <>
        <h1>Monitor</h1>
        <ProjectGate scope={scope} />
      </>
    );
  }
  return <MonitorPage project={scope.project} monitor={decodeURIComponent(monitor)} />;
}

function MonitorPage({ project, monitor }: { project: string; monitor: string }) {
  const detail = useMonitor(project, monitor);
  const reports = useMonitorReports(project, monitor);
  if (detail.error && !detail.data) {
    const problem = apiProblem(detail.error);
    return (
      <>
        <p className="breadcrumb">
          <Link href={monitoringHref(project)}>Monitoring</Link>
        </p>
        <h1>{monitor}</h1>
        <p className="error" role="alert">
          {problem.message}
        </p>
        {problem.status === 404 && (
          <p className="muted">
            The monitor may belong to another project: choose it in the project picker.
          </p>
        )}
      </>
    );
  }
  if (!detail.data) return <p className="muted">Loading…</p>;
  const m = detail.data;
  const newest = reports.data?.[0];
  return (
    <>
      <p className="breadcrumb">
        <Link href={monitoringHref(project)}>Monitoring</Link> / {m.name}
      </p>
      <div className="title-row">
        <h1>{m.name}</h1>
        {reports.data && <VerdictBadge report={newest} />}
        <ConsecutiveBadge consecutive={m.consecutiveDrifted} alertAfter={m.alertAfter} />
      </div>
      <Header project={project} monitor={m} />
      {reports.error && (
        <p className="error" role="alert">
          {apiProblem(reports.error).message}
        </p>
      )}
      {reports.isPending ? (
        <p className="muted">Loading the window reports…</p>
      ) : (
        reports.data && (
          <>
            <Drift project={project} monitor={m} reports={reports.data} />
            <Performance monitor={m} reports={reports.data} />
          </>
        )
      )}
      <Alerts project={project} monitor={m} />
    </>
  );
}

function Header({ project, monitor: m }: { project: string; monitor: MonitorSummary }) {
  return (
    <section aria-label="Set-up" className="panel monitor-header">
      <dl className="facts" data-testid="monitor-facts">
        <dt>Deployment</dt>
        <dd>
          <Link href={deploymentHref(project, m.deployment)}>{m.deployment}</Link>
        </dd>
        <dt>Window</dt>
        <dd>
          tumbling, {describeWindow(m.window)} · {m.windows} reported · open window{' '}
          {describeOpenWindow(m.window, m.openWindowCount)}
        </dd>
        <dt>Reference</dt>
        <dd>
          {m.reference.kind === 'first-window'
            ? 'the first window of predictions, pinned'
            : m.reference.kind}
        </dd>
        <dt>Features</dt>
        <dd>
          {m.features ? (
            <span className="tags">
              {m.features.map((f) => (
                <span key={f.name} className="tag">
                  {f.name}: {f.test ?? 'auto'}
                </span>
              ))}
            </span>
          ) : (
            'every input of the deployment, tests chosen by column kind'
          )}
        </dd>
      </dl>
      <dl className="facts">
        <dt>Dataset drift</dt>
        <dd>when at least {formatShare(m.driftShare)} of the features drift</dd>
        <dt>Alert</dt>
        <dd>
          after {m.alertAfter} drifted window{m.alertAfter === 1 ? '' : 's'} in a row
        </dd>
        <dt>Minimum</dt>
        <dd>{m.minSamples} predictions per window, else not tested</dd>
        <dt>Performance</dt>
        <dd>
          {m.performance ? (
            <>
              from <code>{m.performance.output}</code>, positive above{' '}
              {formatStatistic(m.performance.threshold)}
            </>
          ) : (
            <span className="muted">not watched (no score output set)</span>
          )}
        </dd>
        <dt>Created</dt>
        <dd>{when(m.createdAt)}</dd>
      </dl>
    </section>
  );
}

/** The installed tests' directions, to read each result's figures the way its test decides. */
function useDirections(project: string): Directions | undefined {
  const plugins = usePlugins(project);
  return useMemo(() => {
    if (!plugins.data) return undefined;
    const map = new Map<string, Direction>();
    for (const p of plugins.data.plugins) for (const t of p.tests) map.set(t.name, t.direction);
    return map;
  }, [plugins.data]);
}

function Drift({
  project,
  monitor: m,
  reports,
}: {
  project: string;
  monitor: MonitorSummary;
  reports: readonly DriftReport[];
}) {
  const directions = useDirections(project);
  const heatmap = useMemo(() => driftHeatmap(reports, directions), [reports, directions]);
  const summaries = useMemo(() => featureSummaries(reports, directions), [reports, directions]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [chosenWindow, setChosenWindow] = useState<number | null>(null);
  // Until someone chooses, the newest drifted feature (else the first) is shown, beside the
  // newest tested window.
  const selected =
    chosen && heatmap.features.includes(chosen)
      ? chosen
      : (summaries.find((s) => s.latest?.drifted)?.feature ?? heatmap.features[0] ?? null);
  const windowSeq =
    chosenWindow !== null && heatmap.windows.includes(chosenWindow)
      ? chosenWindow
      : (reports.find((r) => r.status === 'ok')?.windowSeq ?? heatmap.windows.at(-1) ?? null);
  const series = useMemo(
    () => (selected ? featureSeries(reports, selected, directions) : null),
    [reports, selected, directions],
  );

  return (
    <section aria-labelledby="drift-title">
      <div className="section-head">
        <h2 id="drift-title">Drift by feature and window</h2>
        {reports.length >= REPORTS_LIMIT && (
          <span className="muted">the newest {REPORTS_LIMIT} windows</span>
        )}
      </div>
      {heatmap.features.length === 0 ? (
        <div className="empty" data-testid="drift-empty">
          {reports.length === 0
            ? `No window has closed yet. The first ${describeWindow(m.window)} become the reference; every later window is compared with it.`
            : 'Only the reference window so far: the next window gets the first drift report.'}
        </div>
      ) : (
        <>
          <div className="panel heatmap-panel">
            <DriftHeatmapChart
              heatmap={heatmap}
              selected={selected}
              selectedWindow={windowSeq}
              onSelect={(feature, seq) => {
                setChosen(feature);
                setChosenWindow(seq);
              }}
            />
            <p className="muted chart-note">
              Each cell is how far the feature’s test is past its threshold in that window (a
              p-value test in orders of magnitude of its level). Hover for the figures; click a cell
              (or a feature below) for the feature’s test over the windows and that window’s values
              against the reference.
            </p>
          </div>
          <div className="drift-detail">
            <table className="features-table" data-testid="features-table">
              <thead>
                <tr>
                  <th>Feature</th>
                  <th>Test</th>
                  <th className="num">Drifted windows</th>
                  <th className="num">Last statistic</th>
                  <th className="num">Last p-value</th>
                </tr>
              </thead>
              <tbody>
                {summaries.map((s) => (
                  <tr
                    key={s.feature}
                    data-feature={s.feature}
                    data-selected={s.feature === selected ? 'true' : undefined}
                    data-drifted={s.latest?.drifted ? 'true' : 'false'}
                  >
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        aria-pressed={s.feature === selected}
                        onClick={() => setChosen(s.feature)}
                      >
                        {s.feature}
                      </button>
                    </td>
                    <td>{s.test ? <code>{s.test}</code> : <span className="muted">—</span>}</td>
                    <td className="num">
                      {s.drifted} / {s.tested}
                    </td>
                    <td className={s.latest?.drifted ? 'num drifted' : 'num'}>
                      {formatStatistic(s.latest?.statistic)}
                    </td>
                    <td className={s.latest?.drifted ? 'num drifted' : 'num'}>
                      {s.direction === 'p-value' ? formatPValue(s.latest?.pValue) : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="panel">
              {series && (
                <FeatureDetail
                  project={project}
                  monitor={m.name}
                  series={series}
                  windows={[...reports].reverse()}
                  windowSeq={windowSeq}
                  onWindow={setChosenWindow}
                />
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function Performance({
  monitor: m,
  reports,
}: {
  monitor: MonitorSummary;
  reports: readonly DriftReport[];
}) {
  const series = useMemo(() => performanceSeries(reports), [reports]);
  return (
    <section aria-labelledby="performance-title">
      <div className="section-head">
        <h2 id="performance-title">Performance over time</h2>
      </div>
      {!m.performance ? (
        <div className="empty">
          This monitor does not watch performance. A monitor created with{' '}
          <code>performance: &#123; output: &apos;default_probability&apos; &#125;</code> (an answer
          field holding the positive class’s probability) estimates accuracy and ROC AUC from the
          scores of every window, and measures them once labels arrive.
        </div>
      ) : series.windows.length === 0 ? (
        <div className="empty">No window has closed yet.</div>
      ) : (
        <div className="panel">
          <PerformanceChart series={series} />
          <p className="muted chart-note">
            Dashed: estimated from the scores alone (confidence-based, as NannyML’s CBPE),{' '}
            <span data-testid="calibration-note">{calibrationNote(series)}</span>. Solid: realised,
            from the labels sent to <code>POST /v1/predictions/labels</code>
            {series.hasLabels ? '' : ' — none received yet'}.
          </p>
        </div>
      )}
    </section>
  );
}

function Alerts({ project, monitor: m }: { project: string; monitor: MonitorSummary }) {
  const alerts = useMonitorAlerts(project, m.name);
  const list: readonly MonitorAlert[] = alerts.data ?? [];
  return (
    <section aria-labelledby="alerts-title">
      <div className="section-head">
        <h2 id="alerts-title">Alerts</h2>
      </div>
      {alerts.error && (
        <p className="error" role="alert">
          {apiProblem(alerts.error).message}
        </p>
      )}
      {alerts.isPending ? (
        <p className="muted">Loading…</p>
      ) : list.length === 0 ? (
        <div className="empty" data-testid="alerts-empty">
          No alerts. One is raised after {m.alertAfter} drifted window
          {m.alertAfter === 1 ? '' : 's'} in a row, with a <code>monitoring.drift-detected</code>{' '}
          event (pipelines retrain on it; serving may roll a canary back).
        </div>
      ) : (
        <table data-testid="alerts-table" className="alerts-table">
          <thead>
            <tr>
              <th>Raised</th>
              <th className="num">Window</th>
              <th className="num">In a row</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.id} data-window={a.windowSeq}>
                <td className="nowrap">{when(a.createdAt)}</td>
                <td className="num">{a.windowSeq}</td>
                <td className="num">{a.consecutive}</td>
                <td className="wrap">{a.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** How the estimates read the scores, in a sentence's middle. */
function calibrationNote(s: PerformanceSeries): string {
  const n = s.calibrationLabels;
  switch (s.calibration) {
    case 'isotonic':
      return `with the scores calibrated (isotonic) on ${n} labelled reference predictions`;
    case 'already-calibrated':
      return `with the scores as they are: on ${n} labelled reference predictions they are calibrated already`;
    case 'one-class':
      return `with the scores as they are: the ${n} labelled reference predictions hold too few of one class to calibrate on`;
    default:
      return `with the scores as they are until 100 predictions of the reference window are labelled (${n} so far)`;
  }
}
