'use client';

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { statusOf } from './api-error';
import { queryKeys } from './api-hooks';

function makeQueryClient(): QueryClient {
  // A 401 anywhere means the session ended: asking whoami again lets the shell send the user to
  // sign in (whoami's own 401 is the shell's business, not a reason to ask again).
  const onError = (error: unknown, key?: readonly unknown[]) => {
    if (statusOf(error) === 401 && key?.[1] !== queryKeys.whoami[1]) {
      void client.invalidateQueries({ queryKey: queryKeys.whoami });
    }
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => onError(error, query.queryKey) }),
    mutationCache: new MutationCache({ onError: (error) => onError(error) }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // A 4xx will not change by asking again; an outage (5xx, no answer) may.
        retry: (failures, error) => {
          const status = statusOf(error);
          return failures < 2 && (status === null || status >= 500);
        },
      },
    },
  });
  return client;
}

/** The console's one QueryClient, made once per browser tab. */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(makeQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
