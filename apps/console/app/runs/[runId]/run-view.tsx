'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { apiProblem } from '../../../lib/api-error';
import { formatMetric } from '../../../lib/metric-value';
import { duration } from '../../../lib/runs-table';
import { experimentsHref, runsHref } from '../../../lib/tracking-links';
import { type RunDetail, useRun } from '../../../lib/tracking-hooks';
import { when } from '../../_components/forms';
import { ProjectGate, useProjectScope } from '../../_components/project-picker';
import { StatusBadge } from '../status-badge';
import { Artifacts } from './artifacts';
import { RunCharts } from './run-charts';

/** `/runs/[runId]`: one run — what it is, its code, params, metrics, charts, data and files. */
export function RunView() {
  const { runId } = useParams<{ runId: string }>();
  const scope = useProjectScope();
  if (!scope.project) {
    return (
      <>
        <h1>Run</h1>
        <ProjectGate scope={scope} />
      </>
    );
  }
  return <RunPage project={scope.project} runId={decodeURIComponent(runId)} />;
}

function RunPage({ project, runId }: { project: string; runId: string }) {
  const run = useRun(project, runId);
  if (run.error) {
    const problem = apiProblem(run.error);
    return (
      <>
        <p className="breadcrumb">
          <Link href={experimentsHref(project)}>Experiments</Link>
        </p>
        <h1>Run</h1>
        <p className="error" role="alert">
          {problem.message}
        </p>
        {problem.status === 404 && (
          <p className="muted">
            The run may belong to another project: choose it in the project picker.
          </p>
        )}
      </>
    );
  }
  if (!run.data) return <p className="muted">Loading…</p>;
  const r = run.data;
  return (
    <>
      <p className="breadcrumb">
        <Link href={experimentsHref(project)}>Experiments</Link> /{' '}
        <Link href={runsHref(project, r.experimentName)}>{r.experimentName}</Link> / {r.name}
      </p>
      <div className="title-row">
        <h1>{r.name}</h1>
        <StatusBadge status={r.status} />
      </div>

      <div className="detail-grid">
        <section className="panel" aria-labelledby="run-info-title">
          <h2 id="run-info-title">Run</h2>
          <dl className="facts">
            <dt>Run id</dt>
            <dd>
              <code>{r.id}</code>
            </dd>
            <dt>Experiment</dt>
            <dd>
              <Link href={runsHref(project, r.experimentName)}>{r.experimentName}</Link>
            </dd>
            <dt>Started</dt>
            <dd>{when(r.startTime)}</dd>
            <dt>Ended</dt>
            <dd>{r.endTime ? when(r.endTime) : '—'}</dd>
            <dt>Duration</dt>
            <dd>{duration(r.startTime, r.endTime)}</dd>
          </dl>
        </section>
        <CodeVersion code={r.code} />
      </div>

      <RunCharts project={project} run={r} />

      <section aria-labelledby="latest-title">
        <h2 id="latest-title">Latest metrics</h2>
        {r.latestMetrics.length === 0 ? (
          <div className="empty">No metrics logged.</div>
        ) : (
          <table data-testid="latest-metrics">
            <thead>
              <tr>
                <th>Metric</th>
                <th className="num">Value</th>
                <th className="num">Step</th>
                <th>Logged</th>
              </tr>
            </thead>
            <tbody>
              {r.latestMetrics.map((m) => (
                <tr key={m.key}>
                  <td>
                    <code>{m.key}</code>
                  </td>
                  <td className="num">{formatMetric(m.value)}</td>
                  <td className="num">{m.step.toLocaleString('en-US')}</td>
                  <td className="nowrap">{new Date(m.timestamp).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <div className="detail-grid">
        <KeyValues title="Params" testId="params" values={r.params} empty="No params logged." />
        <KeyValues title="Tags" testId="tags" values={r.tags} empty="No tags." />
      </div>

      <Datasets inputs={r.inputs} />
      <Artifacts project={project} runId={r.id} />
    </>
  );
}

function CodeVersion({ code }: { code: RunDetail['code'] }) {
  const none = !code.commit && !code.branch && !code.repository;
  return (
    <section className="panel" aria-labelledby="code-title">
      <h2 id="code-title">Code version</h2>
      {none ? (
        <p className="muted">No code version was recorded for this run.</p>
      ) : (
        <dl className="facts">
          <dt>Commit</dt>
          <dd>{code.commit ? <code title={code.commit}>{code.commit.slice(0, 12)}</code> : '—'}</dd>
          <dt>Branch</dt>
          <dd>{code.branch ?? '—'}</dd>
          <dt>Repository</dt>
          <dd className="wrap">{code.repository ?? '—'}</dd>
          <dt>Working tree</dt>
          <dd>
            {code.dirty === null ? (
              '—'
            ) : code.dirty ? (
              <span className="badge badge-degraded">dirty: uncommitted changes</span>
            ) : (
              <span className="badge badge-ok">clean</span>
            )}
          </dd>
        </dl>
      )}
    </section>
  );
}

function KeyValues({
  title,
  values,
  empty,
  testId,
}: {
  title: string;
  values: Readonly<Record<string, string>>;
  empty: string;
  testId: string;
}) {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {entries.length === 0 ? (
        <div className="empty">{empty}</div>
      ) : (
        <table data-testid={testId}>
          <tbody>
            {entries.map(([k, v]) => (
              <tr key={k}>
                <th scope="row" className="key">
                  {k}
                </th>
                <td className="wrap">{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Datasets({ inputs }: { inputs: RunDetail['inputs'] }) {
  return (
    <section aria-labelledby="datasets-title">
      <h2 id="datasets-title">Datasets</h2>
      {inputs.length === 0 ? (
        <div className="empty">No input datasets were logged for this run.</div>
      ) : (
        <table data-testid="datasets">
          <thead>
            <tr>
              <th>Dataset</th>
              <th className="num">Version</th>
              <th>Role</th>
              <th>sha256</th>
            </tr>
          </thead>
          <tbody>
            {inputs.map((d) => (
              <tr key={`${d.datasetVersionId}:${d.role}`}>
                <td>{d.name}</td>
                <td className="num">v{d.version}</td>
                <td>
                  <span className={`badge badge-dataset-${d.role}`}>{d.role}</span>
                </td>
                <td>
                  <code title={d.sha256}>{d.sha256.slice(0, 12)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
