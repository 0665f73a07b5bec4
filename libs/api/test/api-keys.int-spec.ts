import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { EventBus, MemoryTransport } from '@sextant/bus';
import type { Database } from '@sextant/db';
import { createArtifactStore, systemClock } from '@sextant/ports';
import { type TestDatabase, createTestDatabase } from '@sextant/testing';
import {
  Authenticator,
  KeyCache,
  DEFAULT_PROJECT,
  type PlatformDeps,
  ProjectAccess,
  bootstrapAdmin,
  contextFactory,
  platformRouter,
} from '../src';
import { ApiKeysRepository } from '../src/identity/api-keys/api-keys.repository';
import { ApiKeysService } from '../src/identity/api-keys/api-keys.service';
import { ProjectsRepository } from '../src/identity/projects/projects.repository';
import { ProjectsService } from '../src/identity/projects/projects.service';
import { SessionsRepository } from '../src/identity/sessions/sessions.repository';
import { UsersRepository } from '../src/identity/users/users.repository';
import { UsersService } from '../src/identity/users/users.service';

/**
 * `platform.apiKeys.create | list` over HTTP (tRPC's fetch adapter) on a real database, for keys
 * scoped to predicting on one deployment: what create accepts and refuses, what list and whoami
 * show, and that such a key is refused by the platform's procedures (whoami excepted).
 */
