import { z } from 'zod';
import { ProjectsService } from '../../identity/projects/projects.service';
import { userProcedure } from '../../trpc';
import { projectSummary } from './projects.types';

/** `platform.projects.list`: the caller's projects with their role (all, for a platform admin). */
export const listProjects = userProcedure
  .output(z.array(projectSummary))
  .query(({ ctx }) => ctx.resolve(ProjectsService).list(ctx.caller));
