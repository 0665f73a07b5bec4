import { createHash } from 'node:crypto';
import { TRPCClientError, createClient } from '@sextant/client';
import { bootstrapAdmin } from '@sextant/api';
import type { RunningPlatform } from '@sextant/runtime';
import { type TestDatabase, createTestDatabase } from '@sextant/testing';
import { startTestPlatform, statusOf } from './platform';

/** The whole API as `sextant up` serves it, on real PostgreSQL, called through the typed client. */
describe('the API of the four services', () => {
  let db: TestDatabase;
  let running: RunningPlatform;
  let adminKey: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startTestPlatform(db);
    adminKey = (await bootstrapAdmin(running.platform.db.prisma))!.key;
  });

  afterAll(async () => {
    await running.close();
    await db.drop();
  });

  it('serves each service router at /trpc/<service> with its health', async () => {
    const client = createClient({ url: running.url });
    for (const name of ['tracking', 'serving', 'pipelines', 'monitoring'] as const) {
      const health = await client[name].health.query();
      expect(health).toMatchObject({
        service: name,
        status: 'ok',
        db: { ok: true, kind: 'postgres' },
        bus: { ok: true, transport: 'database' },
      });
    }
  });

  it('answers 401 without a key and 403 for a viewer calling an admin procedure', async () => {
    const anonymous = createClient({ url: running.url });
    expect(await statusOf(anonymous.platform.whoami.query())).toBe(401);

    const admin = createClient({ url: running.url, apiKey: adminKey });
    await admin.platform.users.create.mutate({ email: 'viewer@example.com' });
    await admin.platform.projects.members.set.mutate({
      project: 'default',
      email: 'viewer@example.com',
      role: 'viewer',
    });
    const { key: viewerKey } = await admin.platform.apiKeys.create.mutate({
      name: 'dashboards',
      role: 'viewer',
      email: 'viewer@example.com',
    });
    const viewer = createClient({ url: running.url, apiKey: viewerKey });
    await expect(viewer.platform.whoami.query()).resolves.toMatchObject({
      isAdmin: false,
      email: 'viewer@example.com',
      projects: [{ slug: 'default', role: 'viewer' }],
    });
    expect(await statusOf(viewer.platform.projects.create.mutate({ slug: 'x1', name: 'x' }))).toBe(
      403,
    );
  });

  it('answers malformed input with 400 naming the fields, and writes nothing', async () => {
    const admin = createClient({ url: running.url, apiKey: adminKey });
    const before = await db.prisma.apiKey.count();
    const error = await admin.platform.apiKeys.create
      .mutate({ name: '', role: 'owner' as 'admin', email: 'not-an-email' })
      .catch((e: unknown) => e as TRPCClientError<never>);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<never>).data as unknown as {
      httpStatus: number;
      fields: { path: string }[];
    };
    expect(data.httpStatus).toBe(400);
    expect(data.fields.map((f) => f.path).sort()).toEqual(['email', 'name', 'role']);
    expect((error as Error).message).toMatch(/^Invalid input: .*name: /);
    expect(await db.prisma.apiKey.count()).toBe(before);
  });

  it('revokes a key at once, and audits key changes', async () => {
    const admin = createClient({ url: running.url, apiKey: adminKey });
    const created = await admin.platform.apiKeys.create.mutate({ name: 'ci', role: 'editor' });
    const ci = createClient({ url: running.url, apiKey: created.key });
    await expect(ci.platform.whoami.query()).resolves.toMatchObject({ key: { role: 'editor' } });
    await admin.platform.apiKeys.revoke.mutate({ id: created.id });
    expect(await statusOf(ci.platform.whoami.query())).toBe(401);
    const listed = await admin.platform.apiKeys.list.query();
    expect(Date.parse(listed.find((k) => k.id === created.id)?.revokedAt ?? '')).toBeGreaterThan(
      Date.now() - 60_000,
    );
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const actions = (await db.prisma.auditLog.findMany({ where: { target: created.id } })).map(
      (a) => a.action,
    );
    expect(actions.sort()).toEqual(['platform.api-key-created', 'platform.api-key-revoked']);
    expect(
      await statusOf(
        admin.platform.apiKeys.revoke.mutate({ id: '00000000-0000-4000-8000-000000000000' }),
      ),
    ).toBe(404);
  });

  it('stores only the sha256 of each key, and no column holds a secret', async () => {
    const admin = createClient({ url: running.url, apiKey: adminKey });
    const { key, id } = await admin.platform.apiKeys.create.mutate({
      name: 'hash',
      role: 'viewer',
    });
    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.hash).toBe(createHash('sha256').update(key).digest('hex'));
    // `sx_<12 hex>_<32 characters>`: the secret is all that follows the second `_` (it may
    // itself contain `_`, so splitting on it would test a fragment).
    const secretOf = (k: string) => k.slice('sx_'.length + 12 + 1);
    expect(secretOf(key)).toHaveLength(32);
    const everyKeyRow = JSON.stringify(await db.prisma.apiKey.findMany());
    expect(everyKeyRow).not.toContain(secretOf(key));
    expect(everyKeyRow).not.toContain(secretOf(adminKey));
  });

  it('serves /healthz, /readyz and Prometheus /metrics', async () => {
    expect(await (await fetch(`${running.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', db: true, bus: true });
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toContain('sextant_http_request_duration_seconds_bucket');
    expect(metrics).toMatch(/route="\/healthz"/);
  });
});
