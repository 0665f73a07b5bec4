import { UsersService } from '../../identity/users/users.service';
import { platformAdminProcedure } from '../../trpc';
import { createUserInput, createUserOutput } from './users.types';

/** `platform.users.create` (platform admin): a new user and their one-time password. */
export const createUser = platformAdminProcedure
  .input(createUserInput)
  .output(createUserOutput)
  .mutation(({ ctx, input }) => ctx.resolve(UsersService).create(ctx.caller, input));
