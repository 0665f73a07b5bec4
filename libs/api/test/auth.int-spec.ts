import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { z } from 'zod';
import { EventBus, MemoryTransport } from '@sextant/bus';
import { type Database, openDatabase } from '@sextant/db';
import { AppError } from '@sextant/errors';
import { createArtifactStore, systemClock } from '@sextant/ports';
import { type TestDatabase, createTestDatabase } from '@sextant/testing';
import {
  Authenticator,
  KeyCache,
  type PlatformDeps,
  ProjectAccess,
  bootstrapAdmin,
  contextFactory,
  procedure,
  publicProcedure,
  router,
  setErrorLogger,
  userProcedure,
} from '../src';
import { ApiKeysRepository } from '../src/identity/api-keys/api-keys.repository';
import { ProjectsRepository } from '../src/identity/projects/projects.repository';
import { SessionsRepository } from '../src/identity/sessions/sessions.repository';

/**
 * The tRPC rules over HTTP (tRPC's fetch adapter) with real keys in PostgreSQL, without a Nest
 * host: deny by default, AppErrors keep their status, internal errors hide behind an id, and a
 * database outage while authenticating is a retryable 503.
 */
const testRouter = router({
  open: publicProcedure.query(() => 'open'),
  read: userProcedure.query(() => 'read'),
  write: userProcedure
    .input(z.object({ name: z.string().min(1), params: z.object({ lr: z.number().positive() }) }))
    .mutation(({ input }) => `wrote ${input.name}`),
  forgotRule: procedure.query(() => 'should never run'),
  missing: userProcedure.query(() => {
    throw new AppError('NOT_FOUND', 'run r-42 does not exist');
  }),
  crash: publicProcedure.query(() => {
    throw new Error('connect ECONNREFUSED 10.0.0.5:5432 at Pool.query (SELECT * FROM secrets)');
  }),
});

function handlerFor(db: Database) {
  const keys = new ApiKeysRepository(db);
  const authenticator = new Authenticator(
    keys,
    new SessionsRepository(db),
    { now: () => new Date() },
    new KeyCache(),
  );
  const services = new Map<unknown, unknown>([
    [Authenticator, authenticator],
    [ProjectAccess, new ProjectAccess(new ProjectsRepository(db))],
  ]);
  const platform: PlatformDeps = {
    db,
    bus: new EventBus(new MemoryTransport(), db.prisma),
    artifacts: createArtifactStore({ home: '/nonexistent' }),
    clock: systemClock,
    startedAt: new Date(),
    version: 'test',
  };
  const makeContext = contextFactory({
    platform,
    resolve: <T>(token: abstract new (...args: never[]) => T) => services.get(token) as T,
  });
  return async (path: string, init: { key?: string; body?: unknown } = {}) => {
    const isMutation = init.body !== undefined;
    const req = new Request(`http://test/trpc/${path}`, {
      method: isMutation ? 'POST' : 'GET',
      headers: {
        ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
        'content-type': 'application/json',
      },
      ...(isMutation ? { body: JSON.stringify(init.body) } : {}),
    });
    const res = await fetchRequestHandler({
      endpoint: '/trpc',
      req,
      router: testRouter,
      createContext: ({ req: r }) =>
        makeContext({
          headers: Object.fromEntries(r.headers.entries()),
          encrypted: false,
          setCookie: () => undefined,
        }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
}

describe('API auth and errors', () => {
  let db: TestDatabase;
  let handle: ReturnType<typeof handlerFor>;
  let adminKey: string;
  const logged: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    setErrorLogger((id, error) => logged.push(`${id} ${String(error)}`));
    handle = handlerFor(db);
    adminKey = (await bootstrapAdmin(db.prisma))!.key;
  });

  afterAll(async () => {
    await db.drop();
  });

  it('lets anyone call a public procedure', async () => {
    expect(await handle('open')).toMatchObject({ status: 200, body: { result: { data: 'open' } } });
  });

  it('answers 401 without a credential, with a wrong key and with a garbled one', async () => {
    const none = await handle('read');
    expect(none.status).toBe(401);
    expect(none.body.error.message).toContain('send an API key');
    const wrong = await handle('read', { key: 'sx_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('Unknown API key');
    const garbled = await handle('read', { key: 'hunter2' });
    expect(garbled.body.error.message).toBe('Malformed API key');
  });

  it('answers malformed input with 400 naming each field', async () => {
    const res = await handle('write', {
      key: adminKey,
      body: { name: '', params: { lr: 'fast' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^Invalid input: name: .+; params\.lr: .+/);
    expect(res.body.error.data.fields.map((f: { path: string }) => f.path)).toEqual([
      'name',
      'params.lr',
    ]);
  });

  it('denies a procedure that declares no auth rule, even to an admin', async () => {
    const res = await handle('forgotRule', { key: adminKey });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('This procedure declares no auth rule');
  });

  it('maps an AppError to its status from the one table', async () => {
    const res = await handle('missing', { key: adminKey });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      message: 'run r-42 does not exist',
      data: { appCode: 'NOT_FOUND' },
    });
  });

  it('hides internal errors behind an id that is logged once, with no stack or SQL', async () => {
    const res = await handle('crash');
    expect(res.status).toBe(500);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('SELECT');
    expect(text).not.toContain('ECONNREFUSED');
    expect(text).not.toContain('stack');
    const id = res.body.error.data.errorId as string;
    expect(res.body.error.message).toBe(`Internal error (id ${id})`);
    expect(logged.filter((l) => l.startsWith(id))).toHaveLength(1);
  });

  it('answers a retryable 503, not a 500, when the database is down while authenticating', async () => {
    const down = await openDatabase({ url: 'postgresql://postgres@127.0.0.1:1/nowhere' });
    try {
      const res = await handlerFor(down)('read', { key: adminKey });
      expect(res.status).toBe(503);
      expect(res.body.error.data.retryable).toBe(true);
      expect(res.body.error.message).toMatch(/database is unavailable/);
      expect(JSON.stringify(res.body)).not.toContain('127.0.0.1');
    } finally {
      await down.close();
    }
  });
});
