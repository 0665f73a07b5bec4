'use client';

import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, createContext, useContext, useEffect } from 'react';
import type { RouterOutputs } from '@sextant/client';
import { apiProblem, statusOf } from '../../lib/api-error';
import { useWhoami } from '../../lib/api-hooks';
import { Nav } from './nav';

export type Me = RouterOutputs['platform']['whoami'];

const MeContext = createContext<Me | null>(null);

/** The signed-in user; only for pages inside the shell, which renders them once whoami answered. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() outside the signed-in shell');
  return me;
}

export const SIGN_IN_PATH = '/sign-in';
export const CHANGE_PASSWORD_PATH = '/account/password';

/** Where to go after signing in: only a path on this site (never `//elsewhere`). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && next !== SIGN_IN_PATH
    ? next
    : '/';
}

/**
 * The gate in front of every page: not signed in (whoami answers 401) → /sign-in; a password to
 * change first → /account/password; else the shell with the navigation. The API stays the
 * authority: this only spares the user pages that would answer 401.
 */
export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const router = useRouter();
  const isSignIn = pathname === SIGN_IN_PATH;
  const whoami = useWhoami({ enabled: !isSignIn });
  const me = whoami.data;
  const signedOut = statusOf(whoami.error) === 401;
  const mustChange = !!me?.mustChangePassword && !whoami.error;

  useEffect(() => {
    if (isSignIn) return;
    if (signedOut) {
      const next = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname)}`;
      router.replace(`${SIGN_IN_PATH}${next}`);
    } else if (mustChange && pathname !== CHANGE_PASSWORD_PATH) {
      router.replace(CHANGE_PASSWORD_PATH);
    }
  }, [isSignIn, signedOut, mustChange, pathname, router]);

  if (isSignIn) return <main className="auth-page">{children}</main>;
  if (whoami.error && !signedOut) {
    return (
      <main className="auth-page">
        <div className="auth-card" role="alert">
          <h1>Sextant is unreachable</h1>
          <p className="error">{apiProblem(whoami.error).message}</p>
          <button type="button" onClick={() => void whoami.refetch()}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (!me || signedOut || (mustChange && pathname !== CHANGE_PASSWORD_PATH)) {
    return (
      <main className="auth-page" aria-busy="true">
        <p className="muted">Loading…</p>
      </main>
    );
  }
  return (
    <MeContext.Provider value={me}>
      {mustChange ? (
        <main className="auth-page">{children}</main>
      ) : (
        <div className="shell">
          <Nav me={me} />
          <main className="content">{children}</main>
        </div>
      )}
    </MeContext.Provider>
  );
}
