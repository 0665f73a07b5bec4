import { ApiKeysService } from '../../identity/api-keys/api-keys.service';
import { userProcedure } from '../../trpc';
import { createApiKeyInput, createApiKeyOutput } from './api-keys.types';

/** `platform.apiKeys.create`: a key for the caller (or, by a platform admin, for another user). */
export const createApiKey = userProcedure
  .input(createApiKeyInput)
  .output(createApiKeyOutput)
  .mutation(({ ctx, input }) => ctx.resolve(ApiKeysService).create(ctx.caller, input));
