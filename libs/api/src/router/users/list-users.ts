import { z } from 'zod';
import { UsersService } from '../../identity/users/users.service';
import { platformAdminProcedure } from '../../trpc';
import { userSummary } from './users.types';

/** `platform.users.list` (platform admin): every user, oldest first. */
export const listUsers = platformAdminProcedure
  .output(z.array(userSummary))
  .query(({ ctx }) => ctx.resolve(UsersService).list());
