import { z } from 'zod';
import { ROLES } from '../../roles';

export const projectSummary = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** The caller's effective role in it. */
  role: z.enum(ROLES),
  createdAt: z.iso.datetime(),
});
export type ProjectSummary = z.output<typeof projectSummary>;

export const memberSummary = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(ROLES),
  createdAt: z.iso.datetime(),
});
export type MemberSummary = z.output<typeof memberSummary>;
