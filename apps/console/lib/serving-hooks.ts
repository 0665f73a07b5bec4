import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RouterInputs, RouterOutputs } from '@sextant/client';
import { api } from './api-hooks';

type In = RouterInputs['serving']['deployments'];
type Out = RouterOutputs['serving']['deployments'];

export type DeploymentSummary = Out['list'][number];
export type DeploymentRevision = Out['revisions'][number];
export type DeploymentSpec = DeploymentRevision['spec'];
export type DeploymentTraffic = Out['traffic'];
export type ShadowReport = Out['shadowReport'];
export type UpdateDeploymentFields = Omit<In['update'], 'project' | 'deployment'>;

/** How often the live figures (traffic, the shadow report) are read again. */
export const LIVE_REFRESH_MS = 2_000;

/** The serving pages' query keys: all under the project's deployments, so one change refreshes them. */
export const deploymentKeys = {
  all: (project: string) => ['serving', project, 'deployments'] as const,
  deployment: (project: string, deployment: string) =>
    ['serving', project, 'deployments', deployment] as const,
  revisions: (project: string, deployment: string) =>
    ['serving', project, 'deployments', deployment, 'revisions'] as const,
  traffic: (project: string, deployment: string) =>
    ['serving', project, 'deployments', deployment, 'traffic'] as const,
  shadow: (project: string, deployment: string) =>
    ['serving', project, 'deployments', deployment, 'shadow'] as const,
};

export function useDeployments(project: string | null) {
  return useQuery({
    queryKey: deploymentKeys.all(project ?? ''),
    // The procedure declares `.input(z.object({}))`, whose inferred type (an index signature of
    // `never`) refuses even the `project` every procedure takes; the call is valid at run time.
    queryFn: () => api().serving.deployments.list.query({ project: project! } as In['list']),
    enabled: !!project,
  });
}

export function useDeployment(project: string, deployment: string) {
  return useQuery({
    queryKey: deploymentKeys.deployment(project, deployment),
    queryFn: () => api().serving.deployments.get.query({ project, deployment }),
    // The revision live on this replica changes on its own (an alias move, an automatic rollback).
    refetchInterval: LIVE_REFRESH_MS * 5,
  });
}

/** A deployment's revisions, newest first. */
export function useRevisions(project: string, deployment: string) {
  return useQuery({
    queryKey: deploymentKeys.revisions(project, deployment),
    queryFn: () => api().serving.deployments.revisions.query({ project, deployment }),
    refetchInterval: LIVE_REFRESH_MS * 5,
  });
}

function trafficQuery(project: string, deployment: string) {
  return {
    queryKey: deploymentKeys.traffic(project, deployment),
    queryFn: () => api().serving.deployments.traffic.query({ project, deployment }),
    refetchInterval: LIVE_REFRESH_MS,
    // A deployment that is still loading answers 404 until it serves: the next tick asks again.
    retry: false,
  };
}

/** Requests, errors, req/s and p50/p99 per route over the last minute, read every 2 s. */
export function useTraffic(project: string, deployment: string) {
  return useQuery(trafficQuery(project, deployment));
}

/** The live traffic of every deployment of a list, each read every 2 s. */
export function useTrafficOf(project: string, deployments: readonly string[]) {
  return useQueries({ queries: deployments.map((d) => trafficQuery(project, d)) });
}

/** The champion-vs-challenger shadow report, read every 2 s while it is shown. */
export function useShadowReport(project: string, deployment: string, enabled: boolean) {
  return useQuery({
    queryKey: deploymentKeys.shadow(project, deployment),
    queryFn: () => api().serving.deployments.shadowReport.query({ project, deployment }),
    refetchInterval: LIVE_REFRESH_MS,
    retry: false,
    enabled,
  });
}

/** A new revision with the given fields changed (an editor's traffic change, with its reason). */
export function useUpdateDeployment(project: string, deployment: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (fields: UpdateDeploymentFields) =>
      api().serving.deployments.update.mutate({ ...fields, project, deployment }),
    onSuccess: (summary) => {
      queryClient.setQueryData(deploymentKeys.deployment(project, deployment), summary);
      return queryClient.invalidateQueries({ queryKey: deploymentKeys.all(project) });
    },
  });
}

/** Back to an earlier revision in one call: a new revision restoring it. */
export function useRollback(project: string, deployment: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { toRevision: number; reason?: string }) =>
      api().serving.deployments.rollback.mutate({ ...input, project, deployment }),
    onSuccess: (summary) => {
      queryClient.setQueryData(deploymentKeys.deployment(project, deployment), summary);
      return queryClient.invalidateQueries({ queryKey: deploymentKeys.all(project) });
    },
  });
}
