import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { z } from 'zod';
import { EventBus, MemoryTransport } from '@sextant/bus';
import { AppError } from '@sextant/errors';
import { type TestDatabase, createTestDatabase, eventually } from '@sextant/testing';
import {
  ApiKeyService,
  type PlatformDeps,
  adminProcedure,
  bootstrapAdmin,
  contextFactory,
  editorProcedure,
  procedure,
  publicProcedure,
  router,
  setErrorLogger,
  viewerProcedure,
} from '../src';

/**
 * The auth and error rules, over HTTP (tRPC's fetch adapter) against real keys in PostgreSQL:
 * a router with one procedure per rule, and one that forgot to declare any.
 */
const testRouter = router({
  open: publicProcedure.query(() => 'open'),
  read: viewerProcedure.query(() => 'read'),
  write: editorProcedure
    .input(z.object({ name: z.string().min(1), params: z.object({ lr: z.number().positive() }) }))
    .mutation(({ input }) => `wrote ${input.name}`),
  administer: adminProcedure.mutation(() => 'administered'),
  forgotRule: procedure.query(() => 'should never run'),
  missing: viewerProcedure.query(() => {
    throw new AppError('NOT_FOUND', 'run r-42 does not exist');
  }),
  crash: publicProcedure.query(() => {
    throw new Error('connect ECONNREFUSED 10.0.0.5:5432 at Pool.query (SELECT * FROM secrets)');
  }),
});

describe('API auth and errors', () => {
  let db: TestDatabase;
  let keys: ApiKeyService;
  let handle: (
    path: string,
    init?: { key?: string; body?: unknown },
  ) => Promise<{ status: number; body: any }>;
  let adminKey: string;
  let viewerKey: string;
  const logged: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    keys = new ApiKeyService(db.prisma);
    setErrorLogger((id, error) => logged.push(`${id} ${String(error)}`));
    const platform: PlatformDeps = {
      db,
      bus: new EventBus(new MemoryTransport(), db.prisma),
      startedAt: new Date(),
      version: 'test',
    };
    const makeContext = contextFactory({
      platform,
      keys,
      resolve: () => {
        throw new Error('no DI here');
      },
    });
    handle = async (path, init = {}) => {
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
          makeContext({ authorization: r.headers.get('authorization') ?? undefined }),
      });
      return { status: res.status, body: await res.json() };
    };
    adminKey = (await bootstrapAdmin(db.prisma))!.key;
    const admin = await db.prisma.user.findFirstOrThrow({ where: { role: 'admin' } });
    viewerKey = (await keys.issue({ userId: admin.id, role: 'viewer', name: 'read-only' })).key;
  });

  afterAll(async () => {
    await db.drop();
  });

  it('lets anyone call a public procedure', async () => {
    expect(await handle('open')).toMatchObject({ status: 200, body: { result: { data: 'open' } } });
  });

  it('answers 401 without an API key, and with a wrong one', async () => {
    const none = await handle('read');
    expect(none.status).toBe(401);
    expect(none.body.error.message).toContain('API key is required');
    const wrong = await handle('read', { key: 'sx_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('Unknown API key');
    const garbled = await handle('read', { key: 'hunter2' });
    expect(garbled.body.error.message).toBe('Malformed API key');
  });

  it('answers 403 when a viewer calls an editor procedure', async () => {
    const res = await handle('write', {
      key: viewerKey,
      body: { name: 'run', params: { lr: 0.1 } },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('This needs the editor role; your key has viewer');
    expect((await handle('read', { key: viewerKey })).status).toBe(200);
  });

  it('lets an admin do what an editor may', async () => {
    const res = await handle('write', {
      key: adminKey,
      body: { name: 'run', params: { lr: 0.1 } },
    });
    expect(res).toMatchObject({ status: 200, body: { result: { data: 'wrote run' } } });
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
    const res = await handle('missing', { key: viewerKey });
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

  it('stops accepting a revoked key', async () => {
    const admin = await db.prisma.user.findFirstOrThrow({ where: { role: 'admin' } });
    const { id, key } = await keys.issue({ userId: admin.id, role: 'editor', name: 'ci' });
    expect((await handle('read', { key })).status).toBe(200);
    await db.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    const res = await handle('read', { key });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('This API key was revoked');
  });

  it('never lets a key do more than its user may now', async () => {
    const user = await db.prisma.user.create({
      data: { email: 'demoted@example.com', role: 'editor' },
    });
    const { key } = await keys.issue({ userId: user.id, role: 'editor', name: 'ci' });
    const body = { name: 'run', params: { lr: 0.1 } };
    expect((await handle('write', { key, body })).status).toBe(200);
    await db.prisma.user.update({ where: { id: user.id }, data: { role: 'viewer' } });
    const res = await handle('write', { key, body });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('This needs the editor role; your key has viewer');
  });

  it('records when a key was last used', async () => {
    const user = await db.prisma.user.findFirstOrThrow({ where: { role: 'admin' } });
    const { id, key } = await keys.issue({ userId: user.id, role: 'viewer', name: 'touch' });
    await handle('read', { key });
    await eventually(
      async () => (await db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt !== null,
      'lastUsedAt',
    );
  });

  it('stores only a hash of each key', async () => {
    const rows = await db.prisma.apiKey.findMany();
    for (const row of rows) {
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      expect([adminKey, viewerKey].some((k) => k.includes(row.hash))).toBe(false);
    }
  });
});
