import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { databaseErrorToAppError } from '@sextant/db';
import { AppError, type FieldError, describeFields } from '@sextant/errors';

/** The error body every caller sees: a code, a message, the bad fields; never a stack or SQL. */
export interface ApiErrorData {
  code: string;
  httpStatus: number;
  appCode: string | null;
  fields: FieldError[];
  errorId: string | null;
  retryable: boolean;
  /** Machine-readable extras of a 4xx (a filter error's `position`, a conflict's `keys`). */
  details?: Record<string, unknown>;
}

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
}

function zodIssues(cause: unknown): ZodLikeIssue[] | null {
  if (cause && typeof cause === 'object' && 'issues' in cause && Array.isArray(cause.issues)) {
    return cause.issues as ZodLikeIssue[];
  }
  return null;
}

function fieldsOf(issues: readonly ZodLikeIssue[]): FieldError[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** Gives an AppError thrown by a procedure its own tRPC code (so its HTTP status) from the table. */
export function fromAppError(error: AppError): TRPCError {
  return new TRPCError({ code: error.mapping.trpc, message: error.message, cause: error });
}

export type ErrorLogger = (errorId: string, error: unknown) => void;

/**
 * tRPC's errorFormatter: invalid input names its fields in the message and in `data.fields`;
 * AppErrors keep their code; any 5xx gets an error id, is logged once, and shows only that id.
 */
export function formatError(
  shape: { message: string; code: number; data: { httpStatus: number; code: string } },
  error: TRPCError,
  log: ErrorLogger,
): { message: string; code: number; data: ApiErrorData } {
  const cause = error.cause;
  const issues = zodIssues(cause);
  const app = cause instanceof AppError ? cause : null;
  let message = shape.message;
  let fields: FieldError[] = app ? [...app.fields] : [];
  let errorId: string | null = null;
  if (issues && error.code === 'BAD_REQUEST') {
    fields = fieldsOf(issues);
    message = `Invalid input: ${describeFields(fields)}`;
  } else if (shape.data.httpStatus >= 500 && app?.code !== 'UNAVAILABLE') {
    errorId = randomUUID();
    log(errorId, cause ?? error);
    message = `Internal error (id ${errorId})`;
  }
  return {
    message,
    code: shape.code,
    data: {
      code: shape.data.code,
      httpStatus: shape.data.httpStatus,
      appCode: app?.code ?? null,
      fields,
      errorId,
      retryable: app?.retryable ?? shape.data.httpStatus === 503,
      ...(app?.details && shape.data.httpStatus < 500 ? { details: app.details } : {}),
    },
  };
}

/**
 * The same error rules for plain HTTP routes: an AppError or a database error keeps its status,
 * message and fields (a 503 outage too); anything else is a 500 showing only an id, logged once.
 */
export function errorBody(
  error: unknown,
  log: ErrorLogger,
): { status: number; body: { error: { message: string; data: ApiErrorData } } } {
  const app = databaseErrorToAppError(error);
  const status = app?.status ?? 500;
  const shown = app !== null && (status < 500 || app.code === 'UNAVAILABLE') ? app : null;
  const errorId = shown ? null : randomUUID();
  if (errorId) log(errorId, error);
  return {
    status,
    body: {
      error: {
        message: shown ? shown.message : `Internal error (id ${errorId})`,
        data: {
          code: app?.mapping.trpc ?? 'INTERNAL_SERVER_ERROR',
          httpStatus: status,
          appCode: app?.code ?? null,
          fields: shown ? [...shown.fields] : [],
          errorId,
          retryable: app?.retryable ?? false,
          ...(shown?.details && status < 500 ? { details: shown.details } : {}),
        },
      },
    },
  };
}
