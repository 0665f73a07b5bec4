import { TRPCClientError } from '@sextant/client';

/**
 * How every command prints: human text by default; with `--json`, exactly one JSON document on
 * stdout (its result, or `{ "error": { "message", "code"? } }`) and nothing else there. Notes
 * for the person at the terminal (prompts, warnings) go to stderr in both modes.
 */
export interface Output {
  readonly json: boolean;
  /** Prints the command's result: `doc` with --json, else `lines`. */
  result(doc: unknown, lines: readonly string[]): void;
  note(line: string): void;
  /** Prints a failure the same way and returns the exit code to end with. */
  error(error: unknown): number;
}

/** A failure meant for the user: its message is shown as is, with a stable code for scripts. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface ErrorReport {
  message: string;
  code?: string;
  httpStatus?: number;
}

interface Writable {
  write(chunk: string): unknown;
}

export function createOutput(
  json: boolean,
  streams: { stdout: Writable; stderr: Writable } = process,
): Output {
  return {
    json,
    result(doc, lines) {
      if (json) streams.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      else for (const line of lines) streams.stdout.write(`${line}\n`);
    },
    note(line) {
      streams.stderr.write(`${line}\n`);
    },
    error(error) {
      const report = reportOf(error);
      if (json) streams.stdout.write(`${JSON.stringify({ error: report }, null, 2)}\n`);
      else streams.stderr.write(`sextant: ${report.message}\n`);
      return error instanceof CliError ? error.exitCode : 1;
    },
  };
}

/**
 * What the user needs of any failure: the server's message and code for an API error (its
 * AppError code when it has one), the reason for an unreachable server, else the message.
 */
export function reportOf(error: unknown): ErrorReport {
  if (error instanceof CliError) {
    return error.code ? { message: error.message, code: error.code } : { message: error.message };
  }
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? null) as {
      code?: string;
      appCode?: string | null;
      httpStatus?: number;
    } | null;
    if (!data)
      return { message: `cannot reach the API (${networkReason(error)})`, code: 'UNREACHABLE' };
    const report: ErrorReport = { message: error.message };
    const code = data.appCode ?? data.code;
    if (code) report.code = code;
    if (typeof data.httpStatus === 'number') report.httpStatus = data.httpStatus;
    return report;
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/** `fetch failed` says little: name the network error under it (ECONNREFUSED, bad port, …). */
export function networkReason(error: Error): string {
  let reason = error.message;
  let cause: unknown = error.cause;
  while (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code) return code;
    reason = cause.message;
    cause = cause.cause;
  }
  return reason;
}
