import { TRPCClientError } from '@sextant/client';

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** What the console shows about a failed call: the API's message, its status, the bad fields. */
export interface ApiProblem {
  readonly message: string;
  /** null when the request never got an answer (offline, aborted). */
  readonly status: number | null;
  readonly fields: readonly FieldProblem[];
}

function isFieldProblem(value: unknown): value is FieldProblem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FieldProblem).path === 'string' &&
    typeof (value as FieldProblem).message === 'string'
  );
}

/** Reads the API's error shape (see docs/decisions/0004): `data.httpStatus`, `data.fields[]`. */
export function apiProblem(error: unknown): ApiProblem {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<never>).data as unknown;
    const record =
      typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
    const status = typeof record['httpStatus'] === 'number' ? record['httpStatus'] : null;
    const fields = Array.isArray(record['fields']) ? record['fields'].filter(isFieldProblem) : [];
    return { message: error.message, status, fields };
  }
  return {
    message: error instanceof Error ? error.message : String(error),
    status: null,
    fields: [],
  };
}

export function statusOf(error: unknown): number | null {
  return error ? apiProblem(error).status : null;
}

/** The message for one field (`email`, `slug`, …), if the API named it. */
export function fieldProblem(error: unknown, path: string): string | undefined {
  if (!error) return undefined;
  return apiProblem(error).fields.find((f) => f.path === path)?.message;
}
