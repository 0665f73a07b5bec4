import { TRPCClientError } from '@trpc/client';

/** How often and how patiently a request that may be retried is tried again. */
export interface RetryPolicy {
  /** Tries in all, the first included (default 5). */
  readonly attempts?: number;
  /** Wait before the first retry, doubled for each next one (default 250 ms). */
  readonly initialDelayMs?: number;
  /** Longest wait between two tries (default 5 s). */
  readonly maxDelayMs?: number;
}

/** An error of a plain HTTP call (artifacts), in the API's error shape when the server sent one. */
export class TrackingHttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly data?: {
      code?: string;
      appCode?: string | null;
      httpStatus?: number;
      fields?: { path: string; message: string }[];
      details?: Record<string, unknown>;
    },
  ) {
    super(message);
    this.name = 'TrackingHttpError';
  }
}

/** The HTTP status a failed call got, or undefined when no answer arrived (network error). */
export function statusOfError(error: unknown): number | undefined {
  if (error instanceof TrackingHttpError) return error.status;
  if (error instanceof TRPCClientError) {
    const data = error.data as { httpStatus?: unknown } | undefined;
    if (typeof data?.httpStatus === 'number') return data.httpStatus;
    const meta = error.meta as { response?: { status?: unknown } } | undefined;
    if (typeof meta?.response?.status === 'number') return meta.response.status;
  }
  return undefined;
}

/**
 * Whether trying again may succeed: no answer arrived (the connection failed or was cut, and a
 * TypeError from fetch is how Node says so), or the server answered 5xx (503: overloaded or
 * an outage) or 429. Any other 4xx is the request's own fault and would fail again.
 */
export function isRetryable(error: unknown): boolean {
  const status = statusOfError(error);
  if (status === undefined) {
    if (error instanceof TRPCClientError) return true;
    return isFetchFailure(error) || isSocketError(error);
  }
  return status >= 500 || status === 429;
}

/** `fetch` rejects with `TypeError('fetch failed')` when no response arrived. */
function isFetchFailure(error: unknown): boolean {
  return error instanceof TypeError && error.message === 'fetch failed';
}

function isSocketError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return (
    typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|UND_ERR_)/.test(code)
  );
}

/** The wait before retry number `retry` (1-based): doubling from the initial delay, capped, ±20%. */
export function backoffDelay(retry: number, policy: RetryPolicy, random = Math.random): number {
  const initial = policy.initialDelayMs ?? 250;
  const max = policy.maxDelayMs ?? 5_000;
  const base = Math.min(max, initial * 2 ** (retry - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call` until it succeeds, fails with an error that is not retryable, or has been tried
 * `attempts` times; the last error is thrown. `call` must be safe to repeat (idempotent).
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy = {},
  wait: (ms: number) => Promise<void> = sleep,
): Promise<T> {
  const attempts = Math.max(1, policy.attempts ?? 5);
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await wait(backoffDelay(attempt, policy));
    }
  }
}
