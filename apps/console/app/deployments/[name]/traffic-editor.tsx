'use client';

import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { fieldProblem } from '../../../lib/api-error';
import {
  type StickyKind,
  type TrafficDraft,
  describeUpdate,
  draftOf,
  draftProblems,
  formatPercent,
  trafficUpdate,
} from '../../../lib/deployments';
import { aliasList } from '../../../lib/model-registry';
import { type DeploymentSummary, useUpdateDeployment } from '../../../lib/serving-hooks';
import { useModel } from '../../../lib/tracking-hooks';
import { FormError } from '../../_components/forms';
import { NEEDS_EDITOR } from '../../models/[model]/model-view';

/**
 * The traffic policy of the current revision, editable by editors: the challenger, its canary
 * weight and shadow share, the sticky routing key and the prediction-log sample rate. Saving
 * writes a new revision (with its reason) that can be rolled back like any other.
 */
export function TrafficEditor({
  project,
  deployment: d,
  canEdit,
}: {
  project: string;
  deployment: DeploymentSummary;
  canEdit: boolean;
}) {
  const spec = d.revision.spec;
  const [draft, setDraft] = useState<TrafficDraft>(() => draftOf(spec));
  const [reason, setReason] = useState('');
  const update = useUpdateDeployment(project, d.name);
  const model = useModel(project, d.model);
  const set = (patch: Partial<TrafficDraft>) => setDraft((prev) => ({ ...prev, ...patch }));
  const challengerId = useId();
  const reasonId = useId();

  const changes = trafficUpdate(spec, draft);
  const summary = describeUpdate(spec, changes);
  const problems = draftProblems(draft);
  const problemOf = (path: string) =>
    problems.find((p) => p.path === path)?.message ?? fieldProblem(update.error, path);
  const noChallenger = draft.challengerAlias === '';
  const nothing = summary.length === 0;

  // The challenger may be any alias of the model but the champion's; the current one stays
  // listed even if the registry no longer has it.
  const aliases = aliasList(model.data?.aliases ?? {}).filter(
    (a) => a.alias !== spec.championAlias,
  );
  const current = spec.challengerAlias;
  const choices =
    current && !aliases.some((a) => a.alias === current)
      ? [...aliases, { alias: current, version: d.revision.challengerVersion }]
      : aliases;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!canEdit || nothing || problems.length > 0) return;
    update.mutate({ ...changes, ...(reason.trim() ? { reason: reason.trim() } : {}) });
  };

  return (
    <section aria-labelledby="editor-title">
      <div className="section-head">
        <h2 id="editor-title">Traffic</h2>
        <span className="muted">each save is a new revision</span>
      </div>
      <form className="panel traffic-editor" onSubmit={submit} aria-label="Traffic editor">
        <fieldset disabled={!canEdit || update.isPending}>
          <div className="editor-grid">
            <div className="field">
              <label htmlFor={challengerId}>Challenger</label>
              <ChallengerSelect
                id={challengerId}
                value={draft.challengerAlias}
                choices={choices}
                onChange={(challengerAlias) => set({ challengerAlias })}
                invalid={!!problemOf('challengerAlias')}
              />
              <span className="hint">
                An alias of <strong>{d.model}</strong> besides {spec.championAlias}.
              </span>
              {problemOf('challengerAlias') && (
                <span className="field-error">{problemOf('challengerAlias')}</span>
              )}
            </div>
            <PercentSlider
              label="Canary weight"
              hint={
                noChallenger
                  ? 'No challenger: the champion answers every request.'
                  : 'Share of requests the challenger answers.'
              }
              value={draft.canaryWeight}
              onChange={(canaryWeight) => set({ canaryWeight })}
              disabled={noChallenger}
              problem={problemOf('canaryWeight')}
            />
            <PercentSlider
              label="Shadow"
              hint="Share of the champion’s requests mirrored to the challenger, never delaying the answer."
              value={draft.shadowPercent}
              onChange={(shadowPercent) => set({ shadowPercent })}
              disabled={noChallenger}
              problem={problemOf('shadowPercent')}
            />
            <StickyKey draft={draft} set={set} problem={problemOf('sticky')} />
            <PercentSlider
              label="Log sample rate"
              hint="Share of answered requests written to the prediction log."
              value={draft.samplePercent}
              onChange={(samplePercent) => set({ samplePercent })}
              problem={problemOf('sampleRate')}
              step={0.1}
            />
          </div>
          <div className="field editor-reason">
            <label htmlFor={reasonId}>Reason</label>
            <textarea
              id={reasonId}
              name="reason"
              rows={2}
              maxLength={2000}
              required
              placeholder="Why: kept in the revision history"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={fieldProblem(update.error, 'reason') ? true : undefined}
            />
          </div>
          <div className="editor-actions">
            <button
              type="submit"
              disabled={!canEdit || nothing || problems.length > 0 || !reason.trim()}
              title={canEdit ? undefined : NEEDS_EDITOR}
            >
              {update.isPending ? 'Saving…' : 'Save as new revision'}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={nothing}
              onClick={() => setDraft(draftOf(spec))}
            >
              Reset
            </button>
            <span className="editor-summary" role="status" data-testid="editor-summary">
              {nothing
                ? `No changes to r${d.revision.revision}.`
                : `Saves r${d.revision.revision + 1}: ${summary.join(', ')}.${
                    reason.trim() ? '' : ' Give a reason to save.'
                  }`}
            </span>
          </div>
        </fieldset>
        <FormError error={update.error} />
        {!canEdit && <p className="reason">{NEEDS_EDITOR} to change traffic.</p>}
      </form>
    </section>
  );
}

