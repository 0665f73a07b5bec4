'use client';

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { apiProblem } from '../../../lib/api-error';
import {
  formatPercent,
  revisionChanges,
  rollbackNote,
  withChanges,
} from '../../../lib/deployments';
import {
  type DeploymentRevision,
  type DeploymentSummary,
  useRevisions,
  useRollback,
} from '../../../lib/serving-hooks';
import { FormError, when } from '../../_components/forms';
import { NEEDS_EDITOR } from '../../models/[model]/model-view';

/**
 * Every revision of the deployment, newest first, with what each changed; any earlier one can be
 * restored in one call (after a confirm), which writes a new revision.
 */
export function RevisionHistory({
  project,
  deployment: d,
  canEdit,
  nameOf,
}: {
  project: string;
  deployment: DeploymentSummary;
  canEdit: boolean;
  nameOf: (actorId: string | null) => string;
}) {
  const revisions = useRevisions(project, d.name);
  const rows = useMemo(() => withChanges(revisions.data ?? []), [revisions.data]);
  const [target, setTarget] = useState<DeploymentRevision | null>(null);
  const current = d.revision.revision;

  return (
    <section aria-labelledby="revisions-title">
      <div className="section-head">
        <h2 id="revisions-title">Revisions</h2>
        <span className="muted">
          {rows.length > 0 && `${rows.length} revision${rows.length === 1 ? '' : 's'}`}
        </span>
      </div>
      {revisions.error && (
        <p className="error" role="alert">
          {apiProblem(revisions.error).message}
        </p>
      )}
      {revisions.isPending ? (
        <p className="muted">Loading…</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="revisions-table" className="revisions-table">
            <thead>
              <tr>
                <th>Revision</th>
                <th>When</th>
                <th>By</th>
                <th>Champion</th>
                <th>Challenger</th>
                <th>Canary / shadow</th>
                <th>Changes</th>
                <th>Reason</th>
                <th className="actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ revision: r, changes }) => {
                const note = rollbackNote(r);
                const isCurrent = r.revision === current;
                return (
                  <tr
                    key={r.revision}
                    data-revision={r.revision}
                    data-current={isCurrent ? 'true' : undefined}
                  >
                    <td className="revision-cell">
                      <strong>r{r.revision}</strong>{' '}
                      {isCurrent && <span className="badge badge-live">current</span>}
                      {note && (
                        <div className="rollback-note" data-testid="rollback-note">
                          ↩ {note}
                        </div>
                      )}
                    </td>
                    <td className="when">{when(r.createdAt)}</td>
                    <td>{nameOf(r.createdBy)}</td>
                    <td className="nowrap">
                      v{r.championVersion}
                      <AliasNote alias={r.spec.championAlias} usual="champion" />
                    </td>
                    <td className="nowrap">
                      {r.challengerVersion === null ? (
                        <span className="muted">—</span>
                      ) : (
                        <>
                          v{r.challengerVersion}
                          <AliasNote alias={r.spec.challengerAlias} usual="challenger" />
                        </>
                      )}
                    </td>
                    <td className="nowrap">
                      {formatPercent(r.spec.canaryWeight)} / {formatPercent(r.spec.shadowPercent)}
                    </td>
                    <td className="changes">
                      {changes.length === 0 ? (
                        <span className="muted">
                          {r.revision === rows[rows.length - 1]?.revision.revision
                            ? 'first revision'
                            : '—'}
                        </span>
                      ) : (
                        <ul className="change-list">
                          {changes.map((c) => (
                            <li key={c}>{c}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td className="wrap">{r.reason}</td>
                    <td className="actions">
                      {r.revision < current && (
                        <button
                          type="button"
                          className="secondary rollback-button"
                          disabled={!canEdit}
                          title={canEdit ? undefined : NEEDS_EDITOR}
                          aria-label={`Roll back to revision ${r.revision}`}
                          onClick={() => setTarget(r)}
                        >
                          Roll back to this revision
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {!canEdit && rows.length > 1 && <p className="reason">{NEEDS_EDITOR} to roll back.</p>}
      {target && (
        <RollbackDialog
          project={project}
          deployment={d}
          target={target}
          onClose={() => setTarget(null)}
        />
      )}
    </section>
  );
}

/** An alias named only when it is not the usual one (the column's title names that). */
function AliasNote({ alias, usual }: { alias: string | undefined; usual: string }) {
  if (!alias || alias === usual) return null;
  return <div className="muted">{alias}</div>;
}

/** The confirm of a rollback: what the new revision restores, and what changes from now. */
function RollbackDialog({
  project,
  deployment: d,
  target,
  onClose,
}: {
  project: string;
  deployment: DeploymentSummary;
  target: DeploymentRevision;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const reasonId = useId();
  const rollback = useRollback(project, d.name);
  const [reason, setReason] = useState('');
  const changes = revisionChanges(d.revision, target);

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => el?.close();
  }, []);

  const title = `Roll back ${d.name} to r${target.revision}`;
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!rollback.isPending) onClose();
      }}
    >
      <form
        aria-label={title}
        onSubmit={(e) => {
          e.preventDefault();
          rollback.mutate(
            { toRevision: target.revision, ...(reason.trim() ? { reason: reason.trim() } : {}) },
            { onSuccess: () => onClose() },
          );
        }}
      >
        <h2 id={titleId}>{title}?</h2>
        <fieldset disabled={rollback.isPending} className="dialog-fields">
          <p>
            A new revision <strong>r{d.revision.revision + 1}</strong> restores r{target.revision}
            ’s configuration and versions: {target.spec.championAlias} v{target.championVersion}
            {target.challengerVersion !== null &&
              `, ${target.spec.challengerAlias ?? 'challenger'} v${target.challengerVersion}`}
            . Traffic switches once they are loaded; no request is dropped.
          </p>
          <div className="dialog-summary" data-testid="rollback-summary">
            {changes.length === 0 ? (
              `r${target.revision} is configured like the current r${d.revision.revision}.`
            ) : (
              <>
                From r{d.revision.revision}: {changes.join(', ')}.
              </>
            )}
          </div>
          <div className="field">
            <label htmlFor={reasonId}>Reason (optional)</label>
            <textarea
              id={reasonId}
              rows={2}
              maxLength={2000}
              placeholder={`rolled back to revision ${target.revision}`}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              autoFocus
            />
          </div>
        </fieldset>
        <FormError error={rollback.error} />
        <div className="dialog-actions">
          <button
            type="button"
            className="secondary"
            onClick={onClose}
            disabled={rollback.isPending}
          >
            Cancel
          </button>
          <button type="submit" className="danger" disabled={rollback.isPending}>
            {rollback.isPending ? 'Rolling back…' : `Roll back to r${target.revision}`}
          </button>
        </div>
      </form>
    </dialog>
  );
}
