import { Inject, Injectable, Module } from '@nestjs/common';
import { DATABASE, type ServiceDefinition, healthProcedure, router } from '@sextant/api';
import type { Database } from '@sextant/db';
import { type TestDatabase, createTestDatabase, eventually } from '@sextant/testing';
import type { Logger } from '@sextant/observability';
import { type RunningPlatform, startPlatform } from '../src';
import { startWorkers } from '../src/workers';

const timeline: string[] = [];

/** A provider of the service's own module, which the worker resolves. */
@Injectable()
class Ticker {
  ticks = 0;
  constructor(@Inject(DATABASE) readonly db: Database) {}
}

@Module({ providers: [Ticker], exports: [Ticker] })
class WorkersTestModule {}

const testService: ServiceDefinition = {
  name: 'tracking',
  module: WorkersTestModule,
  router: router({ health: healthProcedure('tracking') }),
  workers: [
    {
      name: 'tracking.ticker',
      start: ({ resolve, log }) => {
        const ticker = resolve(Ticker);
        timeline.push('started');
        let stopping = false;
        const loop = (async () => {
          while (!stopping) {
            // The database is open while the worker runs.
            await ticker.db.prisma.$queryRaw`SELECT 1`;
            ticker.ticks++;
            await new Promise((r) => setTimeout(r, 10));
          }
        })();
        return {
          stop: async () => {
            timeline.push('stopping');
            stopping = true;
            await loop;
            // Still open: the host stops workers before it closes the database.
            await ticker.db.prisma.$queryRaw`SELECT 1`;
            log('info', 'ticker stopped');
            timeline.push('stopped');
          },
        };
      },
    },
  ],
};

/** The background-worker hook: started with the platform, stopped before its database closes. */
describe('service workers', () => {
  let db: TestDatabase;
  let running: RunningPlatform;

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startPlatform({
      services: [testService],
      databaseUrl: db.url,
      home: '/nonexistent',
      host: '127.0.0.1',
      port: 0,
      logLevel: 'silent',
    });
  });
  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  it('starts each worker once the platform is up, with its own providers', async () => {
    expect(timeline).toEqual(['started']);
    const ticker = running.app.get(Ticker, { strict: false });
    await eventually(() => ticker.ticks >= 3, 'the worker to tick');
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });

  it('stops workers on close, before the database closes', async () => {
    await running.close();
    timeline.push('closed');
    expect(timeline).toEqual(['started', 'stopping', 'stopped', 'closed']);
  });
});

type Worker = NonNullable<ServiceDefinition['workers']>[number];

const logged: string[] = [];
const logger = {
  child: () => logger,
  info: () => undefined,
  warn: (_fields: object, message: string) => void logged.push(message),
  error: () => undefined,
} as unknown as Logger;
const service = (workers: Worker[]) => ({ workers }) as unknown as ServiceDefinition;
const resolve = (() => undefined) as never;

describe('startWorkers', () => {
  it('starts workers in order and stops them all, waiting for each', async () => {
    const timeline: string[] = [];
    const worker = (name: string, stopDelay: number): Worker => ({
      name,
      start: () => {
        timeline.push(`start ${name}`);
        return {
          stop: async () => {
            await new Promise((r) => setTimeout(r, stopDelay));
            timeline.push(`stopped ${name}`);
          },
        };
      },
    });
    const running = await startWorkers(
      [service([worker('a', 30)]), service([worker('b', 0)])],
      resolve,
      logger,
    );
    expect(running.names).toEqual(['a', 'b']);
    expect(timeline).toEqual(['start a', 'start b']);
    await running.stop();
    expect(timeline).toEqual(['start a', 'start b', 'stopped b', 'stopped a']);
  });

  it('refuses two workers of one name', async () => {
    const w: Worker = { name: 'x', start: () => ({ stop: async () => undefined }) };
    await expect(startWorkers([service([w, w])], resolve, logger)).rejects.toThrow(
      'two workers are named x',
    );
  });

  it('stops the started workers when a later one fails to start', async () => {
    let stopped = 0;
    const ok: Worker = { name: 'ok', start: () => ({ stop: async () => void stopped++ }) };
    const bad: Worker = {
      name: 'bad',
      start: () => {
        throw new Error('cannot start');
      },
    };
    await expect(startWorkers([service([ok, bad])], resolve, logger)).rejects.toThrow(
      'cannot start',
    );
    expect(stopped).toBe(1);
  });
});