function ChallengerSelect({
  id,
  value,
  choices,
  onChange,
  invalid,
}: {
  id: string;
  value: string;
  choices: readonly { alias: string; version: number | null }[];
  onChange: (alias: string) => void;
  invalid: boolean;
}) {
  return (
    <select
      id={id}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-invalid={invalid ? true : undefined}
    >
      <option value="">none</option>
      {choices.map((c) => (
        <option key={c.alias} value={c.alias}>
          {c.alias}
          {c.version !== null ? ` (v${c.version})` : ''}
        </option>
      ))}
    </select>
  );
}

/** A 0–100 % slider with a number box beside it, for exact values. */
function PercentSlider({
  label,
  hint,
  value,
  onChange,
  disabled,
  problem,
  step = 1,
}: {
  label: string;
  hint: ReactNode;
  value: number;
  onChange: (value: number) => void;
  disabled?: boolean;
  problem?: string | undefined;
  step?: number;
}) {
  const id = useId();
  const read = (raw: string) => {
    const n = raw.trim() === '' ? Number.NaN : Number(raw);
    onChange(n);
  };
  return (
    <div className="field percent-field">
      <label htmlFor={id}>
        {label} <span className="percent-value">{formatPercent(value)}</span>
      </label>
      <div className="slider-row">
        <input
          id={id}
          type="range"
          min={0}
          max={100}
          step={step}
          value={Number.isFinite(value) ? value : 0}
          disabled={disabled}
          onChange={(e) => read(e.target.value)}
          aria-valuetext={formatPercent(value)}
          aria-invalid={problem ? true : undefined}
        />
        <input
          type="number"
          min={0}
          max={100}
          step={step}
          value={Number.isFinite(value) ? value : ''}
          disabled={disabled}
          onChange={(e) => read(e.target.value)}
          aria-label={`${label} (%)`}
          aria-invalid={problem ? true : undefined}
          className="percent-input"
        />
      </div>
      <span className="hint">{hint}</span>
      {problem && <span className="field-error">{problem}</span>}
    </div>
  );
}

const STICKY_KINDS: { kind: StickyKind; label: string }[] = [
  { kind: 'none', label: 'None' },
  { kind: 'header', label: 'Header' },
  { kind: 'field', label: 'Field' },
];

/** Sticky routing: the same key always goes to the same side of the canary split. */
function StickyKey({
  draft,
  set,
  problem,
}: {
  draft: TrafficDraft;
  set: (patch: Partial<TrafficDraft>) => void;
  problem: string | undefined;
}) {
  const id = useId();
  return (
    <fieldset className="field sticky-field" aria-describedby={`${id}-hint`}>
      <legend>Sticky key</legend>
      <div className="sticky-kinds" role="radiogroup" aria-label="Sticky key">
        {STICKY_KINDS.map(({ kind, label }) => (
          <label key={kind} className="inline">
            <input
              type="radio"
              name="sticky-kind"
              value={kind}
              checked={draft.stickyKind === kind}
              onChange={() => set({ stickyKind: kind })}
            />
            {label}
          </label>
        ))}
      </div>
      {draft.stickyKind !== 'none' && (
        <input
          aria-label={draft.stickyKind === 'header' ? 'Header name' : 'Field name'}
          placeholder={draft.stickyKind === 'header' ? 'x-customer-id' : 'customer_id'}
          value={draft.stickyName}
          onChange={(e) => set({ stickyName: e.target.value })}
          aria-invalid={problem ? true : undefined}
        />
      )}
      <span id={`${id}-hint`} className="hint">
        {draft.stickyKind === 'none'
          ? 'Each request is routed on its own.'
          : draft.stickyKind === 'header'
            ? 'Requests with the same value of this header go to the same side.'
            : 'Records with the same value of this field go to the same side.'}
      </span>
      {problem && <span className="field-error">{problem}</span>}
    </fieldset>
  );
}
