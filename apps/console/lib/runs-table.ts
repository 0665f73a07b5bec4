/**
 * The runs table's pure parts: how a column is named in the search language (for `orderBy`),
 * the sort in the URL, the "1–50 of 10,000" line, the chosen metric and param columns, and the
 * selection of runs to compare.
 */

/** The runs the table fetches per page: one page is all that is ever in the browser. */
export const RUNS_PAGE_SIZE = 50;

/** `runs.compare` takes at most this many runs. */
export const MAX_COMPARED = 10;

/** Run attributes the table can sort by, as the search language names them. */
export const SORTABLE_ATTRIBUTES = ['run_name', 'status', 'start_time', 'end_time'] as const;
export type SortableAttribute = (typeof SORTABLE_ATTRIBUTES)[number];

/** A sortable column: a run attribute, or one metric or param key. */
export type ColumnRef =
  | { readonly kind: 'attribute'; readonly key: SortableAttribute }
  | { readonly kind: 'metric' | 'param'; readonly key: string };

export type SortDirection = 'asc' | 'desc';

export interface Sort {
  readonly column: ColumnRef;
  readonly direction: SortDirection;
}

/** What the API does without an `orderBy`: newest first. */
export const DEFAULT_SORT: Sort = {
  column: { kind: 'attribute', key: 'start_time' },
  direction: 'desc',
};

const BARE_KEY = /^[A-Za-z0-9_\-./:]+$/;
const PREFIX = { attribute: 'attributes', metric: 'metrics', param: 'params' } as const;

/** A key as the filter language reads it: bare when it can be, else in backticks. */
export function quoteKey(key: string): string {
  return BARE_KEY.test(key) ? key : `\`${key.replaceAll('`', '``')}\``;
}

/** The column's name in the search language: `metrics.auc`, ``params.`batch size` ``. */
export function searchName(column: ColumnRef): string {
  return `${PREFIX[column.kind]}.${quoteKey(column.key)}`;
}

/** The `orderBy` of `runs.search` for a sort: `["metrics.auc DESC"]`. */
export function orderByOf(sort: Sort): string[] {
  return [`${searchName(sort.column)} ${sort.direction.toUpperCase()}`];
}

/** Clicking a column: a new column sorts descending first (best metric on top), then toggles. */
export function nextSort(current: Sort, column: ColumnRef): Sort {
  if (sameColumn(current.column, column)) {
    return { column, direction: current.direction === 'desc' ? 'asc' : 'desc' };
  }
  return { column, direction: 'desc' };
}

export function sameColumn(a: ColumnRef, b: ColumnRef): boolean {
  return a.kind === b.kind && a.key === b.key;
}

/** The sort as two URL parameters: `sort=metric:auc`, `dir=desc`. */
export function sortToParams(sort: Sort): { sort: string; dir: SortDirection } {
  return { sort: `${sort.column.kind}:${sort.column.key}`, dir: sort.direction };
}

/** The sort from the URL's parameters; the default for anything it cannot read. */
export function sortFromParams(sort: string | null, dir: string | null): Sort {
  if (!sort) return DEFAULT_SORT;
  const colon = sort.indexOf(':');
  const kind = sort.slice(0, colon);
  const key = sort.slice(colon + 1);
  const direction: SortDirection = dir === 'asc' ? 'asc' : 'desc';
  if (colon < 1 || !key) return DEFAULT_SORT;
  if (kind === 'attribute') {
    return (SORTABLE_ATTRIBUTES as readonly string[]).includes(key)
      ? { column: { kind, key: key as SortableAttribute }, direction }
      : DEFAULT_SORT;
  }
  if (kind === 'metric' || kind === 'param') return { column: { kind, key }, direction };
  return DEFAULT_SORT;
}

/** "1–50 of 10,000" for the rows shown from `offset` (0-based). */
export function pageRange(offset: number, shown: number, total: number): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  if (shown === 0) return total === 0 ? 'No runs' : `0 of ${fmt(total)}`;
  return `${fmt(offset + 1)}–${fmt(offset + shown)} of ${fmt(total)}`;
}

/** The metric and param columns shown, as remembered per experiment. */
export interface ColumnChoice {
  readonly metrics: readonly string[];
  readonly params: readonly string[];
}

/** When nothing was chosen yet: the first metrics and params seen, up to these counts. */
export const DEFAULT_METRIC_COLUMNS = 6;
export const DEFAULT_PARAM_COLUMNS = 4;

/** The default choice from the keys the runs on screen have. */
export function defaultColumns(metricKeys: readonly string[], paramKeys: readonly string[]) {
  return {
    metrics: metricKeys.slice(0, DEFAULT_METRIC_COLUMNS),
    params: paramKeys.slice(0, DEFAULT_PARAM_COLUMNS),
  } satisfies ColumnChoice;
}

const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

/** A choice read back from storage; null when there is none or it is not one. */
export function parseColumnChoice(stored: string | null): ColumnChoice | null {
  if (!stored) return null;
  try {
    const value = JSON.parse(stored) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const { metrics, params } = value as Record<string, unknown>;
    return isStrings(metrics) && isStrings(params) ? { metrics, params } : null;
  } catch {
    return null;
  }
}

/** The localStorage key of an experiment's columns. */
export function columnsStorageKey(project: string, experiment: string): string {
  return `sextant.runs.columns:${project}:${experiment}`;
}

/** Every key the runs have, sorted, each once. */
export function keysOf(records: readonly Readonly<Record<string, unknown>>[]): string[] {
  const keys = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) keys.add(k);
  return [...keys].sort((a, b) => a.localeCompare(b));
}

/**
 * Selecting or unselecting a run to compare. Selecting past {@link MAX_COMPARED} changes nothing
 * (the checkbox is disabled then; this is the same rule for any other caller).
 */
export function toggleSelected(selected: readonly string[], id: string): string[] {
  if (selected.includes(id)) return selected.filter((s) => s !== id);
  return selected.length >= MAX_COMPARED ? [...selected] : [...selected, id];
}

/** How long a run took ("3 min 20 s"), or "running" without an end. */
export function duration(startIso: string, endIso: string | null): string {
  if (!endIso) return '—';
  const seconds = Math.max(0, Math.round((Date.parse(endIso) - Date.parse(startIso)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
