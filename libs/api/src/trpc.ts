import { TRPCError, initTRPC } from '@trpc/server';
import { z } from 'zod';
import { AppError } from '@sextant/errors';
import { databaseErrorToAppError } from '@sextant/db';
import { originAllowed } from './auth/origin';
import type { ApiContext, ApiMeta, Caller, ProjectScope } from './context';
import { type ErrorLogger, formatError, fromAppError } from './error-formatter';
import { ProjectAccess, isPlatformAdmin } from './identity/projects/project-access';
import { projectSlug } from './identity/projects/project-slug';
import type { Role } from './roles';

/** Where 5xx errors are logged (once, with their id). The host sets it at start-up. */
let errorLogger: ErrorLogger = (id, error) => {
  process.stderr.write(
    `[sextant] internal error ${id}: ${String((error as Error)?.stack ?? error)}\n`,
  );
};
export function setErrorLogger(log: ErrorLogger): void {
  errorLogger = log;
}
export function logError(errorId: string, error: unknown): void {
  errorLogger(errorId, error);
}

const t = initTRPC
  .context<ApiContext>()
  .meta<ApiMeta>()
  .create({
    isDev: false,
    errorFormatter: ({ shape, error }) => formatError(shape, error, errorLogger),
  });

export const router = t.router;

export const CROSS_SITE = 'Cross-site request refused: the Origin header does not match this site';

/**
 * A write that must be refused as cross-site: it rode on the session cookie, or it carries an
 * `Origin` at all (a browser's login form), and that Origin is not this site's.
 */
export function isCrossSiteWrite(ctx: ApiContext): boolean {
  const origin = ctx.http.originHeader;
  return (ctx.viaCookie || origin !== undefined) && !originAllowed(origin, ctx.http.origin);
}

/** The caller, or the 401/503 AppError that explains why there is none (REST routes use it). */
export function authenticatedCaller(ctx: ApiContext): Caller {
  if (ctx.caller) return ctx.caller;
  if (ctx.authError?.status === 503) throw new AppError('UNAVAILABLE', ctx.authError.message);
  throw new AppError(
    'UNAUTHENTICATED',
    ctx.authError?.message ?? 'Sign in, or send an API key (Authorization: Bearer sx_…)',
  );
}

/** The same, as the tRPC error a middleware throws. */
export function requireCaller(ctx: ApiContext): Caller {
  try {
    return authenticatedCaller(ctx);
  } catch (error) {
    throw fromAppError(error as AppError);
  }
}

/**
 * The refusal for a key scoped to predicting on one deployment, or null for any other caller.
 * Such a key only opens the inference routes (and what opts in with `allowPredictKeys`).
 */
export function predictKeyRefusal(caller: Caller | null): string | null {
  const c = caller?.credential;
  if (c?.kind !== 'key' || c.predictDeployment === null) return null;
  return `This API key may only predict on deployment "${c.predictDeployment}"`;
}

/**
 * Deny by default: a procedure without an `auth` rule in its meta cannot be called at all, and a
 * key scoped to predicting on one deployment calls none that does not opt in.
 * Cookie-authenticated mutations must come from the console's own origin. Errors a procedure
 * throws — AppErrors and database errors (unique violation → 409, outage → 503) — keep their
 * meaning on the way out.
 */
const authorize = t.middleware(async ({ meta, ctx, type, next }) => {
  const rule = meta?.auth;
  if (rule === undefined) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'This procedure declares no auth rule' });
  }
  const predictOnly = meta?.allowPredictKeys ? null : predictKeyRefusal(ctx.caller);
  if (predictOnly !== null) throw new TRPCError({ code: 'FORBIDDEN', message: predictOnly });
  if (type === 'mutation' && isCrossSiteWrite(ctx)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: CROSS_SITE });
  }
  if (rule !== 'public') {
    const caller = requireCaller(ctx);
    if (rule === 'platform-admin' && !isPlatformAdmin(caller)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'This needs a platform admin' });
    }
  }
  const result = await next();
  if (!result.ok) {
    const mapped = databaseErrorToAppError(result.error.cause);
    if (mapped) throw fromAppError(mapped);
  }
  return result;
});

/** The path of the first string (or key) in `value` holding a NUL character, or null. */
export function nulPath(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key].join('.');
    const found = nulPath(item, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

/**
 * PostgreSQL cannot store a NUL character in text or jsonb: refuse it in any input, naming the
 * field, before it becomes a 500 deep in a query.
 */
const refuseNul = t.middleware(async ({ getRawInput, next }) => {
  const path = nulPath(await getRawInput());
  if (path !== null) {
    throw fromAppError(
      new AppError('BAD_REQUEST', `Invalid input: ${path || '(input)'}: contains a NUL character`, {
        fields: [{ path, message: 'contains a NUL character' }],
      }),
    );
  }
  return next();
});

/** The base of every procedure; pick one of the rule-specific ones below. */
export const procedure = t.procedure.use(authorize).use(refuseNul);
/** Anyone, signed in or not. */
export const publicProcedure = procedure.meta({ auth: 'public' });
/** Any signed-in caller; `ctx.caller` is set. */
export const userProcedure = procedure
  .meta({ auth: 'user' })
  .use(({ ctx, next }) => next({ ctx: { caller: requireCaller(ctx) } }));
/** Platform admins: users and projects. */
export const platformAdminProcedure = procedure
  .meta({ auth: 'platform-admin' })
  .use(({ ctx, next }) => next({ ctx: { caller: requireCaller(ctx) } }));

/** Every project-scoped procedure's input starts with the project's slug. */
export const projectInput = z.object({ project: projectSlug });

function projectProcedure(role: Role) {
  return procedure
    .meta({ auth: { project: role } })
    .input(projectInput)
    .use(async ({ ctx, input, next }) => {
      const caller = requireCaller(ctx);
      let project: ProjectScope;
      try {
        project = await ctx.resolve(ProjectAccess).require(caller, input.project, role);
      } catch (error) {
        const mapped = databaseErrorToAppError(error);
        throw mapped ? fromAppError(mapped) : error;
      }
      return next({ ctx: { caller, project } });
    });
}

/**
 * Project-scoped procedures: the input names the project (`{ project: 'fraud', … }`), the caller
 * must be a member holding at least this role, and `ctx.project` says which project and role.
 */
export const viewerProcedure = projectProcedure('viewer');
export const editorProcedure = projectProcedure('editor');
export const adminProcedure = projectProcedure('admin');
