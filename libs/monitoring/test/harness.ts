import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TRPCClientError, createTRPCClient, httpLink } from '@trpc/client';
import { type PlatformRouter, type ServiceDefinition, bootstrapAdmin } from '@sextant/api';
import { type RunningPlatform, startPlatform } from '@sextant/runtime';
import { type TestDatabase, createTestDatabase } from '@sextant/testing';
import { type MonitoringRouter, monitoringService } from '../src';

type Client<R extends MonitoringRouter | PlatformRouter> = ReturnType<typeof createTRPCClient<R>>;

export interface MonitoringHarness {
  readonly running: RunningPlatform;
  readonly url: string;
  readonly key: string;
  readonly project: string;
  readonly monitoring: Client<MonitoringRouter>;
  readonly platform: Client<PlatformRouter>;
  /** A monitoring client for another key. */
  as(key: string): Client<MonitoringRouter>;
  close(): Promise<void>;
}

function client<R extends MonitoringRouter | PlatformRouter>(url: string, key: string): Client<R> {
  // Every Sextant router shares one tRPC config (no transformer).
  const link = httpLink<MonitoringRouter>({ url, headers: { authorization: `Bearer ${key}` } });
  return createTRPCClient<R>({ links: [link as never] });
}

/**
 * The monitoring service on a throwaway PostgreSQL database, with a platform admin key and a
 * project `ml`: tests go through HTTP as a script would.
 */
export async function startMonitoring(
  options: { service?: ServiceDefinition } = {},
): Promise<MonitoringHarness> {
  const db: TestDatabase = await createTestDatabase();
  const home = await mkdtemp(path.join(tmpdir(), 'sextant-monitoring-'));
  const running = await startPlatform({
    services: [options.service ?? monitoringService],
    databaseUrl: db.url,
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
    monitoring: client<MonitoringRouter>(`${running.url}/trpc/monitoring`, key),
    platform,
    as: (other) => client<MonitoringRouter>(`${running.url}/trpc/monitoring`, other),
    close: async () => {
      await running.close();
      await db.drop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** How a call ends: its HTTP status (200 when it succeeds), message and bad fields by path. */
export async function outcome(
  call: Promise<unknown>,
): Promise<{ status: number; message: string; fields: Record<string, string> }> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (error === null) return { status: 200, message: '', fields: {} };
  if (!(error instanceof TRPCClientError)) throw error;
  const data = error.data as { httpStatus: number; fields?: { path: string; message: string }[] };
  const fields = Object.fromEntries((data.fields ?? []).map((f) => [f.path, f.message]));
  return { status: data.httpStatus, message: error.message, fields };
}
