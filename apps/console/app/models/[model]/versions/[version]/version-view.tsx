'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { apiProblem } from '../../../../../lib/api-error';
import { artifactUrl } from '../../../../../lib/artifact-preview';
import { formatBytes, modelHref, modelsHref, versionOf } from '../../../../../lib/model-registry';
import { runHref } from '../../../../../lib/tracking-links';
import { useModelVersion } from '../../../../../lib/tracking-hooks';
import { when } from '../../../../_components/forms';
import { ProjectGate, useProjectScope } from '../../../../_components/project-picker';
import { Tags } from '../../../../experiments/tags';
import { AliasBadges, VersionStatus } from '../../../alias-badges';
import { SignatureView } from '../../../signature-view';
import { Lineage } from './lineage';

/** `/models/[model]/versions/[version]`: one version — what it is, its signature, its lineage. */
export function VersionView() {
  const params = useParams<{ model: string; version: string }>();
  const scope = useProjectScope();
  const model = decodeURIComponent(params.model);
  const version = versionOf(params.version);
  if (!scope.project) {
    return (
      <>
        <h1>Model version</h1>
        <ProjectGate scope={scope} />
      </>
    );
  }
  if (version === null) {
    return (
      <>
        <p className="breadcrumb">
          <Link href={modelsHref(scope.project)}>Models</Link> /{' '}
          <Link href={modelHref(scope.project, model)}>{model}</Link>
        </p>
        <h1>Model version</h1>
        <p className="error" role="alert">
          “{params.version}” is not a version number: versions are 1, 2, 3…
        </p>
      </>
    );
  }
  return <VersionPage project={scope.project} model={model} version={version} />;
}

function VersionPage({
  project,
  model,
  version,
}: {
  project: string;
  model: string;
  version: number;
}) {
  const v = useModelVersion(project, model, version);
  const crumbs = (
    <p className="breadcrumb">
      <Link href={modelsHref(project)}>Models</Link> /{' '}
      <Link href={modelHref(project, model)}>{model}</Link> / v{version}
    </p>
  );
  if (v.error) {
    const problem = apiProblem(v.error);
    return (
      <>
        {crumbs}
        <h1>
          {model} v{version}
        </h1>
        <p className="error" role="alert">
          {problem.message}
        </p>
      </>
    );
  }
  if (!v.data) return <p className="muted">Loading…</p>;
  const d = v.data;
  return (
    <>
      {crumbs}
      <div className="title-row">
        <h1>
          {d.model} v{d.version}
        </h1>
        <VersionStatus status={d.status} reason={d.statusReason} />
        <AliasBadges aliases={d.aliases} />
      </div>
      {d.status === 'failed' && d.statusReason && (
        <p className="error" role="alert">
          {d.statusReason}
        </p>
      )}

      <div className="detail-grid">
        <section className="panel" aria-labelledby="version-info-title">
          <h2 id="version-info-title">Version</h2>
          <dl className="facts" data-testid="version-facts">
            <dt>Run</dt>
            <dd>
              <Link href={runHref(project, d.runId)}>
                <code>{d.runId}</code>
              </Link>
            </dd>
            <dt>Artifact</dt>
            <dd className="wrap">
              <a href={artifactUrl(d.runId, d.artifactPath, true)}>{d.artifactPath}</a>
            </dd>
            <dt>sha256</dt>
            <dd className="wrap">
              <code>{d.sha256}</code>
            </dd>
            <dt>Size</dt>
            <dd>{formatBytes(d.size)}</dd>
            <dt>Registered</dt>
            <dd>{when(d.createdAt)}</dd>
            <dt>Tags</dt>
            <dd>
              <Tags tags={d.tags} />
            </dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="signature-title">
          <h2 id="signature-title">Signature</h2>
          <SignatureView signature={d.signature} featureNames={d.featureNames} />
        </section>
      </div>

      <Lineage project={project} model={d.model} version={d.version} />
    </>
  );
}
