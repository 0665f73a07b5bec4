'use client';

import { apiProblem } from '../../lib/api-error';
import { describeDirection, describePluginSource, formatStatistic } from '../../lib/monitoring';
import { type InstalledPlugin, usePlugins } from '../../lib/monitoring-hooks';

/** The Plugins tab: every drift-test plugin the monitoring service found, with its tests. */
export function PluginsList({ project }: { project: string }) {
  const plugins = usePlugins(project);
  const list = plugins.data?.plugins ?? [];
  return (
    <>
      <p className="lead">
        Drift tests installed on the monitoring service (the same for every project). The built-in
        tests run in the service’s thread; third-party plugins run in a worker pool with time and
        memory limits, so a faulty one fails only its own result. A monitor names a test per
        feature, or lets the column kind choose.
      </p>
      {plugins.error && (
        <p className="error" role="alert">
          {apiProblem(plugins.error).message}
        </p>
      )}
      {plugins.isPending ? (
        <p className="muted">Loading…</p>
      ) : list.length === 0 && !plugins.error ? (
        <div className="empty">No drift-test plugins were found.</div>
      ) : (
        <div className="plugins" data-testid="plugins">
          {list.map((p) => (
            <Plugin key={`${p.name}@${p.path ?? 'built-in'}`} plugin={p} />
          ))}
        </div>
      )}
      <p className="muted">
        Plugins are discovered when the service starts, from its configured folders and packages;
        how to write one: <code>docs/plugins.md</code>.
      </p>
    </>
  );
}

function Plugin({ plugin: p }: { plugin: InstalledPlugin }) {
  const headingId = `plugin-${p.name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  return (
    <section
      className="panel plugin"
      aria-labelledby={headingId}
      data-testid="plugin"
      data-plugin={p.name}
      data-status={p.status}
    >
      <div className="plugin-head">
        <h2 id={headingId}>{p.name}</h2>
        {p.version && <span className="muted">v{p.version}</span>}
        <span
          className={`badge badge-plugin-${p.status}`}
          title={p.status === 'refused' ? (p.reason ?? undefined) : 'Validated and loaded'}
        >
          {p.status}
        </span>
        <span className="badge badge-isolation" title={isolationTitle(p.isolation)}>
          {p.isolation}
        </span>
      </div>
      <dl className="plugin-facts">
        <dt>Source</dt>
        <dd>{describePluginSource(p.source)}</dd>
        {p.path && (
          <>
            <dt>Path</dt>
            <dd>
              <code>{p.path}</code>
            </dd>
          </>
        )}
        {p.sdk && (
          <>
            <dt>SDK</dt>
            <dd>
              needs <code>{p.sdk.range}</code>, installed {p.sdk.installed}
            </dd>
          </>
        )}
      </dl>
      {p.status === 'refused' && (
        <p className="error" data-testid="plugin-reason">
          Refused: {p.reason ?? 'no reason given'}
        </p>
      )}
      {p.tests.length > 0 && (
        <table className="plugin-tests" aria-label={`Tests of ${p.name}`}>
          <thead>
            <tr>
              <th>Test</th>
              <th>Supports</th>
              <th>Direction</th>
              <th className="num">Default threshold</th>
              <th>Params</th>
            </tr>
          </thead>
          <tbody>
            {p.tests.map((t) => (
              <tr key={t.name} data-test-name={t.name}>
                <td>
                  <code className="test-name">{t.name}</code>{' '}
                  <span className="muted">v{t.version}</span>
                  {t.description && <div className="muted test-description">{t.description}</div>}
                </td>
                <td>
                  <span className="tags">
                    {t.supports.map((k) => (
                      <span key={k} className="tag">
                        {k}
                      </span>
                    ))}
                  </span>
                </td>
                <td className="nowrap" title={describeDirection(t.direction, t.defaultThreshold)}>
                  {t.direction}
                </td>
                <td className="num">{formatStatistic(t.defaultThreshold)}</td>
                <td>
                  <ParamNames params={t.params} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A test's params (JSON Schema): their names, with the schema as a tooltip. */
function ParamNames({ params }: { params: Record<string, unknown> | null }) {
  const properties =
    params && typeof params['properties'] === 'object' && params['properties'] !== null
      ? Object.keys(params['properties'])
      : [];
  if (properties.length === 0) return <span className="muted">—</span>;
  return (
    <code className="params" title={JSON.stringify(params, null, 2)}>
      {properties.join(', ')}
    </code>
  );
}

function isolationTitle(isolation: InstalledPlugin['isolation']): string {
  return isolation === 'worker-pool'
    ? 'Runs in a worker thread with time and memory limits'
    : 'Runs in the monitoring service’s thread (built-in)';
}
