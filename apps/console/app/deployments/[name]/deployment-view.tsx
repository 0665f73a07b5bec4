'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { apiProblem } from '../../../lib/api-error';
import {
  curlPredict,
  deploymentsHref,
  describeDecision,
  describeSticky,
  exampleRecord,
  formatFraction,
  formatPercent,
} from '../../../lib/deployments';
import { modelHref, modelVersionHref } from '../../../lib/model-registry';
import { type DeploymentSummary, useDeployment } from '../../../lib/serving-hooks';
import { useModelVersion } from '../../../lib/tracking-hooks';
import { when } from '../../_components/forms';
import { ProjectGate, useProjectScope } from '../../_components/project-picker';
import { AliasBadge } from '../../models/alias-badges';
import { useActorNames } from '../../models/[model]/model-view';
import { AccessBadge, RevisionBadge } from '../badges';
import { CopyButton } from '../copy-button';
import { LiveTraffic } from './live-traffic';
import { RevisionHistory } from './revision-history';
import { ShadowReportSection } from './shadow-report';
import { TrafficEditor } from './traffic-editor';

/**
 * `/deployments/[name]`: what a deployment serves and how to call it, its live traffic, the
 * shadow report, the traffic editor and the revision history with one-click rollback.
 */
export function DeploymentView() {
  const { name } = useParams<{ name: string }>();
  const scope = useProjectScope();
  if (!scope.project) {
    return (
      <>
        <h1>Deployment</h1>
        <ProjectGate scope={scope} />
      </>
    );
  }
  return (
    <DeploymentPage
      project={scope.project}
      deployment={decodeURIComponent(name)}
      canEdit={scope.role === 'editor' || scope.role === 'admin'}
    />
  );
}

function DeploymentPage({
  project,
  deployment,
  canEdit,
}: {
  project: string;
  deployment: string;
  canEdit: boolean;
}) {
  const detail = useDeployment(project, deployment);
  const nameOf = useActorNames(project);
  if (detail.error && !detail.data) {
    const problem = apiProblem(detail.error);
    return (
      <>
        <p className="breadcrumb">
          <Link href={deploymentsHref(project)}>Deployments</Link>
        </p>
        <h1>{deployment}</h1>
        <p className="error" role="alert">
          {problem.message}
        </p>
        {problem.status === 404 && (
          <p className="muted">
            The deployment may belong to another project: choose it in the project picker.
          </p>
        )}
      </>
    );
  }
  if (!detail.data) return <p className="muted">Loading…</p>;
  const d = detail.data;
  const hasChallenger = d.revision.challengerVersion !== null;
  return (
    <>
      <p className="breadcrumb">
        <Link href={deploymentsHref(project)}>Deployments</Link> / {d.name}
      </p>
      <div className="title-row">
        <h1>{d.name}</h1>
        <RevisionBadge deployment={d} />
        <AccessBadge isPublic={d.public} />
      </div>
      <Header project={project} deployment={d} nameOf={nameOf} />
      <LiveTraffic project={project} deployment={d} />
      {hasChallenger && <ShadowReportSection project={project} deployment={d} />}
      <TrafficEditor
        // A new revision (saved here, a rollback, an alias move) starts the editor afresh.
        key={d.revision.revision}
        project={project}
        deployment={d}
        canEdit={canEdit}
      />
      <RevisionHistory project={project} deployment={d} canEdit={canEdit} nameOf={nameOf} />
    </>
  );
}

function Header({
  project,
  deployment: d,
  nameOf,
}: {
  project: string;
  deployment: DeploymentSummary;
  nameOf: (actorId: string | null) => string;
}) {
  const r = d.revision;
  const s = r.spec;
  const champion = useModelVersion(project, d.model, r.championVersion);
  const curl = curlPredict(d.endpoints.predict, exampleRecord(champion.data?.featureNames), {
    public: d.public,
  });
  const decision = describeDecision(s.decision);
  return (
    <section aria-label="What it serves" className="panel deployment-header">
      <dl className="facts" data-testid="deployment-facts">
        <dt>Model</dt>
        <dd>
          <Link href={modelHref(project, d.model)}>{d.model}</Link>
        </dd>
        <dt>Serves</dt>
        <dd className="alias-badges" data-testid="served-versions">
          <Link href={modelVersionHref(project, d.model, r.championVersion)}>
            <AliasBadge alias={s.championAlias} version={r.championVersion} />
          </Link>
          {s.challengerAlias && r.challengerVersion !== null ? (
            <Link href={modelVersionHref(project, d.model, r.challengerVersion)}>
              <AliasBadge alias={s.challengerAlias} version={r.challengerVersion} />
            </Link>
          ) : (
            <span className="muted">no challenger</span>
          )}
        </dd>
        <dt>Traffic</dt>
        <dd>
          canary {formatPercent(s.canaryWeight)} · shadow {formatPercent(s.shadowPercent)} · sticky{' '}
          {describeSticky(s.sticky)} · logged {formatFraction(s.sampleRate)}
        </dd>
        <dt>Answer</dt>
        <dd>
          {s.outputFields ? (
            <span className="output-fields">
              {s.outputFields.map((f) => (
                <code key={f.field} title={`from output ${f.output}`}>
                  {f.field} ← {f.output}
                  {f.column !== undefined ? `[:, ${f.column}]` : ''}
                  {f.round !== undefined ? ` (${f.round} places)` : ''}
                </code>
              ))}
            </span>
          ) : (
            <span className="muted">every output of the model, whole</span>
          )}
          {decision && (
            <div>
              <code>{s.decision?.field ?? 'decision'}</code>: {decision}
            </div>
          )}
        </dd>
        <dt>Revision</dt>
        <dd>
          r{r.revision} · {when(r.createdAt)} by {nameOf(r.createdBy)} ·{' '}
          <span className="wrap">{r.reason}</span>
        </dd>
      </dl>
      <div className="endpoints">
        <h2 className="panel-title">Endpoints</h2>
        <p className="muted">
          Plain HTTP on the Sextant API (the address the CLI calls, <code>$SEXTANT_URL</code>),{' '}
          {d.public ? 'open to anyone: the deployment is public' : 'with an API key'}.
        </p>
        <Endpoint
          label="Predict"
          title="JSON records keyed by feature name"
          method="POST"
          path={d.endpoints.predict}
        />
        <Endpoint
          label="OIP v2 infer"
          title="The Open Inference Protocol (KServe v2): tensors"
          method="POST"
          path={d.endpoints.infer}
        />
        <div className="curl-head">
          <span className="muted">Try it</span>
          <CopyButton text={curl} label="Copy the curl example" />
        </div>
        <pre className="code-block" data-testid="curl-example">
          {curl}
        </pre>
      </div>
    </section>
  );
}

function Endpoint({
  label,
  title,
  method,
  path,
}: {
  label: string;
  title: string;
  method: string;
  path: string;
}) {
  return (
    <div className="endpoint">
      <span className="endpoint-label" title={title}>
        {label}
      </span>
      <code className="endpoint-path">
        <span className="method">{method}</span> {path}
      </code>
      <CopyButton text={path} label={`Copy the ${label} path`} />
    </div>
  );
}
