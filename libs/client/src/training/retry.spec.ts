import { TRPCClientError } from '@trpc/client';
import { TrackingHttpError, backoffDelay, isRetryable, withRetry } from './retry';

const apiError = (httpStatus: number) =>
  TRPCClientError.from({
    error: { code: -32000, message: `status ${httpStatus}`, data: { httpStatus } },
  });

describe('which failures are retried', () => {
  it('retries lost connections, 5xx and 429, never another 4xx', () => {
    expect(isRetryable(new TypeError('fetch failed'))).toBe(true);
    expect(isRetryable(TRPCClientError.from(new TypeError('fetch failed')))).toBe(true);
    expect(isRetryable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(
      true,
    );
    for (const status of [500, 502, 503, 504, 429])
      expect(isRetryable(apiError(status))).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 413]) {
      expect(isRetryable(apiError(status))).toBe(false);
      expect(isRetryable(new TrackingHttpError('no', status))).toBe(false);
    }
    expect(isRetryable(new TrackingHttpError('busy', 503))).toBe(true);
    // A bug in the caller's code is not a network error.
    expect(isRetryable(new TypeError('x is not a function'))).toBe(false);
  });

  it('doubles the wait from the initial delay up to the cap, within ±20%', () => {
    const policy = { initialDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0.5))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(backoffDelay(1, policy, () => 0)).toBe(80);
    expect(backoffDelay(1, policy, () => 1)).toBe(120);
  });

  it('tries a retryable call up to `attempts` times and throws the last error', async () => {
    const waits: number[] = [];
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(apiError(503));
    };
    const wait = (ms: number) => {
      waits.push(ms);
      return Promise.resolve();
    };
    await expect(withRetry(failing, { attempts: 4, initialDelayMs: 10 }, wait)).rejects.toThrow(
      'status 503',
    );
    expect(calls).toBe(4);
    expect(waits).toHaveLength(3);

    calls = 0;
    const refused = () => {
      calls++;
      return Promise.reject(apiError(409));
    };
    await expect(withRetry(refused, { attempts: 4 }, wait)).rejects.toThrow('status 409');
    expect(calls).toBe(1);

    calls = 0;
    const flaky = () =>
      ++calls < 3 ? Promise.reject(new TypeError('fetch failed')) : Promise.resolve('ok');
    await expect(withRetry(flaky, {}, wait)).resolves.toBe('ok');
    expect(calls).toBe(3);
  });
});
