import { z } from 'zod';
import { ProjectsService } from '../../identity/projects/projects.service';
import { adminProcedure, router, viewerProcedure } from '../../trpc';
import { memberSummary, removeMemberInput, setMemberInput } from './projects.types';

/** `platform.projects.members.list` (project viewer). */
const list = viewerProcedure
  .output(z.array(memberSummary))
  .query(({ ctx }) => ctx.resolve(ProjectsService).members(ctx.project));

/** `platform.projects.members.set` (project admin): adds a user, or changes their role. */
const set = adminProcedure
  .input(setMemberInput)
  .output(memberSummary)
  .mutation(({ ctx, input }) =>
    ctx.resolve(ProjectsService).setMember(ctx.caller, ctx.project, input),
  );

/** `platform.projects.members.remove` (project admin); the last admin stays. */
const remove = adminProcedure
  .input(removeMemberInput)
  .output(z.object({ removed: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await ctx.resolve(ProjectsService).removeMember(ctx.caller, ctx.project, input.email);
    return { removed: true as const };
  });

export const membersRouter = router({ list, set, remove });
