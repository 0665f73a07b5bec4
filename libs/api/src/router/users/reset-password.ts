import { UsersService } from '../../identity/users/users.service';
import { platformAdminProcedure } from '../../trpc';
import { resetPasswordOutput, userIdInput } from './users.types';

/** `platform.users.resetPassword` (platform admin): a new one-time password, shown once. */
export const resetPassword = platformAdminProcedure
  .input(userIdInput)
  .output(resetPasswordOutput)
  .mutation(({ ctx, input }) => ctx.resolve(UsersService).resetPassword(ctx.caller, input.id));
