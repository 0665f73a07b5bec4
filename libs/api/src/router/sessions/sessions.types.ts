import { z } from 'zod';
import { email } from '../../identity/users/users.types';

export const signInInput = z.object({ email, password: z.string().min(1).max(200) });
export const signInOutput = z.object({
  userId: z.uuid(),
  mustChangePassword: z.boolean(),
  expiresAt: z.iso.datetime(),
});
