/** The localStorage key of the last project chosen in the picker. */
export const PROJECT_STORAGE_KEY = 'sextant.project';

/**
 * Which project the tracking pages show: the URL's `?project=` when the user is a member of it,
 * else the one remembered from last time, else the first. Null when the user has no project.
 */
export function chooseProject(
  fromUrl: string | null,
  remembered: string | null,
  projects: readonly { readonly slug: string }[],
): string | null {
  const known = (slug: string | null) => !!slug && projects.some((p) => p.slug === slug);
  if (known(fromUrl)) return fromUrl;
  if (known(remembered)) return remembered;
  return projects[0]?.slug ?? null;
}

/** A URL's query string with `project` set (the other parameters kept, in order). */
export function withProject(search: string, slug: string): string {
  const params = new URLSearchParams(search);
  params.set('project', slug);
  return `?${params.toString()}`;
}
