'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useState } from 'react';
import { ROLES, type Role } from '../../../../lib/roles';
import { apiProblem } from '../../../../lib/api-error';
import { useMembers, useProject, useRemoveMember, useSetMember } from '../../../../lib/api-hooks';
import { useMe } from '../../../_components/app-shell';
import {
  Field,
  FormError,
  Reason,
  SelectField,
  text,
  when,
  onSubmit,
} from '../../../_components/forms';

const NEEDS_ADMIN = 'Needs the admin role in this project';

export default function ProjectPage() {
  const { slug } = useParams<{ slug: string }>();
  const me = useMe();
  const project = useProject(slug);
  const members = useMembers(slug);
  const addMember = useSetMember();
  const changeRole = useSetMember();
  const removeMember = useRemoveMember();
  // The last failed row action, shown above the table (the add form shows its own).
  const [rowError, setRowError] = useState<unknown>(null);

  if (project.error) {
    return (
      <>
        <p className="error" role="alert">
          {apiProblem(project.error).message}
        </p>
        <Link href="/settings/projects">All projects</Link>
      </>
    );
  }
  if (!project.data) return <p className="muted">Loading…</p>;

  const canManage = project.data.role === 'admin';
  const reason = canManage ? undefined : NEEDS_ADMIN;

  const add = onSubmit((form, reset) => {
    addMember.mutate(
      { project: slug, email: text(form, 'email'), role: text(form, 'role') as Role },
      { onSuccess: () => reset() },
    );
  });
  const rowAction = { onSuccess: () => setRowError(null), onError: setRowError };

  return (
    <>
      <p className="breadcrumb">
        <Link href="/settings/projects">Projects</Link> / {project.data.slug}
      </p>
      <section aria-labelledby="project-title">
        <div className="section-head">
          <h2 id="project-title">{project.data.name}</h2>
          <span className="muted">
            Your role:{' '}
            <span className={`badge badge-role-${project.data.role}`}>{project.data.role}</span>
          </span>
        </div>
        {project.data.description && <p>{project.data.description}</p>}
      </section>

      <section aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        {rowError ? <FormError error={rowError} /> : null}
        {members.error && <p className="error">{apiProblem(members.error).message}</p>}
        <table>
          <thead>
            <tr>
              <th>Member</th>
              <th>Role</th>
              <th>Since</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.data?.map((m) => (
              <tr key={m.userId}>
                <td>
                  {m.email}
                  {m.email === me.email && <span className="muted"> (you)</span>}
                  {m.name && <div className="muted">{m.name}</div>}
                </td>
                <td>
                  <select
                    aria-label={`Role of ${m.email}`}
                    value={m.role}
                    disabled={!canManage || changeRole.isPending}
                    title={reason}
                    onChange={(e) =>
                      changeRole.mutate(
                        { project: slug, email: m.email, role: e.target.value as Role },
                        rowAction,
                      )
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{when(m.createdAt)}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Remove ${m.email}`}
                    disabled={!canManage || removeMember.isPending}
                    title={reason}
                    onClick={() =>
                      removeMember.mutate({ project: slug, email: m.email }, rowAction)
                    }
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="add-member-title" className="panel">
        <h2 id="add-member-title">Add a member</h2>
        <form onSubmit={add} aria-label="Add a member" className="form-row">
          <fieldset disabled={!canManage || addMember.isPending}>
            <Field label="Email" name="email" type="email" required error={addMember.error} />
            <SelectField label="Role" name="role" defaultValue="viewer" error={addMember.error}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </SelectField>
            <button type="submit" title={reason}>
              Add member
            </button>
          </fieldset>
        </form>
        {reason && <Reason>{reason}.</Reason>}
        <FormError error={addMember.error} />
      </section>
    </>
  );
}
