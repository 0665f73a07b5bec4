'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { apiProblem } from '../../lib/api-error';
import { deploymentHref } from '../../lib/deployments';
import {
  type MonitoringTab,
  describeOpenWindow,
  describeWindow,
  monitorHref,
  monitoringHref,
  monitoringTab,
} from '../../lib/monitoring';
import { type MonitorSummary, useMonitors, useMonitorsOverview } from '../../lib/monitoring-hooks';
import { ProjectGate, useProjectScope } from '../_components/project-picker';
import { PluginsList } from './plugins-list';
import { ConsecutiveBadge, VerdictBadge } from './verdict-badge';

/** `/monitoring`: the project's drift monitors, and (`?tab=plugins`) the installed drift tests. */
export function MonitoringView() {
  const scope = useProjectScope();
  const tab = monitoringTab(useSearchParams().get('tab'));
  if (!scope.project) {
    return (
      <>
        <h1>Monitoring</h1>
        <ProjectGate scope={scope} />
      </>
    );
  }
  return (
    <>
      <h1>Monitoring</h1>
      <Tabs project={scope.project} current={tab} />
      {tab === 'plugins' ? (
        <PluginsList project={scope.project} />
      ) : (
        <MonitorsList project={scope.project} projectName={scope.projectName ?? scope.project} />
      )}
    </>
  );
}

function Tabs({ project, current }: { project: string; current: MonitoringTab }) {
  const tabs: { tab: MonitoringTab; label: string }[] = [
    { tab: 'monitors', label: 'Monitors' },
    { tab: 'plugins', label: 'Plugins' },
  ];
  return (
    <nav className="tabs" aria-label="Monitoring">
      {tabs.map((t) => (
        <Link
          key={t.tab}
          href={monitoringHref(project, t.tab)}
          aria-current={t.tab === current ? 'page' : undefined}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}

function MonitorsList({ project, projectName }: { project: string; projectName: string }) {
  const monitors = useMonitors(project);
  const list = monitors.data ?? [];
  const overview = useMonitorsOverview(
    project,
    list.map((m) => m.name),
  );
  return (
    <>
      <p className="lead">
        Drift monitors of <strong>{projectName}</strong>: each cuts a deployment’s prediction log
        into windows, compares every window with its reference feature by feature, and raises an
        alert after several drifted windows in a row.
      </p>
      {monitors.error && (
        <p className="error" role="alert">
          {apiProblem(monitors.error).message}
        </p>
      )}
      {monitors.isPending ? (
        <p className="muted">Loading…</p>
      ) : list.length === 0 && !monitors.error ? (
        <CreateHelp project={project} />
      ) : (
        <div className="table-scroll">
          <table data-testid="monitors-table" className="monitors-table">
            <thead>
              <tr>
                <th>Monitor</th>
                <th>Deployment</th>
                <th>Window</th>
                <th className="num">Windows</th>
                <th>Last window</th>
                <th className="num">Drifted in a row</th>
                <th className="num">Alerts</th>
              </tr>
            </thead>
            <tbody>
              {list.map((m, i) => (
                <MonitorRow
                  key={m.id}
                  project={project}
                  monitor={m}
                  last={overview.last[i]}
                  alerts={overview.alerts[i]}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

type Overview = ReturnType<typeof useMonitorsOverview>;

function MonitorRow({
  project,
  monitor: m,
  last,
  alerts,
}: {
  project: string;
  monitor: MonitorSummary;
  last: Overview['last'][number] | undefined;
  alerts: Overview['alerts'][number] | undefined;
}) {
  const lastError = last?.error ? apiProblem(last.error).message : undefined;
  const alertsError = alerts?.error ? apiProblem(alerts.error).message : undefined;
  const alertCount = alerts?.data?.length;
  return (
    <tr data-monitor={m.name}>
      <td>
        <Link href={monitorHref(project, m.name)}>{m.name}</Link>
      </td>
      <td>
        <Link href={deploymentHref(project, m.deployment)}>{m.deployment}</Link>
      </td>
      <td className="nowrap">{describeWindow(m.window)}</td>
      <td
        className="num"
        title={`The open window: ${describeOpenWindow(m.window, m.openWindowCount)}`}
      >
        {m.windows}
      </td>
      <td data-testid="last-window" title={lastError}>
        {last?.data ? <VerdictBadge report={last.data[0]} /> : lastError ? '—' : '…'}
      </td>
      <td className="num">
        <ConsecutiveBadge consecutive={m.consecutiveDrifted} alertAfter={m.alertAfter} />
      </td>
      <td className="num" data-testid="alerts-count" title={alertsError}>
        {alertCount === undefined ? (
          '—'
        ) : (
          <span className={alertCount > 0 ? 'alert-count alerting' : 'alert-count'}>
            {alertCount}
          </span>
        )}
      </td>
    </tr>
  );
}

/** What a project without monitors shows: how to create one. */
function CreateHelp({ project }: { project: string }) {
  return (
    <div className="empty register-help" data-testid="monitors-empty">
      <p>
        No monitors in this project yet. A monitor watches one deployment: the first window of its
        predictions becomes the reference, and every later window gets a drift report per feature
        (test, statistic, p-value, threshold, drifted). Tests are chosen by column kind unless you
        name them; see the Plugins tab for the installed ones.
      </p>
      <p>Create one through the API (an editor’s key):</p>
      <pre className="code-block">
        {`import { createClient } from '@sextant/client';

const sextant = createClient({ url: process.env.SEXTANT_URL, apiKey: process.env.SEXTANT_API_KEY });
await sextant.monitoring.monitors.create.mutate({
  project: '${project}',
  name: 'credit-drift',
  deployment: 'credit-risk',               // a deployment of this project
  window: { kind: 'count', size: 500 },    // or { kind: 'time', seconds: 3600 }
  features: [{ name: 'income', test: 'ks' }, { name: 'debt' }], // optional: default every input
  driftShare: 0.5,                         // dataset drift when half the features drift
  alertAfter: 3,                           // alert after 3 drifted windows in a row
  performance: { output: 'default_probability' }, // optional: estimated and realised accuracy
});`}
      </pre>
      <p>
        Predictions reach it from the deployment’s prediction log; labels sent to{' '}
        <code>POST /v1/predictions/labels</code> add the realised performance.
      </p>
    </div>
  );
}
