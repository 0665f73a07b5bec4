import path from 'node:path';
import { createClient } from '@sextant/client';
import {
  type RunningProcess,
  type TestDatabase,
  createTestDatabase,
  freePort,
  kafkaBrokers,
  startNode,
} from '@sextant/testing';

/**
 * Distributed mode: a service app alone on its port, and `sextant up`, each on real PostgreSQL
 * (DATABASE_URL) and the real Kafka broker (KAFKA_BROKERS) instead of the embedded defaults.
 */
const root = path.resolve(__dirname, '../../..');

describe('with DATABASE_URL and KAFKA_BROKERS', () => {
  let db: TestDatabase;
  const processes: RunningProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await db.drop();
  });

  const env = (port: number): NodeJS.ProcessEnv => ({
    ...process.env,
    DATABASE_URL: db.url,
    KAFKA_BROKERS: kafkaBrokers().join(','),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    SEXTANT_CONSOLE: '0',
  });

  it('runs the tracking service alone, migrating the database and joining Kafka', async () => {
    const port = await freePort();
    const app = startNode(path.join(root, 'apps/tracking/dist/main.js'), [], env(port));
    processes.push(app);
    await app.waitFor(/"msg":"platform ready"/, 120_000);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', db: true, bus: true });
    const health = await createClient({ url: `http://127.0.0.1:${port}` }).tracking.health.query();
    expect(health).toMatchObject({
      status: 'ok',
      db: { kind: 'postgres' },
      bus: { transport: 'kafka', ok: true },
    });
    const other = await fetch(`http://127.0.0.1:${port}/trpc/serving/health`);
    expect(other.status).toBe(404);
    expect(await app.stop()).toBe(0);
  });

  it('runs `sextant up` on them instead of the embedded defaults', async () => {
    const port = await freePort();
    const up = startNode(path.join(root, 'apps/cli/dist/main.js'), ['up'], env(port));
    processes.push(up);
    await up.waitFor(/Sextant is ready/, 120_000);
    expect(up.output()).toContain('postgres database, kafka bus');
    const client = createClient({ url: `http://127.0.0.1:${port}` });
    for (const name of ['tracking', 'serving', 'pipelines', 'monitoring'] as const) {
      await expect(client[name].health.query()).resolves.toMatchObject({
        status: 'ok',
        db: { kind: 'postgres' },
        bus: { transport: 'kafka' },
      });
    }
    expect(await up.stop()).toBe(0);
  });
});
