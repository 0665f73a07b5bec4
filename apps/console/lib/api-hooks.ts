import {
  type QueryKey,
  useInfiniteQuery,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import {
  type RouterInputs,
  SERVICE_NAMES,
  type ServiceName,
  type SextantClient,
  createClient,
} from '@sextant/client';

type In = RouterInputs['platform'];

let client: SextantClient | undefined;

/**
 * The browser's API client, through the console's own /trpc proxy. No API key: the httpOnly
 * session cookie identifies the user, and same-origin fetch (tRPC's default) sends it.
 */
export function api(): SextantClient {
  client ??= createClient({ url: window.location.origin });
  return client;
}

/** Every query's key, so that a mutation invalidates exactly what it changed. */
export const queryKeys = {
  whoami: ['platform', 'whoami'],
  users: ['platform', 'users'],
  apiKeys: ['platform', 'apiKeys'],
  projects: ['platform', 'projects'],
  project: (slug: string) => ['platform', 'projects', slug],
  audit: ['platform', 'audit'],
  health: (service: ServiceName) => ['health', service],
} as const;

/** A mutation that refreshes the queries it affects (and the audit log, which every one writes). */
function useApiMutation<I, O>(fn: (input: I) => Promise<O>, invalidates: readonly QueryKey[]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all(
        [...invalidates, queryKeys.audit].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      ),
  });
}

// Session and account

export function useWhoami(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.whoami,
    queryFn: () => api().platform.whoami.query(),
    enabled: options.enabled ?? true,
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: In['sessions']['signIn']) => api().platform.sessions.signIn.mutate(input),
    // Nothing cached for whoever used this tab before survives a sign-in.
    onSuccess: () => queryClient.removeQueries(),
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api().platform.sessions.signOut.mutate(),
    onSettled: () => queryClient.removeQueries(),
  });
}

export function useChangePassword() {
  return useApiMutation(
    (input: In['users']['changePassword']) => api().platform.users.changePassword.mutate(input),
    [queryKeys.whoami],
  );
}

// Users (platform admins)

export function useUsers(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.users,
    queryFn: () => api().platform.users.list.query(),
    enabled,
  });
}

export function useCreateUser() {
  return useApiMutation(
    (input: In['users']['create']) => api().platform.users.create.mutate(input),
    [queryKeys.users],
  );
}

export function useSetUserDisabled() {
  return useApiMutation(
    ({ id, disabled }: { id: string; disabled: boolean }) =>
      disabled
        ? api().platform.users.disable.mutate({ id })
        : api().platform.users.enable.mutate({ id }),
    [queryKeys.users],
  );
}

export function useResetPassword() {
  return useApiMutation(
    (input: In['users']['resetPassword']) => api().platform.users.resetPassword.mutate(input),
    [queryKeys.users],
  );
}

// API keys

export function useApiKeys(all: boolean) {
  return useQuery({
    queryKey: [...queryKeys.apiKeys, { all }],
    queryFn: () => api().platform.apiKeys.list.query({ all }),
  });
}

export function useCreateApiKey() {
  return useApiMutation(
    (input: In['apiKeys']['create']) => api().platform.apiKeys.create.mutate(input),
    [queryKeys.apiKeys],
  );
}

export function useRevokeApiKey() {
  return useApiMutation(
    (input: In['apiKeys']['revoke']) => api().platform.apiKeys.revoke.mutate(input),
    [queryKeys.apiKeys],
  );
}

// Projects and members

export function useProjects() {
  return useQuery({
    queryKey: queryKeys.projects,
    queryFn: () => api().platform.projects.list.query(),
  });
}

export function useCreateProject() {
  return useApiMutation(
    (input: In['projects']['create']) => api().platform.projects.create.mutate(input),
    [queryKeys.projects, queryKeys.whoami],
  );
}

export function useProject(slug: string) {
  return useQuery({
    queryKey: queryKeys.project(slug),
    queryFn: () => api().platform.projects.get.query({ project: slug }),
  });
}

export function useMembers(slug: string) {
  return useQuery({
    queryKey: [...queryKeys.project(slug), 'members'],
    queryFn: () => api().platform.projects.members.list.query({ project: slug }),
  });
}

export function useSetMember() {
  return useApiMutation(
    (input: In['projects']['members']['set']) => api().platform.projects.members.set.mutate(input),
    [queryKeys.projects],
  );
}

export function useRemoveMember() {
  return useApiMutation(
    (input: In['projects']['members']['remove']) =>
      api().platform.projects.members.remove.mutate(input),
    [queryKeys.projects],
  );
}

// Audit log (platform admins)

export type AuditFilters = Pick<In['audit']['list'], 'actor' | 'action' | 'project'>;

export function useAuditLog(filters: AuditFilters, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.audit, filters],
    queryFn: ({ pageParam }) =>
      api().platform.audit.list.query({
        ...filters,
        limit: 50,
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled,
  });
}

// Service health (public)

const HEALTH_REFRESH_MS = 5_000;

export function useServiceHealth() {
  return useQueries({
    queries: SERVICE_NAMES.map((service) => ({
      queryKey: queryKeys.health(service),
      queryFn: () => api()[service].health.query(),
      refetchInterval: HEALTH_REFRESH_MS,
      // A service that does not answer is shown down at once, not after retries.
      retry: false,
    })),
  });
}
