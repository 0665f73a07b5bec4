import { router } from '../../trpc';
import { createProject } from './create-project';
import { getProject } from './get-project';
import { listProjects } from './list-projects';
import { membersRouter } from './members';

export const projectsRouter = router({
  create: createProject,
  list: listProjects,
  get: getProject,
  members: membersRouter,
});
