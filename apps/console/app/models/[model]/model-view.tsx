'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { apiProblem } from '../../../lib/api-error';
import { useMembers } from '../../../lib/api-hooks';
import { aliasList, modelVersionHref, modelsHref, shortId } from '../../../lib/model-registry';
import { type ModelDetail, useAliasHistory, useModel } from '../../../lib/tracking-hooks';
import { useMe } from '../../_components/app-shell';
import { when } from '../../_components/forms';
import { ProjectGate, useProjectScope } from '../../_components/project-picker';
import { Tags } from '../../experiments/tags';
import { AliasBadge } from '../alias-badges';
import { AliasHistory } from './alias-history';
import { GateDecisions } from './gate-decisions';
import { MoveAliasDialog } from './move-alias-dialog';
import { VersionsTable } from './versions-table';

export const NEEDS_EDITOR = 'Needs the editor role in this project';

/** `/models/[model]`: a model's versions, aliases, what served when, and its gate decisions. */
export function ModelView() {
  const { model } = useParams<{ model: string }>();
  const scope = useProjectScope();
  if (!scope.project) {
    return (
      <>
        <h1>Model</h1>
        <ProjectGate scope={scope} />
      </>
    );
  }
  return (
    <ModelPage
      project={scope.project}
      model={decodeURIComponent(model)}
      canEdit={scope.role === 'editor' || scope.role === 'admin'}
    />
  );
}

function ModelPage({
  project,
  model,
  canEdit,
}: {
  project: string;
  model: string;
  canEdit: boolean;
}) {
  const detail = useModel(project, model);
  const nameOf = useActorNames(project);
  if (detail.error) {
    const problem = apiProblem(detail.error);
    return (
      <>
        <p className="breadcrumb">
          <Link href={modelsHref(project)}>Models</Link>
        </p>
        <h1>{model}</h1>
        <p className="error" role="alert">
          {problem.message}
        </p>
        {problem.status === 404 && (
          <p className="muted">
            The model may belong to another project: choose it in the project picker.
          </p>
        )}
      </>
    );
  }
  if (!detail.data) return <p className="muted">Loading…</p>;
  const m = detail.data;
  return (
    <>
      <p className="breadcrumb">
        <Link href={modelsHref(project)}>Models</Link> / {m.name}
      </p>
      <div className="title-row">
        <h1>{m.name}</h1>
        {m.latestVersion !== null && (
          <span className="muted">
            latest{' '}
            <Link href={modelVersionHref(project, m.name, m.latestVersion)}>
              v{m.latestVersion}
            </Link>
          </span>
        )}
      </div>
      {(m.description || Object.keys(m.tags).length > 0) && (
        <p className="lead">
          {m.description ?? ''} {Object.keys(m.tags).length > 0 && <Tags tags={m.tags} />}
        </p>
      )}

      <Aliases project={project} model={m} canEdit={canEdit} nameOf={nameOf} />
      <AliasHistory project={project} model={m.name} nameOf={nameOf} />
      <VersionsTable project={project} model={m} />
      <GateDecisions project={project} model={m.name} />
    </>
  );
}

/** Names the people who moved aliases: the project's members by email, the viewer as "you". */
export function useActorNames(project: string): (actorId: string | null) => string {
  const me = useMe();
  const members = useMembers(project);
  const emails = useMemo(
    () => new Map((members.data ?? []).map((m) => [m.userId, m.email])),
    [members.data],
  );
  return (actorId) => {
    if (!actorId) return 'the system';
    if (actorId === me.userId) return `you (${me.email})`;
    return emails.get(actorId) ?? `user ${shortId(actorId)}`;
  };
}

function Aliases({
  project,
  model,
  canEdit,
  nameOf,
}: {
  project: string;
  model: ModelDetail;
  canEdit: boolean;
  nameOf: (actorId: string | null) => string;
}) {
  const history = useAliasHistory(project, model.name);
  const aliases = aliasList(model.aliases);
  // null: no dialog; '' : a new alias; else the alias being moved.
  const [moving, setMoving] = useState<string | null>(null);
  const lastMove = (alias: string) => history.data?.find((h) => h.alias === alias);
  const noVersions = model.versions.length === 0;
  const why = noVersions ? 'Register a version first' : canEdit ? undefined : NEEDS_EDITOR;

  return (
    <section aria-labelledby="aliases-title">
      <div className="section-head">
        <h2 id="aliases-title">Aliases</h2>
        <button
          type="button"
          className="secondary"
          disabled={!canEdit || noVersions}
          title={why}
          onClick={() => setMoving('')}
        >
          Set an alias…
        </button>
      </div>
      {aliases.length === 0 ? (
        <div className="empty">
          No aliases yet. An alias such as <code>champion</code> names the version that serves; a
          deployment follows it when it moves.
        </div>
      ) : (
        <table data-testid="aliases-table">
          <thead>
            <tr>
              <th>Alias</th>
              <th>Version</th>
              <th>Since</th>
              <th>Moved by</th>
              <th>Reason</th>
              <th className="actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {aliases.map(({ alias, version }) => {
              const move = lastMove(alias);
              return (
                <tr key={alias}>
                  <td>
                    <AliasBadge alias={alias} />
                  </td>
                  <td>
                    <Link href={modelVersionHref(project, model.name, version)}>v{version}</Link>
                  </td>
                  <td className="nowrap">{move ? when(move.at) : '—'}</td>
                  <td>{move ? nameOf(move.actorId) : '—'}</td>
                  <td className="wrap">{move?.reason ?? <span className="muted">—</span>}</td>
                  <td className="actions">
                    <button
                      type="button"
                      className="secondary"
                      disabled={!canEdit}
                      title={canEdit ? undefined : NEEDS_EDITOR}
                      onClick={() => setMoving(alias)}
                      aria-label={`Move ${alias}`}
                    >
                      Move…
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {!canEdit && <p className="reason">{NEEDS_EDITOR} to move an alias.</p>}
      {moving !== null && (
        <MoveAliasDialog
          project={project}
          model={model}
          alias={moving || null}
          onClose={() => setMoving(null)}
        />
      )}
    </section>
  );
}
