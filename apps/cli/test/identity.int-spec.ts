import { createClient } from '@sextant/client';
import { bootstrapAdmin } from '@sextant/api';
import type { RunningPlatform } from '@sextant/runtime';
import { type TestDatabase, createTestDatabase } from '@sextant/testing';
import { startTestPlatform, statusOf } from './platform';

/**
 * Projects, users, sessions and keys as a user meets them, over HTTP on real PostgreSQL: the
 * console's cookie sign-in, project roles, key scopes, the audit log, and bad input refused
 * with nothing written.
 */
describe('identity and projects', () => {
  let db: TestDatabase;
  let running: RunningPlatform;
  let admin: ReturnType<typeof createClient>;
  let adminKey: string;
  let adminPassword: string;

  const errorOf = (call: Promise<unknown>) =>
    call.then(
      () => {
        throw new Error('expected an error');
      },
      (e: unknown) => e as { data: { httpStatus: number; fields: { path: string }[] } },
    );

  /** A raw tRPC call, as a browser makes it (cookies, Origin). */
  const raw = async (
    path: string,
    init: { body?: unknown; cookie?: string; origin?: string; query?: boolean } = {},
  ) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (init.cookie) headers['cookie'] = init.cookie;
    if (init.origin) headers['origin'] = init.origin;
    const res = await fetch(`${running.url}/trpc/platform/${path}`, {
      method: init.query ? 'GET' : 'POST',
      headers,
      ...(init.query ? {} : { body: JSON.stringify(init.body ?? {}) }),
    });
    return {
      status: res.status,
      body: (await res.json()) as any,
      setCookie: res.headers.getSetCookie(),
    };
  };
  const signIn = async (email: string, password: string) => {
    const res = await raw('sessions.signIn', { body: { email, password }, origin: running.url });
    expect(res.status).toBe(200);
    const cookie = res.setCookie.find((c) => c.startsWith('sx_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    return cookie!.split(';')[0]!;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startTestPlatform(db);
    const first = (await bootstrapAdmin(running.platform.db.prisma))!;
    adminKey = first.key;
    adminPassword = first.password;
    admin = createClient({ url: running.url, apiKey: adminKey });
  });

  afterAll(async () => {
    await running.close();
    await db.drop();
  });

  it('makes the default project and a platform admin on first start', async () => {
    const me = await admin.platform.whoami.query();
    expect(me).toMatchObject({ email: 'admin@sextant.local', isAdmin: true, via: 'key' });
    expect(me.projects.map((p) => [p.slug, p.role])).toEqual([['default', 'admin']]);
    const stored = await db.prisma.user.findUniqueOrThrow({ where: { email: me.email } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(stored)).not.toContain(adminPassword);
  });

  it('signs in with the password into an httpOnly session, and signs out', async () => {
    const cookie = await signIn('admin@sextant.local', adminPassword);
    const me = await raw('whoami', { cookie, query: true });
    expect(me.body.result.data).toMatchObject({ via: 'session', mustChangePassword: true });
    const token = decodeURIComponent(cookie.split('=')[1]!);
    const session = await db.prisma.session.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
    expect(JSON.stringify(session)).not.toContain(token);
    const out = await raw('sessions.signOut', { cookie, origin: running.url });
    expect(out.status).toBe(200);
    expect(out.setCookie[0]).toMatch(/sx_session=;/);
    expect((await raw('whoami', { cookie, query: true })).status).toBe(401);
  });

  it('refuses a wrong password, an unknown user, a forged or expired cookie, with nothing written', async () => {
    const sessions = await db.prisma.session.count();
    const wrong = await raw('sessions.signIn', {
      body: { email: 'admin@sextant.local', password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('Wrong email or password');
    const unknown = await raw('sessions.signIn', {
      body: { email: 'nobody@example.com', password: 'whatever it is' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe('Wrong email or password');
    expect(await db.prisma.session.count()).toBe(sessions);

    const forged = await raw('whoami', { cookie: 'sx_session=forged-token-value', query: true });
    expect(forged.status).toBe(401);
    expect(forged.body.error.message).toMatch(/session has ended/);
    const cookie = await signIn('admin@sextant.local', adminPassword);
    await db.prisma.session.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await raw('whoami', { cookie, query: true })).status).toBe(401);
  });

  it('throttles guessing: five failed sign-ins for an email refuse the next for five minutes, whoever asks', async () => {
    const admin = 'admin@sextant.local';
    const attempt = (email: string, password: string) =>
      raw('sessions.signIn', { body: { email, password }, origin: running.url });
    await signIn(admin, adminPassword); // a success forgets earlier failures
    for (let i = 0; i < 5; i++) {
      expect((await attempt(admin, `guess ${i}`)).status).toBe(401);
    }
    const sessions = await db.prisma.session.count();
    // The sixth is refused before its password is checked: the right one too.
    const refused = await attempt(admin, adminPassword);
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(
      /^Too many failed sign-ins for this email: try again in \d+ s$/,
    );
    const seconds = Number(/in (\d+) s/.exec(refused.body.error.message)![1]);
    expect(seconds).toBeGreaterThan(290);
    expect(seconds).toBeLessThanOrEqual(300);
    expect(await db.prisma.session.count()).toBe(sessions);
    // The email as typed in capitals is the same email.
    expect((await attempt(admin.toUpperCase(), adminPassword)).status).toBe(429);

    // An unknown email is throttled alike (the answer tells nothing about who exists).
    for (let i = 0; i < 5; i++) {
      expect((await attempt('nobody-else@example.com', `guess ${i}`)).status).toBe(401);
    }
    expect((await attempt('nobody-else@example.com', 'guess 5')).status).toBe(429);

    // A burst sent at once tests no more passwords than one after the other.
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt('burst@example.com', `guess ${i}`)),
    );
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);

    // Five minutes later (the failures aged in place), the right password signs in and the
    // failures are forgotten.
    await db.prisma.signInFailure.updateMany({
      where: { email: admin },
      data: { at: new Date(Date.now() - 5 * 60_000 - 1_000) },
    });
    await signIn(admin, adminPassword);
    expect(await db.prisma.signInFailure.count({ where: { email: admin } })).toBe(0);
  });

  it('refuses a cross-site mutation made with the session cookie', async () => {
    const cookie = await signIn('admin@sextant.local', adminPassword);
    const projects = await db.prisma.project.count();
    const body = { slug: 'evil', name: 'Evil' };
    for (const origin of ['https://evil.example', undefined]) {
      const res = await raw('projects.create', { cookie, body, ...(origin ? { origin } : {}) });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/Cross-site request refused/);
    }
    expect(await db.prisma.project.count()).toBe(projects);
    const ok = await raw('projects.create', {
      cookie,
      body: { slug: 'same-site', name: 'S' },
      origin: running.url,
    });
    expect(ok.status).toBe(200);
  });

  it('answers a duplicate project slug with 409 naming slug, and writes nothing', async () => {
    await admin.platform.projects.create.mutate({ slug: 'fraud', name: 'Fraud' });
    const audits = await db.prisma.auditLog.count();
    const error = await errorOf(
      admin.platform.projects.create.mutate({ slug: 'fraud', name: 'Again' }),
    );
    expect(error.data.httpStatus).toBe(409);
    expect(error.data.fields.map((f) => f.path)).toEqual(['slug']);
    expect(await db.prisma.project.count({ where: { slug: 'fraud' } })).toBe(1);
    expect(await db.prisma.auditLog.count()).toBe(audits);
    const bad = await errorOf(
      admin.platform.projects.create.mutate({ slug: 'Not A Slug', name: '' }),
    );
    expect(bad.data.httpStatus).toBe(400);
    expect(bad.data.fields.map((f) => f.path).sort()).toEqual(['name', 'slug']);
  });

  it('gives each member their project role, and a key never more than its cap or scope', async () => {
    await admin.platform.projects.create.mutate({ slug: 'churn', name: 'Churn' });
    const { initialPassword } = await admin.platform.users.create.mutate({
      email: 'vera@example.com',
    });
    await admin.platform.projects.members.set.mutate({
      project: 'churn',
      email: 'vera@example.com',
      role: 'editor',
    });
    const cookie = await signIn('vera@example.com', initialPassword);
    // Vera's own key, scoped to churn, capped at viewer.
    const created = await raw('apiKeys.create', {
      cookie,
      origin: running.url,
      body: { name: 'dash', role: 'viewer', project: 'churn' },
    });
    expect(created.status).toBe(200);
    const vera = createClient({ url: running.url, apiKey: created.body.result.data.key });
    await expect(vera.platform.projects.get.query({ project: 'churn' })).resolves.toMatchObject({
      role: 'viewer',
    });
    expect(
      await statusOf(
        vera.platform.projects.members.set.mutate({
          project: 'churn',
          email: 'vera@example.com',
          role: 'admin',
        }),
      ),
    ).toBe(403);
    expect(await statusOf(vera.platform.projects.get.query({ project: 'fraud' }))).toBe(404);
    expect(await statusOf(vera.platform.projects.get.query({ project: 'no-such-project' }))).toBe(
      404,
    );
    expect(await statusOf(vera.platform.users.list.query())).toBe(403);
    expect((await vera.platform.projects.list.query()).map((p) => p.slug)).toEqual(['churn']);
    expect((await vera.platform.whoami.query()).key).toMatchObject({
      role: 'viewer',
      project: 'churn',
    });
    // Demoting Vera demotes what her session can do at once.
    await admin.platform.projects.members.set.mutate({
      project: 'churn',
      email: 'vera@example.com',
      role: 'viewer',
    });
    const asVera = await raw('projects.members.set', {
      cookie,
      origin: running.url,
      body: { project: 'churn', email: 'vera@example.com', role: 'editor' },
    });
    expect(asVera.status).toBe(403);
    expect(asVera.body.error.message).toBe(
      'This needs the admin role in project "churn"; you have viewer',
    );
    // Disabling her stops her key and her session.
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: 'vera@example.com' } });
    await admin.platform.users.disable.mutate({ id: user.id });
    expect(await statusOf(vera.platform.whoami.query())).toBe(401);
    expect((await raw('whoami', { cookie, query: true })).status).toBe(401);
  });

  it('keeps the last admin of a project', async () => {
    const error = await errorOf(
      admin.platform.projects.members.set.mutate({
        project: 'fraud',
        email: 'admin@sextant.local',
        role: 'viewer',
      }),
    );
    expect(error.data.httpStatus).toBe(409);
  });

  it('changes a password with the current one, and ends other sessions', async () => {
    const { initialPassword, user } = await admin.platform.users.create.mutate({
      email: 'pat@example.com',
    });
    const one = await signIn('pat@example.com', initialPassword);
    const two = await signIn('pat@example.com', initialPassword);
    const wrong = await raw('users.changePassword', {
      cookie: one,
      origin: running.url,
      body: { currentPassword: 'nope', newPassword: 'a much longer password' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.data.fields[0].path).toBe('currentPassword');
    const short = await raw('users.changePassword', {
      cookie: one,
      origin: running.url,
      body: { currentPassword: initialPassword, newPassword: 'short' },
    });
    expect(short.status).toBe(400);
    expect(short.body.error.data.fields[0].path).toBe('newPassword');
    const ok = await raw('users.changePassword', {
      cookie: one,
      origin: running.url,
      body: { currentPassword: initialPassword, newPassword: 'correct horse battery staple' },
    });
    expect(ok.status).toBe(200);
    expect(
      (await raw('whoami', { cookie: one, query: true })).body.result.data.mustChangePassword,
    ).toBe(false);
    expect((await raw('whoami', { cookie: two, query: true })).status).toBe(401);
    await signIn('pat@example.com', 'correct horse battery staple');
    expect(
      (await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).mustChangePassword,
    ).toBe(false);
  });

  it('audits every platform mutation, filterable and paged', async () => {
    const page = await admin.platform.audit.list.query({
      action: 'platform.project-created',
      limit: 2,
    });
    expect(page.items).toHaveLength(2);
    expect(page.items.every((i) => i.action === 'platform.project-created')).toBe(true);
    expect(page.nextCursor).not.toBeNull();
    const next = await admin.platform.audit.list.query({
      action: 'platform.project-created',
      limit: 2,
      cursor: page.nextCursor!,
    });
    const ids = [...page.items, ...next.items].map((i) => Number(i.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const byProject = await admin.platform.audit.list.query({ project: 'churn' });
    expect(byProject.items.map((i) => i.action)).toEqual(
      expect.arrayContaining([
        'platform.project-created',
        'platform.member-added',
        'platform.member-role-changed',
      ]),
    );
    const member = byProject.items.find((i) => i.action === 'platform.member-role-changed')!;
    expect(member).toMatchObject({
      target: 'vera@example.com',
      before: { role: 'editor' },
      after: { role: 'viewer' },
    });
    const byActor = await admin.platform.audit.list.query({ actor: 'vera@example.com' });
    expect(byActor.items.map((i) => i.action)).toEqual(
      expect.arrayContaining(['platform.api-key-created']),
    );
    expect(JSON.stringify(byActor)).not.toMatch(/sx_[0-9a-f]{12}_/);
  });
});
