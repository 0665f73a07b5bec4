'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useChangePassword } from '../../../lib/api-hooks';
import { useMe } from '../../_components/app-shell';
import { Field, FormError, onSubmit } from '../../_components/forms';

const MIN_LENGTH = 12;

export default function ChangePasswordPage() {
  const me = useMe();
  const router = useRouter();
  const change = useChangePassword();
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);

  const submit = onSubmit((form) => {
    const newPassword = String(form.get('newPassword') ?? '');
    const confirmation = String(form.get('confirm') ?? '');
    setMismatch(newPassword !== confirmation);
    if (newPassword !== confirmation) return;
    change.mutate(
      { currentPassword: String(form.get('currentPassword') ?? ''), newPassword },
      {
        onSuccess: () => {
          if (me.mustChangePassword) router.replace('/');
          else setDone(true);
        },
      },
    );
  });

  return (
    <div className={me.mustChangePassword ? 'auth-card' : 'panel narrow'}>
      <h1>Change your password</h1>
      {me.mustChangePassword && (
        <p className="lead">
          You signed in with a one-time password. Choose your own before you go on.
        </p>
      )}
      <form onSubmit={submit} aria-label="Change password">
        <p className="muted">Signed in as {me.email}</p>
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          error={change.error}
        />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          minLength={MIN_LENGTH}
          required
          hint={`At least ${MIN_LENGTH} characters.`}
          error={change.error}
        />
        <Field
          label="Confirm new password"
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
        />
        {mismatch && (
          <p className="form-error" role="alert">
            The two new passwords differ.
          </p>
        )}
        <FormError error={change.error} />
        {done && <p role="status">Your password was changed.</p>}
        <button type="submit" disabled={change.isPending}>
          {change.isPending ? 'Saving…' : 'Change password'}
        </button>
      </form>
    </div>
  );
}
