import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bootstrapAdmin } from '@sextant/api';
import { type SextantClient, createClient } from '@sextant/client';
import { type RunningPlatform, startPlatform } from '@sextant/runtime';
import { type TestDatabase, createTestDatabase, uniqueName } from '@sextant/testing';
import { ALL_SERVICES } from '../../src/services';

/** A running platform for tracking tests: a fresh database, a home folder for artifacts, an admin key. */
export interface TrackingPlatform {
  readonly running: RunningPlatform;
  readonly url: string;
  readonly key: string;
  /** A project made for the test. */
  readonly project: string;
  /** The platform's home (its file artifact store is `<home>/artifacts`). */
  readonly home: string;
  readonly admin: SextantClient;
  close(): Promise<void>;
}

/**
 * The whole platform as `sextant up` hosts it, on a throwaway database and with a temporary home
 * (so the file artifact store works; test/platform.ts uses none), an admin key and a project.
 */
export async function startTrackingPlatform(
  project = 'ml',
  options: { kafkaBrokers?: string[] } = {},
): Promise<TrackingPlatform> {
  const db: TestDatabase = await createTestDatabase();
  const home = await mkdtemp(path.join(os.tmpdir(), 'sextant-cli-home-'));
  const running = await startPlatform({
    services: ALL_SERVICES,
    databaseUrl: db.url,
    kafkaBrokers: options.kafkaBrokers,
    // Each test platform has its own topics and groups on the shared broker.
    ...(options.kafkaBrokers ? { kafkaNamespace: uniqueName('test') } : {}),
    home,
    host: '127.0.0.1',
    port: 0,
    logLevel: (process.env['TEST_LOG_LEVEL'] as 'silent' | undefined) ?? 'silent',
  });
  const key = (await bootstrapAdmin(running.platform.db.prisma))!.key;
  const admin = createClient({ url: running.url, apiKey: key });
  await admin.platform.projects.create.mutate({ slug: project, name: project });
  return {
    running,
    url: running.url,
    key,
    project,
    home,
    admin,
    close: async () => {
      await running.close();
      await db.drop();
      await rm(home, { recursive: true, force: true });
    },
  };
}
