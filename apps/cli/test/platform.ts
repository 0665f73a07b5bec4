import { TRPCClientError } from '@sextant/client';
import { type RunningPlatform, startPlatform } from '@sextant/runtime';
import type { TestDatabase } from '@sextant/testing';
import { ALL_SERVICES } from '../src/services';

/** The whole platform as `sextant up` hosts it, in this process, on a test database. */
export function startTestPlatform(db: TestDatabase): Promise<RunningPlatform> {
  return startPlatform({
    services: ALL_SERVICES,
    databaseUrl: db.url,
    home: '/nonexistent',
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
  });
}

/** The HTTP status a client call ends with: 200, or the error's. */
export async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    return (error.data as { httpStatus: number }).httpStatus;
  }
}
