import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { RouterInputs, RouterOutputs } from '@sextant/client';
import { api } from './api-hooks';
import { PREVIEW_MAX_BYTES, artifactUrl } from './artifact-preview';
import { RUNS_PAGE_SIZE } from './runs-table';

type In = RouterInputs['tracking'];
type Out = RouterOutputs['tracking'];

export type Experiment = Out['experiments']['list'][number];
export type RunSummary = Out['runs']['search']['runs'][number];
export type RunsPage = Out['runs']['search'];
export type RunDetail = Out['runs']['get'];
export type CompareResult = Out['runs']['compare'];
export type MetricHistory = Out['metrics']['history'];
export type Artifact = Out['artifacts']['list'][number];
export type ExperimentView = NonNullable<In['experiments']['list']['view']>;

/** The tracking pages' query keys: every one starts with the project, so a switch refetches. */
export const trackingKeys = {
  all: (project: string) => ['tracking', project] as const,
  experiments: (project: string) => ['tracking', project, 'experiments'] as const,
  runs: (project: string) => ['tracking', project, 'runs'] as const,
  search: (project: string, query: RunsQuery, cursor: string | null) =>
    ['tracking', project, 'runs', 'search', query, cursor] as const,
  run: (project: string, runId: string) => ['tracking', project, 'runs', 'get', runId] as const,
  compare: (project: string, runIds: readonly string[]) =>
    ['tracking', project, 'runs', 'compare', runIds] as const,
  history: (project: string, runId: string, key: string, maxPoints: number) =>
    ['tracking', project, 'metrics', runId, key, maxPoints] as const,
  artifacts: (project: string, runId: string) => ['tracking', project, 'artifacts', runId] as const,
};

// Experiments

export function useExperiments(project: string | null, view: ExperimentView) {
  return useQuery({
    queryKey: [...trackingKeys.experiments(project ?? ''), view],
    queryFn: () => api().tracking.experiments.list.query({ project: project!, view }),
    enabled: !!project,
  });
}

export function useExperiment(project: string | null, experiment: string | null) {
  return useQuery({
    queryKey: [...trackingKeys.experiments(project ?? ''), 'get', experiment],
    queryFn: () =>
      api().tracking.experiments.get.query({ project: project!, experiment: experiment! }),
    enabled: !!project && !!experiment,
  });
}

export function useCreateExperiment(project: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<In['experiments']['create'], 'project'>) =>
      api().tracking.experiments.create.mutate({ ...input, project }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trackingKeys.experiments(project) }),
  });
}

// Runs

/** One search of the runs table, without its page (the cursor). */
export interface RunsQuery {
  readonly experiment: string | null;
  readonly filter: string;
  readonly orderBy: readonly string[];
}

/** The `runs.search` call for one page of the runs table: never more than {@link RUNS_PAGE_SIZE}. */
export function searchRunsPage(project: string, query: RunsQuery, cursor: string | null) {
  return api().tracking.runs.search.query({
    project,
    ...(query.experiment ? { experiments: [query.experiment] } : {}),
    ...(query.filter.trim() ? { filter: query.filter } : {}),
    orderBy: [...query.orderBy],
    limit: RUNS_PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  });
}

/** The query options of one page of runs, shared by the table and the filter's trial fetch. */
export function runsPageQuery(project: string, query: RunsQuery, cursor: string | null) {
  return {
    queryKey: trackingKeys.search(project, query, cursor),
    queryFn: () => searchRunsPage(project, query, cursor),
  };
}

/** One page of the runs table; the previous page stays on screen while the next one loads. */
export function useRunsPage(project: string | null, query: RunsQuery, cursor: string | null) {
  return useQuery({
    ...runsPageQuery(project ?? '', query, cursor),
    enabled: !!project,
    placeholderData: keepPreviousData,
  });
}

/** Runs of an experiment to overlay on a chart: the newest page (names and ids only are used). */
export function useExperimentRuns(project: string, experiment: string | null) {
  return useQuery({
    ...runsPageQuery(project, { experiment, filter: '', orderBy: [] }, null),
    enabled: !!experiment,
  });
}

export function useRun(project: string | null, runId: string) {
  return useQuery({
    queryKey: trackingKeys.run(project ?? '', runId),
    queryFn: () => api().tracking.runs.get.query({ project: project!, runId }),
    enabled: !!project,
  });
}

export function useCompare(project: string | null, runIds: readonly string[]) {
  return useQuery({
    queryKey: trackingKeys.compare(project ?? '', runIds),
    queryFn: () => api().tracking.runs.compare.query({ project: project!, runIds: [...runIds] }),
    enabled: !!project && runIds.length > 0,
  });
}

// Metrics and artifacts

/** Points per curve: about a chart's width in pixels (the API keeps each bucket's min and max). */
export const CHART_MAX_POINTS = 1000;

/** The histories of one metric key for several runs (a chart's curves), fetched in parallel. */
export function useMetricHistories(project: string, runIds: readonly string[], key: string) {
  return useQueries({
    queries: runIds.map((runId) => ({
      queryKey: trackingKeys.history(project, runId, key, CHART_MAX_POINTS),
      queryFn: () =>
        api().tracking.metrics.history.query({
          project,
          runId,
          key,
          maxPoints: CHART_MAX_POINTS,
        }),
      // A run may lack the key: an overlaid run without it simply draws no curve.
      retry: false,
    })),
  });
}

