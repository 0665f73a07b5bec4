'use client';

import { useRouter } from 'next/navigation';
import { useSignIn } from '../../lib/api-hooks';
import { CHANGE_PASSWORD_PATH, safeNext } from '../_components/app-shell';
import { Field, FormError, text, onSubmit } from '../_components/forms';

export default function SignInPage() {
  const router = useRouter();
  const signIn = useSignIn();

  const submit = onSubmit((form) => {
    signIn.mutate(
      { email: text(form, 'email'), password: String(form.get('password') ?? '') },
      {
        onSuccess: (session) => {
          const next = safeNext(new URLSearchParams(window.location.search).get('next'));
          router.replace(session.mustChangePassword ? CHANGE_PASSWORD_PATH : next);
        },
      },
    );
  });

  return (
    <div className="auth-card">
      <div className="brand-dark">
        <span aria-hidden>◭</span> Sextant
      </div>
      <h1>Sign in</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          error={signIn.error}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={signIn.error}
        />
        <FormError error={signIn.error} />
        <button type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="muted">
        First start? The admin is admin@sextant.local; its one-time password was printed by{' '}
        <code>sextant up</code>.
      </p>
    </div>
  );
}
