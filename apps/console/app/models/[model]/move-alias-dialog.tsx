'use client';

import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { fieldProblem } from '../../../lib/api-error';
import { type ModelDetail, useSetAlias } from '../../../lib/tracking-hooks';
import { Field, FormError, text } from '../../_components/forms';

/**
 * The confirm dialog of an alias move: which version the alias goes to, and why (kept in the
 * alias history). `alias` null: a new alias, named in the dialog. A deployment that follows the
 * alias swaps to the new version when it moves, so the dialog says so before confirming.
 */
export function MoveAliasDialog({
  project,
  model,
  alias,
  onClose,
}: {
  project: string;
  model: ModelDetail;
  alias: string | null;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const reasonId = useId();
  const setAlias = useSetAlias(project, model.name);
  const current = alias ? (model.aliases[alias] ?? null) : null;
  const choices = model.versions.filter((v) => v.status === 'ready');
  const firstOther = choices.find((v) => v.version !== current)?.version ?? null;
  const [version, setVersion] = useState<number | null>(firstOther);
  const [name, setName] = useState(alias ?? '');
  const target = alias ?? name.trim();

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (version === null) return;
    const reason = text(form, 'reason');
    setAlias.mutate(
      { alias: target, version, ...(reason ? { reason } : {}) },
      { onSuccess: () => onClose() },
    );
  };
  const reasonProblem = fieldProblem(setAlias.error, 'reason');

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!setAlias.isPending) onClose();
      }}
    >
      <form onSubmit={submit} aria-label={alias ? `Move ${alias}` : 'Set an alias'}>
        <h2 id={titleId}>{alias ? `Move ${alias}` : 'Set an alias'}</h2>
        <fieldset disabled={setAlias.isPending} className="dialog-fields">
          {alias ? (
            <p className="muted">
              <strong>{alias}</strong> points to {current === null ? 'no version' : `v${current}`}{' '}
              now.
            </p>
          ) : (
            <Field
              label="Alias"
              name="alias"
              required
              placeholder="challenger"
              pattern="[a-z][a-z0-9_\-]{0,62}"
              hint="Lower-case letters, digits, _ and -, starting with a letter."
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={setAlias.error}
              autoFocus
            />
          )}
          <div className="field">
            <label htmlFor={`${titleId}-version`}>Version</label>
            <select
              id={`${titleId}-version`}
              name="version"
              value={version ?? ''}
              onChange={(e) => setVersion(Number(e.target.value))}
              aria-invalid={fieldProblem(setAlias.error, 'version') ? true : undefined}
            >
              {choices.length === 0 && <option value="">No ready version</option>}
              {choices.map((v) => (
                <option key={v.version} value={v.version} disabled={v.version === current}>
                  v{v.version}
                  {v.aliases.length > 0 ? ` (${v.aliases.join(', ')})` : ''}
                  {v.version === current ? ' — current' : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={reasonId}>Reason</label>
            <textarea
              id={reasonId}
              name="reason"
              required
              maxLength={2000}
              rows={3}
              placeholder="Why: kept in the alias history"
              aria-invalid={reasonProblem ? true : undefined}
              autoFocus={!!alias}
            />
            {reasonProblem && <span className="field-error">{reasonProblem}</span>}
          </div>
          {target && version !== null && (
            <p className="dialog-summary" data-testid="move-summary">
              <strong>{target}</strong>: {current === null ? 'none' : `v${current}`} → v{version}.
              Deployments that follow <strong>{target}</strong> will serve v{version}.
            </p>
          )}
        </fieldset>
        <FormError error={setAlias.error} />
        <div className="dialog-actions">
          <button
            type="button"
            className="secondary"
            onClick={onClose}
            disabled={setAlias.isPending}
          >
            Cancel
          </button>
          <button type="submit" disabled={setAlias.isPending || version === null || !target}>
            {setAlias.isPending
              ? 'Moving…'
              : target
                ? `Move ${target} to v${version ?? '?'}`
                : 'Move'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
