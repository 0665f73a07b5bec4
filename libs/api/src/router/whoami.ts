import { z } from 'zod';
import { projectSummary } from '../identity/projects/projects.types';
import { UsersService } from '../identity/users/users.service';
import { ROLES } from '../roles';
import { userProcedure } from '../trpc';

export const whoamiOutput = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  isAdmin: z.boolean(),
  mustChangePassword: z.boolean(),
  via: z.enum(['key', 'session']),
  /** The API key's id, cap and scope, when the caller used one. */
  key: z
    .object({
      id: z.uuid(),
      role: z.enum(ROLES),
      project: z.string().nullable(),
      /** Set for a key that may only predict on this deployment of `project`. */
      predictOn: z.object({ deployment: z.string() }).nullable(),
    })
    .nullable(),
  projects: z.array(projectSummary),
});

/**
 * `platform.whoami`: the caller, how they signed in, and their projects with their roles. A key
 * scoped to predicting on one deployment may ask too (it learns its scope).
 */
export const whoami = userProcedure
  .meta({ allowPredictKeys: true })
  .output(whoamiOutput)
  .query(async ({ ctx }) => {
    const { user, projects, keyProject } = await ctx.resolve(UsersService).describe(ctx.caller);
    const c = ctx.caller.credential;
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
              project: keyProject,
              predictOn: c.predictDeployment === null ? null : { deployment: c.predictDeployment },
            }
          : null,
      projects,
    };
  });
