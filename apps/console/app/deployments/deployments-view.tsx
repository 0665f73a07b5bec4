'use client';

import Link from 'next/link';
import { apiProblem } from '../../lib/api-error';
import {
  deploymentHref,
  formatFraction,
  formatMs,
  formatRate,
  totalTraffic,
} from '../../lib/deployments';
import { modelHref } from '../../lib/model-registry';
import {
  type DeploymentSummary,
  type DeploymentTraffic,
  useDeployments,
  useTrafficOf,
} from '../../lib/serving-hooks';
import { ProjectGate, useProjectScope } from '../_components/project-picker';
import { AliasBadge } from '../models/alias-badges';
import { AccessBadge, RevisionBadge } from './badges';

/** `/deployments`: the project's deployments with their live traffic. */
export function DeploymentsView() {
  const scope = useProjectScope();
  if (!scope.project) {
    return (
      <>
        <h1>Deployments</h1>
        <ProjectGate scope={scope} />
      </>
    );
  }
  return (
    <DeploymentsList project={scope.project} projectName={scope.projectName ?? scope.project} />
  );
}

function DeploymentsList({ project, projectName }: { project: string; projectName: string }) {
  const deployments = useDeployments(project);
  const list = deployments.data ?? [];
  const traffic = useTrafficOf(
    project,
    list.map((d) => d.name),
  );
  return (
    <>
      <h1>Deployments</h1>
      <p className="lead">
        Models of <strong>{projectName}</strong> serving predictions: each follows a model’s{' '}
        <code>champion</code> (and optionally a <code>challenger</code> in canary or shadow), and
        every change is a revision that can be rolled back. Traffic is this replica’s, over the last
        minute.
      </p>
      {deployments.error && (
        <p className="error" role="alert">
          {apiProblem(deployments.error).message}
        </p>
      )}
      {deployments.isPending ? (
        <p className="muted">Loading…</p>
      ) : list.length === 0 && !deployments.error ? (
        <CreateHelp project={project} />
      ) : (
        <div className="table-scroll">
          <table data-testid="deployments-table" className="deployments-table">
            <thead>
              <tr>
                <th>Deployment</th>
                <th>Model</th>
                <th className="num">Req/s</th>
                <th className="num">p50 / p99</th>
                <th className="num">Errors</th>
                <th>Revision</th>
                <th>Access</th>
              </tr>
            </thead>
            <tbody>
              {list.map((d, i) => (
                <DeploymentRow
                  key={d.id}
                  project={project}
                  deployment={d}
                  traffic={traffic[i]?.data}
                  trafficError={traffic[i]?.error}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function DeploymentRow({
  project,
  deployment: d,
  traffic,
  trafficError,
}: {
  project: string;
  deployment: DeploymentSummary;
  traffic: DeploymentTraffic | undefined;
  trafficError: unknown;
}) {
  const total = traffic ? totalTraffic(traffic) : null;
  const why = trafficError ? apiProblem(trafficError).message : undefined;
  const r = d.revision;
  return (
    <tr data-deployment={d.name}>
      <td>
        <Link href={deploymentHref(project, d.name)}>{d.name}</Link>
      </td>
      <td>
        <Link href={modelHref(project, d.model)}>{d.model}</Link>
        <div className="alias-badges versions-line">
          <AliasBadge alias={r.spec.championAlias} version={r.championVersion} />
          {r.spec.challengerAlias && r.challengerVersion !== null && (
            <AliasBadge alias={r.spec.challengerAlias} version={r.challengerVersion} />
          )}
        </div>
      </td>
      <td className="num" data-testid="req-per-second" title={why}>
        {total ? formatRate(total.requestsPerSecond) : '—'}
      </td>
      <td className="num nowrap" title={why}>
        {traffic ? (
          <>
            {formatMs(traffic.champion.p50Ms)} / {formatMs(traffic.champion.p99Ms)}
            {traffic.challenger.requests > 0 && (
              <div className="muted">
                challenger {formatMs(traffic.challenger.p50Ms)} /{' '}
                {formatMs(traffic.challenger.p99Ms)}
              </div>
            )}
          </>
        ) : (
          '—'
        )}
      </td>
      <td className="num" title={why}>
        {total && total.errorRate !== null ? (
          <span className={total.errors > 0 ? 'error-rate bad' : 'error-rate'}>
            {formatFraction(total.errorRate)}
          </span>
        ) : (
          '—'
        )}
      </td>
      <td className="nowrap">
        <RevisionBadge deployment={d} />
      </td>
      <td>
        <AccessBadge isPublic={d.public} />
      </td>
    </tr>
  );
}

/** What a project without deployments shows: how to create one and call it. */
function CreateHelp({ project }: { project: string }) {
  return (
    <div className="empty register-help" data-testid="deployments-empty">
      <p>
        No deployments in this project yet. A deployment serves a registered model’s{' '}
        <code>champion</code> version at <code>POST /v1/models/&#123;name&#125;:predict</code> and
        the Open Inference Protocol’s <code>/v2/models/&#123;name&#125;/infer</code>; when the alias
        moves, it swaps to the new version without dropping a request.
      </p>
      <p>
        Create one through the API (an editor’s key), here with named answer fields and a decision
        rule:
      </p>
      <pre className="code-block">
        {`import { createClient } from '@sextant/client';

const sextant = createClient({ url: process.env.SEXTANT_URL, apiKey: process.env.SEXTANT_API_KEY });
await sextant.serving.deployments.create.mutate({
  project: '${project}',
  name: 'credit-risk',
  model: 'credit-risk',            // a registered model with a champion alias
  challengerAlias: 'challenger',   // optional: canary and shadow traffic
  shadowPercent: 10,
  outputFields: [
    { field: 'default_probability', output: 'probabilities', column: 1, round: 4 },
  ],
  decision: {
    rules: [{ when: { field: 'default_probability', op: '>', value: 0.3 }, then: 'decline' }],
    otherwise: 'approve',
  },
});`}
      </pre>
      <p>Then ask it for predictions, one record or a list of them, keyed by feature name:</p>
      <pre className="code-block">
        {`curl -sS -X POST "$SEXTANT_URL/v1/models/credit-risk:predict?project=${project}" \\
  -H "Authorization: Bearer $SEXTANT_API_KEY" \\
  -H 'content-type: application/json' \\
  -d '{"income": 52000, "debt": 18000, "age": 37, "history_score": 0.62}'
# → {"id": "…", "default_probability": …, "decision": "approve"}`}
      </pre>
    </div>
  );
}
