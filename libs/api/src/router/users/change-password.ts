import { z } from 'zod';
import { UsersService } from '../../identity/users/users.service';
import { userProcedure } from '../../trpc';
import { changePasswordInput } from './users.types';

/** `platform.users.changePassword` (any signed-in user, for themselves): other sessions end. */
export const changePassword = userProcedure
  .input(changePasswordInput)
  .output(z.object({ changed: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await ctx.resolve(UsersService).changePassword(ctx.caller, input);
    return { changed: true as const };
  });
