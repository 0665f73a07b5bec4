export { ERROR_CODES, errorMapping } from './error-codes';
export type { ErrorCode, ErrorMapping, TrpcCode } from './error-codes';
export { AppError, describeFields } from './app-error';
export type { AppErrorOptions, FieldError } from './app-error';
