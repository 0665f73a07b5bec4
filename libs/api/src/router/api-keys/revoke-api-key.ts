import { ApiKeysService } from '../../identity/api-keys/api-keys.service';
import { userProcedure } from '../../trpc';
import { revokeApiKeyInput, revokeApiKeyOutput } from './api-keys.types';

/** `platform.apiKeys.revoke`: the key stops working at once; revoking twice is a no-op. */
export const revokeApiKey = userProcedure
  .input(revokeApiKeyInput)
  .output(revokeApiKeyOutput)
  .mutation(({ ctx, input }) => ctx.resolve(ApiKeysService).revoke(ctx.caller, input.id));
