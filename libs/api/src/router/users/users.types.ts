import { z } from 'zod';
import { email, newPassword, userSummary } from '../../identity/users/users.types';

export const createUserInput = z.object({
  email,
  name: z.string().trim().min(1).max(100).optional(),
  isAdmin: z.boolean().default(false),
});
export const createUserOutput = z.object({
  user: userSummary,
  /** Shown once; the user must change it at first sign-in. */
  initialPassword: z.string(),
});
export const userIdInput = z.object({ id: z.uuid() });
export const resetPasswordOutput = z.object({ initialPassword: z.string() });
export const changePasswordInput = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword,
});
export { userSummary };
