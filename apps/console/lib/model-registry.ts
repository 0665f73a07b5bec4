/** Links and formatting for the model registry pages (pure: no React, no API). */

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

export const modelsHref = (project: string) => `/models?${query({ project })}`;

/** A model's page. Model names may hold `/`, `:` and spaces: the name is one encoded segment. */
export const modelHref = (project: string, model: string) =>
  `/models/${encodeURIComponent(model)}?${query({ project })}`;

export const modelVersionHref = (project: string, model: string, version: number) =>
  `/models/${encodeURIComponent(model)}/versions/${version}?${query({ project })}`;

/** A version number from the URL (`/versions/3`): a positive integer, else null. */
export function versionOf(segment: string): number | null {
  if (!/^[1-9][0-9]{0,9}$/.test(segment)) return null;
  const n = Number(segment);
  return n <= 2_147_483_647 ? n : null;
}

/** Aliases in the order the pages show them: champion, challenger, then the others by name. */
export function aliasOrder(a: string, b: string): number {
  const rank = (s: string) => (s === 'champion' ? 0 : s === 'challenger' ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** A model's `{ alias → version }` as a list in page order. */
export function aliasList(
  aliases: Readonly<Record<string, number>>,
): { alias: string; version: number }[] {
  return Object.entries(aliases)
    .map(([alias, version]) => ({ alias, version }))
    .sort((a, b) => aliasOrder(a.alias, b.alias));
}

/** A byte count in binary units: `512 B`, `1.5 KiB`, `50.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** The first 12 hex digits of a hash, as git shows a commit. */
export const shortHash = (hash: string) => hash.slice(0, 12);

/**
 * A tensor's shape as ONNX tools print it: `[N, 4]`; a dimension without a name or size is `?`;
 * a tensor whose rank is unknown is `unknown rank`.
 */
export function formatShape(shape: readonly (number | string | null)[] | null): string {
  if (shape === null) return 'unknown rank';
  return `[${shape.map((d) => (d === null || d === '' ? '?' : String(d))).join(', ')}]`;
}

/** A short user id for people the page cannot name (not a member of the project, deleted). */
export const shortId = (id: string) => id.slice(0, 8);
