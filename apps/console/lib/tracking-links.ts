/** Links between the tracking pages; every one carries the project. */

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

export const experimentsHref = (project: string) => `/experiments?${query({ project })}`;

/** The runs table of an experiment. */
export const runsHref = (project: string, experiment: string) =>
  `/runs?${query({ project, experiment })}`;

export const runHref = (project: string, runId: string) =>
  `/runs/${encodeURIComponent(runId)}?${query({ project })}`;

export const compareHref = (project: string, runIds: readonly string[]) =>
  `/compare?${query({ project, runs: runIds.join(',') })}`;

/** The run ids of `?runs=a,b,c`: each once, at most `max`. */
export function runIdsOf(param: string | null, max: number): string[] {
  if (!param) return [];
  const ids = param
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return [...new Set(ids)].slice(0, max);
}
