import { UsersService } from '../../identity/users/users.service';
import { platformAdminProcedure } from '../../trpc';
import { userIdInput, userSummary } from './users.types';

/** `platform.users.disable` (platform admin): their keys and sessions stop working at once. */
export const disableUser = platformAdminProcedure
  .input(userIdInput)
  .output(userSummary)
  .mutation(({ ctx, input }) => ctx.resolve(UsersService).setDisabled(ctx.caller, input.id, true));

/** `platform.users.enable` (platform admin). */
export const enableUser = platformAdminProcedure
  .input(userIdInput)
  .output(userSummary)
  .mutation(({ ctx, input }) => ctx.resolve(UsersService).setDisabled(ctx.caller, input.id, false));
