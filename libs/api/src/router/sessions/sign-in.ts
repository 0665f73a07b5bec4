import { SessionsService } from '../../identity/sessions/sessions.service';
import { sessionCookie } from '../../auth/session-cookie';
import { publicProcedure } from '../../trpc';
import { signInInput, signInOutput } from './sessions.types';

/**
 * `platform.sessions.signIn` (public): email and password → an httpOnly, SameSite=Strict
 * session cookie. A wrong email or password is one 401, whichever was wrong.
 */
export const signIn = publicProcedure
  .input(signInInput)
  .output(signInOutput)
  .mutation(async ({ ctx, input }) => {
    const session = await ctx
      .resolve(SessionsService)
      .signIn({ ...input, userAgent: ctx.http.userAgent });
    ctx.http.setCookie(sessionCookie(session.token, session.expiresAt, ctx.http.secure));
    return {
      userId: session.userId,
      mustChangePassword: session.mustChangePassword,
      expiresAt: session.expiresAt.toISOString(),
    };
  });
