'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useId } from 'react';
import { apiProblem } from '../../lib/api-error';
import { useProjects } from '../../lib/api-hooks';
import { useLocalStorage } from '../../lib/local-storage';
import { PROJECT_STORAGE_KEY, chooseProject, withProject } from '../../lib/project-choice';
import type { Role } from '../../lib/roles';

/** The pages that show one project's data, and so carry `?project=` in their URL. */
const PROJECT_PAGES = [
  '/experiments',
  '/runs',
  '/compare',
  '/models',
  '/deployments',
  '/monitoring',
];

const isProjectPage = (pathname: string) =>
  PROJECT_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`));

export interface ProjectScope {
  /** The project the page shows; null while loading or when the user has none. */
  readonly project: string | null;
  /** The user's role in it (a platform admin's is admin). */
  readonly role: Role | null;
  readonly projectName: string | null;
  readonly isPending: boolean;
  /** Why the projects could not be listed. */
  readonly error: string | null;
  /** The user is a member of no project. */
  readonly none: boolean;
}

/**
 * The project the tracking pages work in: `?project=` in the URL, else the one chosen last time
 * in this browser, else the first. It is written back to the URL (so a link shares it) and
 * remembered (so the next visit starts there).
 */
export function useProjectScope(): ProjectScope {
  const projects = useProjects();
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const [remembered, remember] = useLocalStorage(PROJECT_STORAGE_KEY);
  const fromUrl = params.get('project');
  const list = projects.data ?? [];
  const project = projects.data ? chooseProject(fromUrl, remembered, list) : null;
  const entry = list.find((p) => p.slug === project);

  useEffect(() => {
    if (!project) return;
    if (project !== remembered) remember(project);
    if (project !== fromUrl && isProjectPage(pathname)) {
      router.replace(`${pathname}${withProject(window.location.search, project)}`);
    }
  }, [project, remembered, remember, fromUrl, pathname, router]);

  return {
    project,
    role: entry?.role ?? null,
    projectName: entry?.name ?? null,
    isPending: projects.isPending,
    error: projects.error ? apiProblem(projects.error).message : null,
    none: !!projects.data && projects.data.length === 0,
  };
}

/**
 * The project picker in the shell. Choosing another project on a page of one run or one
 * experiment goes to that project's experiments (the run is not in the other project).
 */
export function ProjectPicker() {
  const id = useId();
  const projects = useProjects();
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const [remembered, remember] = useLocalStorage(PROJECT_STORAGE_KEY);
  const list = projects.data ?? [];
  const current = chooseProject(params.get('project'), remembered, list);
  if (list.length === 0) return null;

  const choose = (slug: string) => {
    remember(slug);
    if (pathname === '/experiments' || pathname === '/models' || pathname === '/deployments') {
      router.replace(`${pathname}?project=${slug}`);
    } else if (pathname.startsWith('/models/')) router.push(`/models?project=${slug}`);
    else if (pathname.startsWith('/deployments/')) router.push(`/deployments?project=${slug}`);
    else if (pathname.startsWith('/monitoring')) router.push(`/monitoring?project=${slug}`);
    else if (isProjectPage(pathname)) router.push(`/experiments?project=${slug}`);
  };

  return (
    <div className="project-picker">
      <label htmlFor={id}>Project</label>
      <select id={id} value={current ?? ''} onChange={(e) => choose(e.target.value)}>
        {list.map((p) => (
          <option key={p.slug} value={p.slug}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** What a project page shows instead of its content until there is a project to show. */
export function ProjectGate({ scope }: { scope: ProjectScope }) {
  if (scope.error) {
    return (
      <p className="error" role="alert">
        {scope.error}
      </p>
    );
  }
  if (scope.none) {
    return (
      <div className="empty">
        You are not a member of any project yet. A platform admin adds you to one in Settings →
        Projects.
      </div>
    );
  }
  return <p className="muted">Loading…</p>;
}
