import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TRPCClientError, createTRPCClient, httpLink } from '@trpc/client';
import { type PlatformRouter, bootstrapAdmin } from '@sextant/api';
import { type RunningPlatform, startPlatform } from '@sextant/runtime';
import { type TestDatabase, createTestDatabase } from '@sextant/testing';
import { type TrackingRouter, createTrackingService } from '../src';

export interface TrackingHarness {
  readonly running: RunningPlatform;
  readonly url: string;
  readonly key: string;
  readonly project: string;
  readonly tracking: ReturnType<typeof createTRPCClient<TrackingRouter>>;
  readonly platform: ReturnType<typeof createTRPCClient<PlatformRouter>>;
  /** A client for another key. */
  as(key: string): ReturnType<typeof createTRPCClient<TrackingRouter>>;
  close(): Promise<void>;
}

export const ARTIFACT_LIMIT = 64 * 1024;

function client<R extends TrackingRouter | PlatformRouter>(url: string, key: string) {
  // Every Sextant router shares one tRPC config (no transformer).
  const link = httpLink<TrackingRouter>({ url, headers: { authorization: `Bearer ${key}` } });
  return createTRPCClient<R>({ links: [link as never] });
}

/**
 * The tracking service on a throwaway PostgreSQL database, with a platform admin key and a
 * project `ml`: tests go through HTTP as a training script would.
 */
export async function startTracking(
  options: { embedded?: boolean } = {},
): Promise<TrackingHarness> {
  // `embedded`: PGlite under the temp home, as `npm start` runs on a bare machine.
  const db: TestDatabase | null = options.embedded ? null : await createTestDatabase();
  const home = await mkdtemp(path.join(tmpdir(), 'sextant-tracking-'));
  const running = await startPlatform({
    services: [createTrackingService({ artifactMaxBytes: ARTIFACT_LIMIT })],
    databaseUrl: db?.url,
    home,
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
  });
  const key = (await bootstrapAdmin(running.platform.db.prisma))!.key;
  const platform = client<PlatformRouter>(`${running.url}/trpc/platform`, key);
  await platform.projects.create.mutate({ slug: 'ml', name: 'ML' });
  return {
    running,
    url: running.url,
    key,
    project: 'ml',
    tracking: client<TrackingRouter>(`${running.url}/trpc/tracking`, key),
    platform,
    as: (other) => client<TrackingRouter>(`${running.url}/trpc/tracking`, other),
    close: async () => {
      await running.close();
      await db?.drop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** The HTTP status and error data a call ends with (200 when it succeeds). */
export async function outcome(call: Promise<unknown>): Promise<{
  status: number;
  message: string;
  fields: { path: string; message: string }[];
  details?: Record<string, unknown>;
}> {
  try {
    await call;
    return { status: 200, message: '', fields: [] };
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const data = error.data as {
      httpStatus: number;
      fields?: { path: string; message: string }[];
      details?: Record<string, unknown>;
    };
    return {
      status: data.httpStatus,
      message: error.message,
      fields: data.fields ?? [],
      details: data.details,
    };
  }
}
