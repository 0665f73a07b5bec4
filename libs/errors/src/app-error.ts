import { type ErrorCode, type ErrorMapping, errorMapping } from './error-codes';

export interface FieldError {
  /** Dotted path of the offending field, e.g. `params.learningRate`. */
  readonly path: string;
  readonly message: string;
}

export interface AppErrorOptions {
  readonly fields?: readonly FieldError[];
  readonly details?: Record<string, unknown>;
  readonly cause?: unknown;
}

/** The one error type thrown by Sextant code; transports map it through ERROR_CODES. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: readonly FieldError[];
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields ?? [];
    this.details = options.details;
  }

  get mapping(): ErrorMapping {
    return errorMapping(this.code);
  }

  get status(): number {
    return this.mapping.status;
  }

  get retryable(): boolean {
    return this.mapping.retryable;
  }

  static isAppError(value: unknown): value is AppError {
    return value instanceof AppError;
  }
}

/** Formats field errors as one readable sentence naming each field. */
export function describeFields(fields: readonly FieldError[]): string {
  return fields.map((f) => `${f.path || '(input)'}: ${f.message}`).join('; ');
}
