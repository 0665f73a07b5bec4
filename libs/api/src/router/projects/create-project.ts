import { ProjectsService } from '../../identity/projects/projects.service';
import { platformAdminProcedure } from '../../trpc';
import { createProjectInput, projectSummary } from './projects.types';

/** `platform.projects.create` (platform admin): the creator becomes the project's admin. */
export const createProject = platformAdminProcedure
  .input(createProjectInput)
  .output(projectSummary)
  .mutation(({ ctx, input }) => ctx.resolve(ProjectsService).create(ctx.caller, input));
