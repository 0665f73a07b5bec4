import { type TRPCClientError, createClient } from '@sextant/client';
import { type ProcedureInfo, bootstrapAdmin, listProcedures, platformRouter } from '@sextant/api';
import type { RunningPlatform } from '@sextant/runtime';
import { type TestDatabase, createTestDatabase } from '@sextant/testing';
import { ALL_SERVICES } from '../src/services';
import { startTestPlatform } from './platform';

/**
 * The acceptance rule for every procedure there is (enumerated, not picked): a viewer key of
 * project A is refused every mutation of project A and every procedure of project B, and every
 * platform-admin procedure. A new procedure is covered the day it is added.
 */
describe('a viewer key of one project', () => {
  let db: TestDatabase;
  let running: RunningPlatform;
  let viewerKey: string;
  const routers = [{ name: 'platform', router: platformRouter }, ...ALL_SERVICES];
  const all = routers.flatMap((r) =>
    listProcedures(r.router).map(
      (p) => ({ ...p, service: r.name }) as ProcedureInfo & { service: string },
    ),
  );

  /** Calls a procedure by path with only `{ project }`: authorisation runs before the rest of the input. */
  const call = async (p: ProcedureInfo & { service: string }, project: string) => {
    const url = `${running.url}/trpc/${p.service}/${p.path}`;
    const input = JSON.stringify({ project });
    const res =
      p.type === 'query'
        ? await fetch(`${url}?input=${encodeURIComponent(input)}`, {
            headers: { authorization: `Bearer ${viewerKey}` },
          })
        : await fetch(url, {
            method: 'POST',
            headers: { authorization: `Bearer ${viewerKey}`, 'content-type': 'application/json' },
            body: input,
          });
    return res.status;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startTestPlatform(db);
    const admin = createClient({
      url: running.url,
      apiKey: (await bootstrapAdmin(running.platform.db.prisma))!.key,
    });
    await admin.platform.projects.create.mutate({ slug: 'project-a', name: 'A' });
    await admin.platform.projects.create.mutate({ slug: 'project-b', name: 'B' });
    const { user } = await admin.platform.users.create.mutate({ email: 'viewer@example.com' });
    await admin.platform.projects.members.set.mutate({
      project: 'project-a',
      email: user.email,
      role: 'viewer',
    });
    // Even as an editor of B the key stays scoped to A, and as a viewer of A capped at viewer.
    await admin.platform.projects.members.set.mutate({
      project: 'project-b',
      email: user.email,
      role: 'editor',
    });
    viewerKey = (
      await admin.platform.apiKeys.create.mutate({
        name: 'a-viewer',
        role: 'viewer',
        project: 'project-a',
        email: user.email,
      })
    ).key;
  });

  afterAll(async () => {
    await running.close();
    await db.drop();
  });

  it('knows the procedures it checks', () => {
    expect(all.filter((p) => typeof p.auth === 'object').length).toBeGreaterThanOrEqual(4);
    expect(all.map((p) => `${p.service}.${p.path}`)).toContain('platform.projects.members.set');
  });

  it('is refused every mutation of its own project (that changes something)', async () => {
    const mutation = (p: (typeof all)[number]) =>
      typeof p.auth === 'object' && p.type === 'mutation';
    // Mutations a viewer may call change nothing: they take a body too large for a GET.
    const viewerMutations = all.filter(
      (p) => mutation(p) && (p.auth as { project: string }).project === 'viewer',
    );
    expect(viewerMutations.map((p) => `${p.service}.${p.path}`)).toEqual([
      'monitoring.drift.compute',
    ]);
    const mutations = all.filter((p) => mutation(p) && !viewerMutations.includes(p));
    expect(mutations.length).toBeGreaterThan(0);
    const answers = await Promise.all(
      mutations.map(async (p) => [`${p.service}.${p.path}`, await call(p, 'project-a')]),
    );
    expect(answers.filter(([, status]) => status !== 403 && status !== 404)).toEqual([]);
  });

  it('is refused every procedure of another project', async () => {
    const scoped = all.filter((p) => typeof p.auth === 'object');
    const answers = await Promise.all(
      scoped.map(async (p) => [`${p.service}.${p.path}`, await call(p, 'project-b')]),
    );
    expect(answers.filter(([, status]) => status !== 403 && status !== 404)).toEqual([]);
  });

  it('is refused every platform-admin procedure', async () => {
    const adminOnly = all.filter((p) => p.auth === 'platform-admin');
    expect(adminOnly.length).toBeGreaterThan(0);
    const answers = await Promise.all(
      adminOnly.map(async (p) => [`${p.service}.${p.path}`, await call(p, 'project-a')]),
    );
    expect(answers.filter(([, status]) => status !== 403)).toEqual([]);
  });

  it('may still read its own project', async () => {
    const viewer = createClient({ url: running.url, apiKey: viewerKey });
    await expect(
      viewer.platform.projects.get.query({ project: 'project-a' }),
    ).resolves.toMatchObject({ role: 'viewer' });
    await expect(
      viewer.platform.projects.members.list.query({ project: 'project-a' }),
    ).resolves.toHaveLength(2);
    const error = await viewer.platform.projects.get
      .query({ project: 'project-b' })
      .catch((e: unknown) => e);
    expect((error as TRPCClientError<never>).message).toMatch(/scoped to another project/);
  });
});
