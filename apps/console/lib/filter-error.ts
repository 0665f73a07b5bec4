import { TRPCClientError } from '@sextant/client';

/** A filter the API refused: its message, and where in the filter the fault is. */
export interface FilterProblem {
  readonly message: string;
  /** 0-based character offset into the filter (the API's `details.position`); null if unknown. */
  readonly position: number | null;
}

/**
 * The filter problem in a `runs.search` error: a 400 whose `fields` name `filter` (see
 * docs/decisions/0004 for the error shape); null for any other error.
 */
export function filterProblem(error: unknown): FilterProblem | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = (error as TRPCClientError<never>).data as unknown;
  if (typeof data !== 'object' || data === null) return null;
  const { httpStatus, fields, details } = data as Record<string, unknown>;
  if (httpStatus !== 400 || !Array.isArray(fields)) return null;
  const field = (fields as unknown[]).find(
    (f): f is { path: string; message: string } =>
      typeof f === 'object' && f !== null && (f as { path?: unknown }).path === 'filter',
  );
  if (!field) return null;
  const position =
    typeof details === 'object' && details !== null
      ? (details as Record<string, unknown>)['position']
      : undefined;
  return {
    message: error.message,
    position: typeof position === 'number' && Number.isInteger(position) ? position : null,
  };
}

/** The filter cut around the fault, to show under the input: before, the character at, after. */
export function markPosition(
  filter: string,
  position: number,
): { before: string; at: string; after: string } {
  const p = Math.min(Math.max(position, 0), filter.length);
  // At the end of the filter there is no character to mark: a space stands for "here".
  return {
    before: filter.slice(0, p),
    at: filter.slice(p, p + 1) || ' ',
    after: filter.slice(p + 1),
  };
}
