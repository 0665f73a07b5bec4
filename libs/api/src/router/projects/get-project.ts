import { ProjectsService } from '../../identity/projects/projects.service';
import { viewerProcedure } from '../../trpc';
import { projectSummary } from './projects.types';

/** `platform.projects.get` (project viewer). */
export const getProject = viewerProcedure
  .output(projectSummary)
  .query(({ ctx }) => ctx.resolve(ProjectsService).get(ctx.project));