export function useArtifacts(project: string, runId: string) {
  return useQuery({
    queryKey: trackingKeys.artifacts(project, runId),
    queryFn: () => api().tracking.artifacts.list.query({ project, runId }),
  });
}

/** The first {@link PREVIEW_MAX_BYTES} of an artifact, as text; `truncated` when there is more. */
export interface ArtifactText {
  readonly text: string;
  readonly truncated: boolean;
}

/**
 * Reads the start of an artifact through the REST route (the session cookie authenticates it) and
 * stops reading there: a 2 GB file costs the browser 100 KB.
 */
export async function fetchArtifactText(runId: string, path: string): Promise<ArtifactText> {
  const res = await fetch(artifactUrl(runId, path), { credentials: 'same-origin' });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `Could not read ${path} (HTTP ${res.status})`);
  }
  if (!res.body) return { text: '', truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.byteLength;
    if (bytes > PREVIEW_MAX_BYTES) {
      truncated = true;
      await reader.cancel();
      break;
    }
  }
  const all = new Uint8Array(Math.min(bytes, PREVIEW_MAX_BYTES));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, all.length - at);
    all.set(part, at);
    at += part.length;
    if (at >= all.length) break;
  }
  // A UTF-8 sequence cut at the limit decodes to one replacement character at the very end.
  return { text: new TextDecoder().decode(all), truncated };
}

export function useArtifactText(runId: string, path: string | null) {
  return useQuery({
    queryKey: ['artifact-text', runId, path],
    queryFn: () => fetchArtifactText(runId, path!),
    enabled: !!path,
    staleTime: Infinity,
    retry: false,
  });
}

// Model registry

export type ModelSummary = Out['models']['list'][number];
export type ModelDetail = Out['models']['get'];
export type ModelVersion = Out['models']['getVersion'];
export type AliasMoveEntry = Out['models']['aliasHistory'][number];
export type AliasAt = Out['models']['aliasAt'];
export type ModelLineage = Out['models']['lineage'];
export type GateDecision = Out['gates']['list']['items'][number];
export type GateCheck = GateDecision['checks'][number];

/** The registry's query keys: all under the project's models, so one alias move refreshes them. */
export const modelKeys = {
  all: (project: string) => ['tracking', project, 'models'] as const,
  model: (project: string, model: string) => ['tracking', project, 'models', model] as const,
  version: (project: string, model: string, version: number) =>
    ['tracking', project, 'models', model, 'versions', version] as const,
  lineage: (project: string, model: string, version: number) =>
    ['tracking', project, 'models', model, 'versions', version, 'lineage'] as const,
  history: (project: string, model: string) =>
    ['tracking', project, 'models', model, 'alias-history'] as const,
  aliasAt: (project: string, model: string, alias: string, at: string) =>
    ['tracking', project, 'models', model, 'alias-at', alias, at] as const,
  gates: (project: string, model: string) =>
    ['tracking', project, 'models', model, 'gates'] as const,
};

export function useModels(project: string | null) {
  return useQuery({
    queryKey: modelKeys.all(project ?? ''),
    queryFn: () => api().tracking.models.list.query({ project: project! }),
    enabled: !!project,
  });
}

export function useModel(project: string, model: string) {
  return useQuery({
    queryKey: modelKeys.model(project, model),
    queryFn: () => api().tracking.models.get.query({ project, model }),
  });
}

export function useModelVersion(project: string, model: string, version: number) {
  return useQuery({
    queryKey: modelKeys.version(project, model, version),
    queryFn: () => api().tracking.models.getVersion.query({ project, model, version }),
  });
}

export function useLineage(project: string, model: string, version: number) {
  return useQuery({
    queryKey: modelKeys.lineage(project, model, version),
    queryFn: () => api().tracking.models.lineage.query({ project, model, version }),
  });
}

/** Every move of the model's aliases, newest first. */
export function useAliasHistory(project: string, model: string) {
  return useQuery({
    queryKey: modelKeys.history(project, model),
    queryFn: () => api().tracking.models.aliasHistory.query({ project, model }),
  });
}

/** What `alias` pointed to at `at` (an ISO time), as the API answers it. */
export function useAliasAt(project: string, model: string, alias: string, at: string | null) {
  return useQuery({
    queryKey: modelKeys.aliasAt(project, model, alias, at ?? ''),
    queryFn: () => api().tracking.models.aliasAt.query({ project, model, alias, at: at! }),
    enabled: !!at,
  });
}

/** Decisions per page of the gate decisions table. */
export const GATES_PAGE_SIZE = 20;

/** The model's promotion-gate decisions, newest first, a page at a time. */
export function useGateDecisions(project: string, model: string) {
  return useInfiniteQuery({
    queryKey: modelKeys.gates(project, model),
    queryFn: ({ pageParam }) =>
      api().tracking.gates.list.query({
        project,
        model,
        limit: GATES_PAGE_SIZE,
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

/** Points an alias at a version (an editor's move, with its reason kept in the history). */
export function useSetAlias(project: string, model: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<In['models']['setAlias'], 'project' | 'model'>) =>
      api().tracking.models.setAlias.mutate({ ...input, project, model }),
    // The list's badges, the versions' aliases, the history and the lineage all show it.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: modelKeys.all(project) }),
  });
}
