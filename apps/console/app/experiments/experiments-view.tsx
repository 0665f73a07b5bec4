'use client';

import Link from 'next/link';
import { useState } from 'react';
import { apiProblem } from '../../lib/api-error';
import { runsHref } from '../../lib/tracking-links';
import { useCreateExperiment, useExperiments } from '../../lib/tracking-hooks';
import { Field, FormError, Reason, onSubmit, text, when } from '../_components/forms';
import { ProjectGate, useProjectScope } from '../_components/project-picker';
import { Tags } from './tags';

const NEEDS_EDITOR = 'Needs the editor role in this project';

/** `/experiments`: the project's experiments, with their run counts, and a form to add one. */
export function ExperimentsView() {
  const scope = useProjectScope();
  if (!scope.project) {
    return (
      <>
        <h1>Experiments</h1>
        <ProjectGate scope={scope} />
      </>
    );
  }
  return (
    <ExperimentsList
      project={scope.project}
      projectName={scope.projectName ?? scope.project}
      canCreate={scope.role === 'editor' || scope.role === 'admin'}
    />
  );
}

function ExperimentsList({
  project,
  projectName,
  canCreate,
}: {
  project: string;
  projectName: string;
  canCreate: boolean;
}) {
  const [showArchived, setShowArchived] = useState(false);
  const experiments = useExperiments(project, showArchived ? 'all' : 'active');
  const create = useCreateExperiment(project);
  const list = experiments.data ?? [];

  const submit = onSubmit((form, reset) => {
    const description = text(form, 'description');
    create.mutate(
      { name: text(form, 'name'), ...(description ? { description } : {}) },
      { onSuccess: () => reset() },
    );
  });

  return (
    <>
      <h1>Experiments</h1>
      <p className="lead">
        Runs of training scripts and CI jobs in <strong>{projectName}</strong>, grouped by
        experiment.
      </p>
      <section aria-labelledby="experiments-title">
        <div className="section-head">
          <h2 id="experiments-title">
            {experiments.data ? `${list.length} experiment${list.length === 1 ? '' : 's'}` : ' '}
          </h2>
          <label className="inline">
            <input
              type="checkbox"
              checked={showArchived}
              onChange={(e) => setShowArchived(e.target.checked)}
            />
            Show archived
          </label>
        </div>
        {experiments.error && (
          <p className="error" role="alert">
            {apiProblem(experiments.error).message}
          </p>
        )}
        {experiments.isPending ? (
          <p className="muted">Loading…</p>
        ) : list.length === 0 && !experiments.error ? (
          <div className="empty">
            No experiments{showArchived ? '' : ' yet'}. Create one below, or log a run from a
            training script with <code>@sextant/client/training</code> and it appears here.
          </div>
        ) : (
          <table data-testid="experiments-table">
            <thead>
              <tr>
                <th>Experiment</th>
                <th className="num">Runs</th>
                <th>Last run</th>
                <th>Tags</th>
              </tr>
            </thead>
            <tbody>
              {list.map((e) => (
                <tr key={e.id} data-archived={e.archived ? 'true' : undefined}>
                  <td>
                    <Link href={runsHref(project, e.name)}>{e.name}</Link>
                    {e.archived && <span className="badge badge-archived">archived</span>}
                    {e.description && <div className="muted">{e.description}</div>}
                  </td>
                  <td className="num">{e.runCount.toLocaleString('en-US')}</td>
                  <td className="nowrap">{e.lastRunAt ? when(e.lastRunAt) : '—'}</td>
                  <td>
                    <Tags tags={e.tags} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="new-experiment-title" className="panel">
        <h2 id="new-experiment-title">New experiment</h2>
        <form onSubmit={submit} aria-label="New experiment" className="form-row">
          <fieldset disabled={!canCreate || create.isPending}>
            <Field
              label="Name"
              name="name"
              required
              placeholder="churn-xgboost"
              error={create.error}
            />
            <Field label="Description" name="description" error={create.error} />
            <button type="submit" title={canCreate ? undefined : NEEDS_EDITOR}>
              Create experiment
            </button>
          </fieldset>
        </form>
        {!canCreate && <Reason>{NEEDS_EDITOR}.</Reason>}
        <FormError error={create.error} />
      </section>
    </>
  );
}