function handlerFor(db: Database) {
  const clock = { now: () => new Date() };
  const keys = new ApiKeysRepository(db);
  const users = new UsersRepository(db);
  const sessions = new SessionsRepository(db);
  const projectsRepo = new ProjectsRepository(db);
  const access = new ProjectAccess(projectsRepo);
  const projects = new ProjectsService(db, projectsRepo, users);
  const cache = new KeyCache();
  const services = new Map<unknown, unknown>([
    [Authenticator, new Authenticator(keys, sessions, clock, cache)],
    [ProjectAccess, access],
    [ApiKeysService, new ApiKeysService(db, keys, users, access, clock, cache)],
    [ProjectsService, projects],
    [UsersService, new UsersService(db, users, sessions, projects, clock, cache)],
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
  return async (path: string, key: string, body?: unknown, query?: unknown) => {
    const isMutation = body !== undefined;
    const search = query === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(query))}`;
    const req = new Request(`http://test/trpc/${path}${search}`, {
      method: isMutation ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(isMutation ? { body: JSON.stringify(body) } : {}),
    });
    const res = await fetchRequestHandler({
      endpoint: '/trpc',
      req,
      router: platformRouter,
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

const fieldPaths = (body: any): string[] =>
  (body.error.data.fields as { path: string }[]).map((f) => f.path);

describe('API keys scoped to predicting on one deployment', () => {
  let db: TestDatabase;
  let call: ReturnType<typeof handlerFor>;
  let adminKey: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    call = handlerFor(db);
    adminKey = (await bootstrapAdmin(db.prisma))!.key;
  });

  afterAll(async () => {
    await db.drop();
  });

  const create = (input: Record<string, unknown>, key = adminKey) =>
    call('apiKeys.create', key, input);

  it('makes a viewer key for one deployment of a project, shown by create and list', async () => {
    const res = await create({
      name: 'credit-risk-client',
      project: DEFAULT_PROJECT,
      predictOn: { deployment: 'credit-risk' },
    });
    expect(res.status).toBe(200);
    const made = res.body.result.data;
    expect(made).toMatchObject({
      name: 'credit-risk-client',
      role: 'viewer',
      project: DEFAULT_PROJECT,
      predictOn: { deployment: 'credit-risk' },
    });
    expect(made.key).toMatch(/^sx_/);
    // Saying "viewer" explicitly is the same key.
    const explicit = await create({
      name: 'explicit-viewer',
      role: 'viewer',
      project: DEFAULT_PROJECT,
      predictOn: { deployment: 'fraud-v2' },
    });
    expect(explicit.status).toBe(200);

    const list = await call('apiKeys.list', adminKey, undefined, {});
    expect(list.status).toBe(200);
    const byName = new Map<string, any>(list.body.result.data.map((k: any) => [k.name, k]));
    expect(byName.get('credit-risk-client')).toMatchObject({
      id: made.id,
      role: 'viewer',
      project: DEFAULT_PROJECT,
      predictOn: { deployment: 'credit-risk' },
    });
    expect(byName.get('explicit-viewer').predictOn).toEqual({ deployment: 'fraud-v2' });
    // An ordinary key says so.
    expect(byName.get('first admin key').predictOn).toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(made.key);
  });

  it('records the scope in the audit log', async () => {
    const res = await create({
      name: 'audited',
      project: DEFAULT_PROJECT,
      predictOn: { deployment: 'audited-model' },
    });
    const row = await db.prisma.auditLog.findFirst({
      where: { action: 'platform.api-key-created', target: res.body.result.data.id },
    });
    expect(row?.after).toMatchObject({ role: 'viewer', predictOn: 'audited-model' });
  });

  it('answers 400 naming project when predictOn has no project scope', async () => {
    for (const project of [undefined, null]) {
      const res = await create({ name: 'no-project', project, predictOn: { deployment: 'x1' } });
      expect(res.status).toBe(400);
      expect(fieldPaths(res.body)).toEqual(['project']);
      expect(res.body.error.message).toMatch(/project/);
    }
  });

  it('answers 400 naming role when predictOn asks for more than viewer', async () => {
    const res = await create({
      name: 'too-strong',
      role: 'editor',
      project: DEFAULT_PROJECT,
      predictOn: { deployment: 'credit-risk' },
    });
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body)).toEqual(['role']);
    expect(res.body.error.message).toMatch(/viewer/);
  });

  it('still needs a role for an ordinary key, and a valid deployment name', async () => {
    const noRole = await create({ name: 'no-role', project: DEFAULT_PROJECT });
    expect(noRole.status).toBe(400);
    expect(fieldPaths(noRole.body)).toEqual(['role']);
    const badName = await create({
      name: 'bad-name',
      project: DEFAULT_PROJECT,
      predictOn: { deployment: 'Credit Risk!' },
    });
    expect(badName.status).toBe(400);
    expect(fieldPaths(badName.body)).toEqual(['predictOn.deployment']);
    // Nothing was made by the refused calls.
    const names = (await call('apiKeys.list', adminKey, undefined, {})).body.result.data.map(
      (k: any) => k.name,
    );
    expect(names).not.toContain('no-project');
    expect(names).not.toContain('too-strong');
    expect(names).not.toContain('no-role');
    expect(names).not.toContain('bad-name');
  });

  it('is refused by the platform procedures, so it cannot list, mint or read; whoami answers', async () => {
    const predictKey = (
      await create({
        name: 'only-predicts',
        project: DEFAULT_PROJECT,
        predictOn: { deployment: 'credit-risk' },
      })
    ).body.result.data.key as string;
    const refusal = 'This API key may only predict on deployment "credit-risk"';

    const list = await call('apiKeys.list', predictKey, undefined, {});
    expect(list.status).toBe(403);
    expect(list.body.error.message).toBe(refusal);
    const mint = await create(
      { name: 'minted', project: DEFAULT_PROJECT, predictOn: { deployment: 'credit-risk' } },
      predictKey,
    );
    expect(mint.status).toBe(403);
    expect(mint.body.error.message).toBe(refusal);
    const read = await call('projects.get', predictKey, undefined, { project: DEFAULT_PROJECT });
    expect(read.status).toBe(403);
    const health = await call('health', predictKey);
    expect(health.status).toBe(403);

    const me = await call('whoami', predictKey);
    expect(me.status).toBe(200);
    expect(me.body.result.data).toMatchObject({
      via: 'key',
      key: { role: 'viewer', project: DEFAULT_PROJECT, predictOn: { deployment: 'credit-risk' } },
    });
    // The admin's own key is untouched by any of this.
    const adminMe = await call('whoami', adminKey);
    expect(adminMe.body.result.data.key).toMatchObject({ role: 'admin', predictOn: null });
  });
});
