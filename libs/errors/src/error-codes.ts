/**
 * The one table that maps every error code to its HTTP status, its tRPC code and whether a caller
 * may retry. Domain codes (RUN_NOT_FOUND, …) are added here, beside the generic ones.
 */
export const ERROR_CODES = {
  BAD_REQUEST: { status: 400, trpc: 'BAD_REQUEST', retryable: false },
  UNAUTHENTICATED: { status: 401, trpc: 'UNAUTHORIZED', retryable: false },
  FORBIDDEN: { status: 403, trpc: 'FORBIDDEN', retryable: false },
  NOT_FOUND: { status: 404, trpc: 'NOT_FOUND', retryable: false },
  METHOD_NOT_ALLOWED: { status: 405, trpc: 'METHOD_NOT_SUPPORTED', retryable: false },
  CONFLICT: { status: 409, trpc: 'CONFLICT', retryable: false },
  PAYLOAD_TOO_LARGE: { status: 413, trpc: 'PAYLOAD_TOO_LARGE', retryable: false },
  RATE_LIMITED: { status: 429, trpc: 'TOO_MANY_REQUESTS', retryable: true },
  INTERNAL: { status: 500, trpc: 'INTERNAL_SERVER_ERROR', retryable: false },
  NOT_IMPLEMENTED: { status: 501, trpc: 'NOT_IMPLEMENTED', retryable: false },
  UNAVAILABLE: { status: 503, trpc: 'SERVICE_UNAVAILABLE', retryable: true },
  TIMEOUT: { status: 504, trpc: 'TIMEOUT', retryable: true },
  EVENT_INVALID: { status: 400, trpc: 'BAD_REQUEST', retryable: false },
  CONFIG_INVALID: { status: 500, trpc: 'INTERNAL_SERVER_ERROR', retryable: false },
  MIGRATION_FAILED: { status: 500, trpc: 'INTERNAL_SERVER_ERROR', retryable: false },
  DATABASE_LOCKED: { status: 409, trpc: 'CONFLICT', retryable: true },
} as const satisfies Record<string, { status: number; trpc: TrpcCode; retryable: boolean }>;

export type TrpcCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_SUPPORTED'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_SERVER_ERROR'
  | 'NOT_IMPLEMENTED'
  | 'SERVICE_UNAVAILABLE'
  | 'TIMEOUT';

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorMapping {
  readonly status: number;
  readonly trpc: TrpcCode;
  readonly retryable: boolean;
}

export function errorMapping(code: ErrorCode): ErrorMapping {
  return ERROR_CODES[code];
}
