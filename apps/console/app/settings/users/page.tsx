'use client';

import { useState } from 'react';
import { apiProblem } from '../../../lib/api-error';
import {
  useCreateUser,
  useResetPassword,
  useSetUserDisabled,
  useUsers,
} from '../../../lib/api-hooks';
import { useMe } from '../../_components/app-shell';
import {
  Field,
  FormError,
  Reason,
  SecretOnce,
  text,
  when,
  onSubmit,
} from '../../_components/forms';

const ONLY_ADMINS = 'Only platform admins manage users';

/** A one-time password the API just returned, and for whom. */
interface IssuedPassword {
  readonly email: string;
  readonly password: string;
  readonly why: 'created' | 'reset';
}

export default function UsersPage() {
  const me = useMe();
  const users = useUsers(me.isAdmin);
  const create = useCreateUser();
  const setDisabled = useSetUserDisabled();
  const reset = useResetPassword();
  const [issued, setIssued] = useState<IssuedPassword | null>(null);

  const submit = onSubmit((form, reset) => {
    const name = text(form, 'name');
    create.mutate(
      {
        email: text(form, 'email'),
        isAdmin: form.get('isAdmin') === 'on',
        ...(name ? { name } : {}),
      },
      {
        onSuccess: ({ user, initialPassword }) => {
          setIssued({ email: user.email, password: initialPassword, why: 'created' });
          reset();
        },
      },
    );
  });

  return (
    <>
      <section aria-labelledby="new-user-title" className="panel">
        <h2 id="new-user-title">New user</h2>
        {issued && (
          <SecretOnce
            label="One-time password"
            value={issued.password}
            onDismiss={() => setIssued(null)}
          >
            <p>
              {issued.why === 'created' ? 'Created ' : 'New password for '}
              <strong>{issued.email}</strong>. Give them this one-time password; they choose their
              own at first sign-in.
            </p>
          </SecretOnce>
        )}
        <form onSubmit={submit} aria-label="New user" className="form-row">
          <fieldset disabled={!me.isAdmin || create.isPending}>
            <Field label="Email" name="email" type="email" required error={create.error} />
            <Field label="Name" name="name" error={create.error} />
            <label className="inline check">
              <input type="checkbox" name="isAdmin" /> Platform admin
            </label>
            <button type="submit" title={me.isAdmin ? undefined : ONLY_ADMINS}>
              Create user
            </button>
          </fieldset>
        </form>
        {!me.isAdmin && <Reason>{ONLY_ADMINS}.</Reason>}
        <FormError error={create.error} />
      </section>

      <section aria-labelledby="users-title">
        <h2 id="users-title">Users</h2>
        {!me.isAdmin && <p className="muted">{ONLY_ADMINS}; ask one to add or change a user.</p>}
        <FormError error={setDisabled.error ?? reset.error} />
        {users.error && <p className="error">{apiProblem(users.error).message}</p>}
        {me.isAdmin && (
          <table>
            <thead>
              <tr>
                <th>User</th>
                <th>Role</th>
                <th>Status</th>
                <th>Created</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data?.map((u) => {
                const self = u.id === me.userId;
                return (
                  <tr key={u.id}>
                    <td>
                      {u.email}
                      {self && <span className="muted"> (you)</span>}
                      {u.name && <div className="muted">{u.name}</div>}
                    </td>
                    <td>{u.isAdmin ? 'platform admin' : 'member'}</td>
                    <td>
                      {u.disabledAt ? (
                        <span className="badge badge-down">disabled</span>
                      ) : u.mustChangePassword ? (
                        <span className="badge badge-degraded">one-time password</span>
                      ) : (
                        <span className="badge badge-ok">active</span>
                      )}
                    </td>
                    <td>{when(u.createdAt)}</td>
                    <td className="actions">
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`${u.disabledAt ? 'Enable' : 'Disable'} ${u.email}`}
                        disabled={self || setDisabled.isPending}
                        title={self ? 'You cannot disable yourself' : undefined}
                        onClick={() => setDisabled.mutate({ id: u.id, disabled: !u.disabledAt })}
                      >
                        {u.disabledAt ? 'Enable' : 'Disable'}
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`Reset password of ${u.email}`}
                        disabled={reset.isPending}
                        onClick={() =>
                          reset.mutate(
                            { id: u.id },
                            {
                              onSuccess: ({ initialPassword }) =>
                                setIssued({
                                  email: u.email,
                                  password: initialPassword,
                                  why: 'reset',
                                }),
                            },
                          )
                        }
                      >
                        Reset password
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
