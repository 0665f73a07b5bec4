import { z } from 'zod';
import { ApiKeysService } from '../../identity/api-keys/api-keys.service';
import { userProcedure } from '../../trpc';
import { apiKeySummary, listApiKeysInput } from './api-keys.types';

/** `platform.apiKeys.list`: the caller's keys, newest first, never their secret. */
export const listApiKeys = userProcedure
  .input(listApiKeysInput)
  .output(z.array(apiKeySummary))
  .query(({ ctx, input }) => ctx.resolve(ApiKeysService).list(ctx.caller, input.all));
