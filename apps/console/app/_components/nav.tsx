'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { Suspense } from 'react';
import { useSignOut } from '../../lib/api-hooks';
import type { Me } from './app-shell';
import { ProjectPicker } from './project-picker';

export const SECTIONS = [
  // A run's page and the comparison belong to the experiments section.
  { href: '/experiments', label: 'Experiments', also: ['/runs', '/compare'] },
  { href: '/models', label: 'Models' },
  { href: '/deployments', label: 'Deployments' },
  { href: '/pipelines', label: 'Pipelines' },
  { href: '/monitoring', label: 'Monitoring' },
  { href: '/settings', label: 'Settings' },
] as const;

export function Nav({ me }: { me: Me }) {
  const pathname = usePathname();
  const router = useRouter();
  const signOut = useSignOut();
  return (
    <nav className="nav" aria-label="Main">
      <Link href="/" className="brand">
        <span aria-hidden>◭</span> Sextant
      </Link>
      {/* It reads ?project= (useSearchParams), which needs a boundary for static rendering. */}
      <Suspense fallback={null}>
        <ProjectPicker />
      </Suspense>
      <ul>
        {SECTIONS.map((s) => (
          <li key={s.href}>
            <Link
              href={s.href}
              aria-current={
                [s.href, ...('also' in s ? s.also : [])].some((p) => pathname.startsWith(p))
                  ? 'page'
                  : undefined
              }
            >
              {s.label}
            </Link>
          </li>
        ))}
      </ul>
      <section className="nav-user" aria-label="Signed in">
        <span className="nav-email" data-testid="signed-in-as">
          {me.email}
        </span>
        <span className="nav-role">{me.isAdmin ? 'platform admin' : 'member'}</span>
        <Link href="/account/password" className="nav-link">
          Change password
        </Link>
        <button
          type="button"
          className="nav-signout"
          disabled={signOut.isPending}
          onClick={() => signOut.mutate(undefined, { onSettled: () => router.replace('/sign-in') })}
        >
          Sign out
        </button>
      </section>
    </nav>
  );
}
