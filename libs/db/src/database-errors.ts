import { AppError } from '@sextant/errors';
import { Prisma } from './generated/prisma/client';

interface AdapterCause {
  kind?: string;
  constraint?: { index?: string; fields?: string[] };
  table?: string;
}

/** Driver-adapter error kinds that mean "the database cannot be reached now": retry later. */
const UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'TooManyConnections',
  'SocketTimeout',
  'DatabaseAccessDenied',
  'TransactionAlreadyClosed',
]);
/** Prisma codes of the same: can't reach, timed out, closed, pool timeout, engine start. */
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
/** Node network errors that surface raw from a driver. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The field a unique index covers, from Prisma's index naming (`<table>_<columns>_key`):
 * `projects_slug_key` → `slug`, `memberships_project_id_user_id_key` → `projectId.userId`… kept
 * readable rather than exact for composite keys.
 */
export function fieldOfUniqueIndex(index: string | undefined, table: string | undefined): string {
  if (!index) return '(unknown)';
  let name = index.replace(/_(key|pkey)$/, '');
  const bare = table?.split('.').pop();
  if (bare && name.startsWith(`${bare}_`)) name = name.slice(bare.length + 1);
  // Most things are unique within a project: `project_id_name` names the field `name`.
  if (name.startsWith('project_id_')) name = name.slice('project_id_'.length);
  return camel(name);
}

function adapterCause(error: Prisma.PrismaClientKnownRequestError): AdapterCause | undefined {
  const meta = error.meta as { driverAdapterError?: { cause?: AdapterCause } } | undefined;
  return meta?.driverAdapterError?.cause;
}

/**
 * Maps what the database layer throws to the one error type: a unique violation → 409 naming the
 * field; a missing row → 404; a lost connection, a pool timeout or an unreachable server → 503,
 * retryable. Anything else → null (the caller treats it as an internal error).
 */
export function databaseErrorToAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const cause = adapterCause(error);
    if (error.code === 'P2002' || cause?.kind === 'UniqueConstraintViolation') {
      const field = cause?.constraint?.fields?.[0]
        ? camel(cause.constraint.fields[0])
        : fieldOfUniqueIndex(cause?.constraint?.index, cause?.table);
      return new AppError('CONFLICT', `${field} is already taken`, {
        fields: [{ path: field, message: 'already taken' }],
        cause: error,
      });
    }
    if (error.code === 'P2025') {
      return new AppError('NOT_FOUND', 'The record does not exist', { cause: error });
    }
    if (UNAVAILABLE_CODES.has(error.code) || (cause?.kind && UNAVAILABLE_KINDS.has(cause.kind))) {
      return unavailable(error);
    }
    return null;
  }
  if (
    error instanceof Prisma.PrismaClientInitializationError ||
    error instanceof Prisma.PrismaClientRustPanicError
  ) {
    return unavailable(error);
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return unavailable(error);
  return null;
}

function unavailable(cause: unknown): AppError {
  return new AppError('UNAVAILABLE', 'The database is unavailable; try again shortly', { cause });
}
