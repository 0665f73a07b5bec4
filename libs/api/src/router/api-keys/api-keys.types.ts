import { z } from 'zod';
import { apiKeySummary } from '../../identity/api-keys/api-keys.types';
import { projectSlug } from '../../identity/projects/project-slug';
import { email } from '../../identity/users/users.types';
import { ROLES } from '../../roles';

export const createApiKeyInput = z.object({
  /** What the key is for, e.g. "github-actions". */
  name: z.string().trim().min(1).max(100),
  /** The key's role cap: it never grants more, nor more than its user holds. */
  role: z.enum(ROLES),
  /** Scope it to one project; omit (or null) for all of the user's projects. */
  project: projectSlug.nullable().optional(),
  /** A platform admin may make a key for another (existing) user. Defaults to the caller. */
  email: email.optional(),
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
