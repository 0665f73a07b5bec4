'use client';

import { useState } from 'react';
import type { RouterOutputs } from '@sextant/client';
import { apiProblem } from '../../../lib/api-error';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../../../lib/api-hooks';
import { ROLES, type Role } from '../../../lib/roles';
import { useMe } from '../../_components/app-shell';
import {
  Field,
  FormError,
  SecretOnce,
  SelectField,
  text,
  when,
  onSubmit,
} from '../../_components/forms';

type CreatedKey = RouterOutputs['platform']['apiKeys']['create'];

const ALL_PROJECTS = '';

export default function ApiKeysPage() {
  const me = useMe();
  const [showAll, setShowAll] = useState(false);
  const keys = useApiKeys(me.isAdmin && showAll);
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [created, setCreated] = useState<CreatedKey | null>(null);

  const submit = onSubmit((form, reset) => {
    const project = text(form, 'project');
    const deployment = text(form, 'predictOn.deployment');
    create.mutate(
      {
        name: text(form, 'name'),
        role: text(form, 'role') as Role,
        project: project === ALL_PROJECTS ? null : project,
        // The API names a wrong choice (no project, a role above viewer) under its field.
        predictOn: deployment ? { deployment } : null,
      },
      {
        onSuccess: (key) => {
          setCreated(key);
          reset();
        },
      },
    );
  });

  return (
    <>
      <section aria-labelledby="new-key-title" className="panel">
        <h2 id="new-key-title">Create an API key</h2>
        <p className="muted">
          A key acts as you, never above its role nor above your role in each project. Send it as{' '}
          <code>Authorization: Bearer sx_…</code>.
        </p>
        {created && (
          <SecretOnce label="New API key" value={created.key} onDismiss={() => setCreated(null)}>
            <p>
              <strong>{created.name}</strong>: {created.role}
              {created.project ? ` in ${created.project}` : ' in all your projects'}
              {created.predictOn && (
                <>
                  , only for predicting on <code>{created.predictOn.deployment}</code>
                </>
              )}
              .
            </p>
          </SecretOnce>
        )}
        <form onSubmit={submit} aria-label="Create an API key" className="form-row">
          <fieldset disabled={create.isPending}>
            <Field
              label="Name"
              name="name"
              required
              placeholder="github-actions"
              error={create.error}
            />
            <SelectField label="Role" name="role" defaultValue="viewer" error={create.error}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Project"
              name="project"
              defaultValue={ALL_PROJECTS}
              error={create.error}
            >
              <option value={ALL_PROJECTS}>All my projects</option>
              {me.projects.map((p) => (
                <option key={p.slug} value={p.slug}>
                  {p.name} ({p.slug})
                </option>
              ))}
            </SelectField>
            <Field
              label="Only for predicting on deployment"
              name="predictOn.deployment"
              placeholder="credit-risk"
              hint="Optional. Such a key calls only that deployment's inference routes (a viewer of the chosen project); leave empty for an ordinary key."
              error={create.error}
            />
            <button type="submit">Create key</button>
          </fieldset>
        </form>
        <FormError error={create.error} />
      </section>

      <section aria-labelledby="keys-title">
        <div className="section-head">
          <h2 id="keys-title">{showAll ? 'Every user’s API keys' : 'Your API keys'}</h2>
          {me.isAdmin && (
            <label className="inline">
              <input
                type="checkbox"
                checked={showAll}
                onChange={(e) => setShowAll(e.target.checked)}
              />{' '}
              Show every user’s keys
            </label>
          )}
        </div>
        <FormError error={revoke.error} />
        {keys.error && <p className="error">{apiProblem(keys.error).message}</p>}
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Prefix</th>
              <th>Role</th>
              <th>Project</th>
              {showAll && <th>User</th>}
              <th>Last used</th>
              <th>Status</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data?.map((k) => (
              <tr key={k.id} data-revoked={k.revokedAt ? 'true' : undefined}>
                <td>{k.name}</td>
                <td>
                  <code>sx_{k.prefix}_…</code>
                </td>
                <td>{k.role}</td>
                <td>
                  {k.project ?? <span className="muted">all projects</span>}
                  {k.predictOn && (
                    <>
                      {' '}
                      <span className="muted">
                        (only predicts on <code>{k.predictOn.deployment}</code>)
                      </span>
                    </>
                  )}
                </td>
                {showAll && <td>{k.email}</td>}
                <td>{k.lastUsedAt ? when(k.lastUsedAt) : <span className="muted">never</span>}</td>
                <td>
                  {k.revokedAt ? (
                    <span className="badge badge-down" title={when(k.revokedAt)}>
                      revoked
                    </span>
                  ) : (
                    <span className="badge badge-ok">active</span>
                  )}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Revoke ${k.name}`}
                    disabled={!!k.revokedAt || revoke.isPending}
                    title={k.revokedAt ? 'Already revoked' : undefined}
                    onClick={() => revoke.mutate({ id: k.id })}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
            {keys.data?.length === 0 && (
              <tr>
                <td colSpan={8} className="muted">
                  No API keys yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </>
  );
}
