import { z } from 'zod';
import type { User } from '@sextant/db';

export const email = z.email().trim().toLowerCase().max(200);
/** At least 12 characters (NIST SP 800-63B recommends length over composition rules). */
export const newPassword = z.string().min(12, 'at least 12 characters').max(200);

export const userSummary = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  isAdmin: z.boolean(),
  hasPassword: z.boolean(),
  mustChangePassword: z.boolean(),
  disabledAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type UserSummary = z.output<typeof userSummary>;

export function toUserSummary(u: User): UserSummary {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    isAdmin: u.isAdmin,
    hasPassword: u.passwordHash !== null,
    mustChangePassword: u.mustChangePassword,
    disabledAt: u.disabledAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}
