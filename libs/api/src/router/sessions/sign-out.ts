import { z } from 'zod';
import { SessionsService } from '../../identity/sessions/sessions.service';
import { clearedSessionCookie } from '../../auth/session-cookie';
import { userProcedure } from '../../trpc';

/** `platform.sessions.signOut`: ends the console session and clears its cookie. */
export const signOut = userProcedure
  .output(z.object({ signedOut: z.literal(true) }))
  .mutation(async ({ ctx }) => {
    await ctx.resolve(SessionsService).signOut(ctx.caller);
    ctx.http.setCookie(clearedSessionCookie(ctx.http.secure));
    return { signedOut: true as const };
  });
