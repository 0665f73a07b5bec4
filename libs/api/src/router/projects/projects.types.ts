import { z } from 'zod';
import { projectSlug } from '../../identity/projects/project-slug';
import { memberSummary, projectSummary } from '../../identity/projects/projects.types';
import { email } from '../../identity/users/users.types';
import { ROLES } from '../../roles';

export const createProjectInput = z.object({
  slug: projectSlug,
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(1000).optional(),
});
export const setMemberInput = z.object({ email, role: z.enum(ROLES) });
export const removeMemberInput = z.object({ email });
export { memberSummary, projectSummary };
