import { z } from 'zod';
import { AppError } from '@sextant/errors';
import { ProjectsService } from '../identity/projects/projects.service';
import { projectSummary } from '../identity/projects/projects.types';
import { UsersRepository } from '../identity/users/users.repository';
import { ROLES } from '../roles';
import { userProcedure } from '../trpc';

export const whoamiOutput = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  isAdmin: z.boolean(),
  mustChangePassword: z.boolean(),
  via: z.enum(['key', 'session']),
  /** The API key's id and cap, when the caller used one. */
  key: z.object({ id: z.uuid(), role: z.enum(ROLES), project: z.string().nullable() }).nullable(),
  projects: z.array(projectSummary),
});

/** `platform.whoami`: the caller, how they signed in, and their projects with their roles. */
export const whoami = userProcedure.output(whoamiOutput).query(async ({ ctx }) => {
  const caller = ctx.caller;
  const user = await ctx.resolve(UsersRepository).findById(caller.userId);
  if (!user) throw new AppError('NOT_FOUND', 'This user no longer exists');
  const projects = await ctx.resolve(ProjectsService).list(caller);
  const c = caller.credential;
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    mustChangePassword: user.mustChangePassword,
    via: c.kind,
    key:
      c.kind === 'key'
        ? {
            id: c.keyId,
            role: c.role,
            project: c.projectId ? (projects.find(() => true)?.slug ?? null) : null,
          }
        : null,
    projects,
  };
});
