'use client';

import Link from 'next/link';
import { apiProblem } from '../../../lib/api-error';
import { useCreateProject, useProjects } from '../../../lib/api-hooks';
import { useMe } from '../../_components/app-shell';
import { Field, FormError, Reason, text, when, onSubmit } from '../../_components/forms';

const ONLY_ADMINS = 'Only platform admins create projects';

export default function ProjectsPage() {
  const me = useMe();
  const projects = useProjects();
  const create = useCreateProject();

  const submit = onSubmit((form, reset) => {
    const description = text(form, 'description');
    create.mutate(
      {
        slug: text(form, 'slug'),
        name: text(form, 'name'),
        ...(description ? { description } : {}),
      },
      { onSuccess: () => reset() },
    );
  });

  return (
    <>
      <section aria-labelledby="projects-title">
        <div className="section-head">
          <h2 id="projects-title">Projects</h2>
          <span className="muted">Everything you make belongs to a project.</span>
        </div>
        {projects.error && <p className="error">{apiProblem(projects.error).message}</p>}
        {projects.isPending ? (
          <p className="muted">Loading…</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Project</th>
                <th>Slug</th>
                <th>Your role</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {projects.data?.map((p) => (
                <tr key={p.slug}>
                  <td>
                    <Link href={`/settings/projects/${p.slug}`}>{p.name}</Link>
                    {p.description && <div className="muted">{p.description}</div>}
                  </td>
                  <td>
                    <code>{p.slug}</code>
                  </td>
                  <td>
                    <span className={`badge badge-role-${p.role}`}>{p.role}</span>
                  </td>
                  <td>{when(p.createdAt)}</td>
                </tr>
              ))}
              {projects.data?.length === 0 && (
                <tr>
                  <td colSpan={4} className="muted">
                    You are not a member of any project yet.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="new-project-title" className="panel">
        <h2 id="new-project-title">New project</h2>
        <form onSubmit={submit} aria-label="New project" className="form-row">
          <fieldset disabled={!me.isAdmin || create.isPending}>
            <Field
              label="Slug"
              name="slug"
              required
              placeholder="fraud-detection"
              hint="Lowercase letters, digits and dashes; used in URLs and the API."
              error={create.error}
            />
            <Field
              label="Name"
              name="name"
              required
              placeholder="Fraud detection"
              error={create.error}
            />
            <Field label="Description" name="description" error={create.error} />
            <button type="submit" title={me.isAdmin ? undefined : ONLY_ADMINS}>
              Create project
            </button>
          </fieldset>
        </form>
        {!me.isAdmin && <Reason>{ONLY_ADMINS}.</Reason>}
        <FormError error={create.error} />
      </section>
    </>
  );
}
