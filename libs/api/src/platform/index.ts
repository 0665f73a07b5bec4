import { healthProcedure } from '../health';
import { router } from '../trpc';
import { createApiKey } from './create-api-key';
import { listApiKeys } from './list-api-keys';
import { revokeApiKey } from './revoke-api-key';
import { whoami } from './whoami';

/** Served by every process at /trpc/platform: identity and API keys, over the platform schema. */
export const platformRouter = router({
  health: healthProcedure('platform'),
  whoami,
  apiKeys: router({ create: createApiKey, list: listApiKeys, revoke: revokeApiKey }),
});
export type PlatformRouter = typeof platformRouter;
