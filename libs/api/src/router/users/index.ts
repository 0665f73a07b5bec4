import { router } from '../../trpc';
import { changePassword } from './change-password';
import { createUser } from './create-user';
import { disableUser, enableUser } from './disable-user';
import { listUsers } from './list-users';
import { resetPassword } from './reset-password';

export const usersRouter = router({
  create: createUser,
  list: listUsers,
  disable: disableUser,
  enable: enableUser,
  resetPassword,
  changePassword,
});
