import { TRPCError, initTRPC } from '@trpc/server';
import { AppError } from '@sextant/errors';
import type { ApiContext, ApiMeta } from './context';
import { type ErrorLogger, formatError, fromAppError } from './error-formatter';
import { roleAllows } from './roles';

/** Where 5xx errors are logged (once, with their id). The host sets it at start-up. */
let errorLogger: ErrorLogger = (id, error) => {
  process.stderr.write(
    `[sextant] internal error ${id}: ${String((error as Error)?.stack ?? error)}\n`,
  );
};
export function setErrorLogger(log: ErrorLogger): void {
  errorLogger = log;
}

const t = initTRPC
  .context<ApiContext>()
  .meta<ApiMeta>()
  .create({
    isDev: false,
    errorFormatter: ({ shape, error }) => formatError(shape, error, errorLogger),
  });

export const router = t.router;

/**
 * Deny by default: a procedure without an `auth` rule in its meta cannot be called at all. A
 * rule of `public` admits anyone; a role admits callers holding at least that role.
 */
const authorize = t.middleware(async ({ meta, ctx, next }) => {
  const rule = meta?.auth;
  if (rule === undefined) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'This procedure declares no auth rule' });
  }
  if (rule !== 'public') {
    if (!ctx.identity) {
      throw new TRPCError({
        code: 'UNAUTHORIZED',
        message: ctx.authError ?? 'An API key is required (Authorization: Bearer sx_…)',
      });
    }
    if (!roleAllows(ctx.identity.role, rule)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `This needs the ${rule} role; your key has ${ctx.identity.role}`,
      });
    }
  }
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw fromAppError(result.error.cause);
  return result;
});

/** The base of every procedure; pick one of the role-specific ones below. */
export const procedure = t.procedure.use(authorize);
export const publicProcedure = procedure.meta({ auth: 'public' });
export const viewerProcedure = procedure.meta({ auth: 'viewer' });
export const editorProcedure = procedure.meta({ auth: 'editor' });
export const adminProcedure = procedure.meta({ auth: 'admin' });
