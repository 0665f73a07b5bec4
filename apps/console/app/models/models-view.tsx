'use client';

import Link from 'next/link';
import { apiProblem } from '../../lib/api-error';
import { aliasList, modelHref, modelVersionHref } from '../../lib/model-registry';
import { useModels } from '../../lib/tracking-hooks';
import { when } from '../_components/forms';
import { ProjectGate, useProjectScope } from '../_components/project-picker';
import { Tags } from '../experiments/tags';
import { AliasBadge } from './alias-badges';

/** `/models`: the project's registered models, with their aliases and latest version. */
export function ModelsView() {
  const scope = useProjectScope();
  if (!scope.project) {
    return (
      <>
        <h1>Models</h1>
        <ProjectGate scope={scope} />
      </>
    );
  }
  return <ModelsList project={scope.project} projectName={scope.projectName ?? scope.project} />;
}

function ModelsList({ project, projectName }: { project: string; projectName: string }) {
  const models = useModels(project);
  const list = models.data ?? [];
  return (
    <>
      <h1>Models</h1>
      <p className="lead">
        Registered models of <strong>{projectName}</strong>: each version comes from a run’s ONNX
        artifact, and aliases such as <code>champion</code> say which one serves.
      </p>
      {models.error && (
        <p className="error" role="alert">
          {apiProblem(models.error).message}
        </p>
      )}
      {models.isPending ? (
        <p className="muted">Loading…</p>
      ) : list.length === 0 && !models.error ? (
        <RegisterHelp project={project} />
      ) : (
        <table data-testid="models-table">
          <thead>
            <tr>
              <th>Model</th>
              <th>Aliases</th>
              <th className="num">Latest version</th>
              <th>Updated</th>
              <th>Tags</th>
            </tr>
          </thead>
          <tbody>
            {list.map((m) => {
              const aliases = aliasList(m.aliases);
              return (
                <tr key={m.id}>
                  <td>
                    <Link href={modelHref(project, m.name)}>{m.name}</Link>
                    {m.description && <div className="muted">{m.description}</div>}
                  </td>
                  <td>
                    {aliases.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <span className="alias-badges">
                        {aliases.map((a) => (
                          <AliasBadge key={a.alias} alias={a.alias} version={a.version} />
                        ))}
                      </span>
                    )}
                  </td>
                  <td className="num">
                    {m.latestVersion === null ? (
                      <span className="muted">none yet</span>
                    ) : (
                      <Link href={modelVersionHref(project, m.name, m.latestVersion)}>
                        v{m.latestVersion}
                      </Link>
                    )}
                  </td>
                  <td className="nowrap">{when(m.updatedAt)}</td>
                  <td>
                    <Tags tags={m.tags} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

/** What an empty registry shows: how a version gets registered, from a script or from CI. */
function RegisterHelp({ project }: { project: string }) {
  return (
    <div className="empty register-help" data-testid="models-empty">
      <p>
        No registered models in this project yet. A model version is made from an ONNX file that a
        run logged as an artifact; its signature is read from the file.
      </p>
      <p>
        From a training script, with <code>@sextant/client/training</code> (the model is created
        when missing):
      </p>
      <pre className="code-block">
        {`await registerModel(connection, {
  project: '${project}',
  model: 'churn-lr',
  runId: run.id,
  artifactPath: 'model/model.onnx',
  alias: 'champion', // optional
});`}
      </pre>
      <p>From a CI job, with the CLI:</p>
      <pre className="code-block">
        {`sextant models register churn-lr <run-id> model/model.onnx --alias champion --project ${project}`}
      </pre>
    </div>
  );
}
