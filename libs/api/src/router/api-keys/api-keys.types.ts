import { z } from 'zod';
import { apiKeySummary } from '../../identity/api-keys/api-keys.types';
import { projectSlug } from '../../identity/projects/project-slug';
import { email } from '../../identity/users/users.types';
import { ROLES } from '../../roles';

/** A deployment's name as serving spells it (the `{name}` of /v1/models/{name}:predict). */
const deploymentName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and -, at most 63');

export const createApiKeyInput = z
  .object({
    /** What the key is for, e.g. "github-actions". */
    name: z.string().trim().min(1).max(100),
    /**
     * The key's role cap: it never grants more, nor more than its user holds. Required, except
     * for a key that only predicts (`predictOn`), which is always a viewer.
     */
    role: z.enum(ROLES).optional(),
    /** Scope it to one project; omit (or null) for all of the user's projects. */
    project: projectSlug.nullable().optional(),
    /** A platform admin may make a key for another (existing) user. Defaults to the caller. */
    email: email.optional(),
    /**
     * A key that may only predict on this deployment of `project` (inference routes: `:predict`,
     * OIP v2, labels) and is refused by every other procedure and route. Needs `project`.
     */
    predictOn: z.object({ deployment: deploymentName }).nullable().optional(),
  })
  .superRefine((input, ctx) => {
    if (input.predictOn) {
      if (!input.project) {
        ctx.addIssue({
          code: 'custom',
          path: ['project'],
          message: 'required for a key that only predicts on a deployment',
        });
      }
      if (input.role !== undefined && input.role !== 'viewer') {
        ctx.addIssue({
          code: 'custom',
          path: ['role'],
          message: 'a key that only predicts on a deployment has the viewer role',
        });
      }
    } else if (input.role === undefined) {
      ctx.addIssue({ code: 'custom', path: ['role'], message: 'Required' });
    }
  });
export const createApiKeyOutput = apiKeySummary.extend({
  userId: z.uuid(),
  /** Shown once: only its hash is stored. */
  key: z.string(),
});
export const listApiKeysInput = z
  .object({ /** Every user's keys (platform admin). */ all: z.boolean().default(false) })
  .default({ all: false });
export const revokeApiKeyInput = z.object({ id: z.uuid() });
export const revokeApiKeyOutput = z.object({ id: z.uuid(), revokedAt: z.iso.datetime() });
export { apiKeySummary };
