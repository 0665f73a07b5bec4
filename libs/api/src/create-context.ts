import { randomUUID } from 'node:crypto';
import type { ApiKeyService } from './auth/api-keys';
import type { ApiContext, PlatformDeps, Resolve } from './context';

/** Builds the per-request context from the request's headers. */
export function contextFactory(deps: {
  platform: PlatformDeps;
  keys: ApiKeyService;
  resolve: Resolve;
}): (headers: {
  authorization?: string | undefined;
  requestId?: string | undefined;
}) => Promise<ApiContext> {
  return async (headers) => {
    const check = await deps.keys.verifyHeader(headers.authorization);
    return {
      identity: check?.ok ? check.identity : null,
      authError: check && !check.ok ? check.reason : null,
      requestId: headers.requestId ?? randomUUID(),
      platform: deps.platform,
      resolve: deps.resolve,
    };
  };
}
