import { createClient } from '@sextant/client';
import {
  type ProcedureInfo,
  type RouteDefinition,
  listProcedures,
  platformRouter,
} from '@sextant/api';
import { ALL_SERVICES } from '../src/services';
import {
  APPLICANT as applicant,
  type CreditModel,
  deployCreditRisk,
  pDefault,
  registerCreditVersion,
} from './seed/credit-risk';
import { type TrackingPlatform, startTrackingPlatform } from './seed/tracking-platform';

const V1: CreditModel = { w: [-0.00003, 0.00008, -0.01, -2], b: 0.5 };
const REFUSAL = 'This API key may only predict on deployment "credit-risk"';

/**
 * Issue 8: "a key may be scoped to predicting on one deployment". Such a key answers on that
 * deployment's inference routes (`:predict`, OIP v2, labels) and nowhere else: another deployment
 * (of its project, of another project, or a public one) and every procedure and REST route there
 * is (enumerated, not picked; whoami excepted) refuse it with a 403.
 */
describe('a key scoped to predicting on one deployment', () => {
  let p: TrackingPlatform;
  let predictKey: string;
  let viewerKey: string;
  const post = (path: string, body: unknown, key: string | null = predictKey) =>
    fetch(`${p.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify(body),
    });
  const get = (path: string, key = predictKey) =>
    fetch(`${p.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

  beforeAll(async () => {
    p = await startTrackingPlatform('ml');
    await p.admin.platform.projects.create.mutate({ slug: 'other', name: 'Other' });
    const connection = { url: p.url, apiKey: p.key };
    for (const project of ['ml', 'other']) {
      await registerCreditVersion(connection, {
        project,
        model: 'credit-risk',
        run: 'lr-v1',
        credit: V1,
        alias: 'champion',
      });
    }
    const base = { project: 'ml', model: 'credit-risk' };
    await deployCreditRisk(p.admin, { ...base, name: 'credit-risk' });
    await deployCreditRisk(p.admin, { ...base, name: 'second-opinion' });
    await deployCreditRisk(p.admin, { ...base, name: 'open-risk' });
    await p.admin.serving.deployments.update.mutate({
      project: 'ml',
      deployment: 'open-risk',
      public: true,
      reason: 'a public demo',
    });
    // The same name in another project, which the key's user may also read.
    await deployCreditRisk(p.admin, {
      project: 'other',
      model: 'credit-risk',
      name: 'credit-risk',
    });

    const { user } = await p.admin.platform.users.create.mutate({ email: 'client@example.com' });
    for (const project of ['ml', 'other']) {
      await p.admin.platform.projects.members.set.mutate({
        project,
        email: user.email,
        role: 'editor',
      });
    }
    const made = await p.admin.platform.apiKeys.create.mutate({
      name: 'credit-risk-client',
      project: 'ml',
      email: user.email,
      predictOn: { deployment: 'credit-risk' },
    });
    expect(made).toMatchObject({ role: 'viewer', predictOn: { deployment: 'credit-risk' } });
    predictKey = made.key;
    viewerKey = (
      await p.admin.platform.apiKeys.create.mutate({
        name: 'ml-viewer',
        role: 'viewer',
        project: 'ml',
        email: user.email,
      })
    ).key;
  }, 90_000);
  afterAll(() => p?.close());

  it('predicts on its deployment: :predict, OIP metadata and infer, labels', async () => {
    const res = await post('/v1/models/credit-risk:predict?project=ml', applicant);
    if (res.status !== 200) throw new Error(await res.text());
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['default_probability']).toBeCloseTo(Number(pDefault(V1, applicant).toFixed(4)), 4);
    expect(body['decision']).toBe(pDefault(V1, applicant) > 0.3 ? 'decline' : 'approve');

    expect((await get('/v2/models/credit-risk?project=ml')).status).toBe(200);
    expect((await get('/v2/models/credit-risk/ready?project=ml')).status).toBe(200);
    const infer = await post('/v2/models/credit-risk/infer?project=ml', {
      inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: Object.values(applicant) }],
    });
    expect(infer.status).toBe(200);
    const label = await post(`/v1/predictions/${String(body['id'])}/label?project=ml`, {
      deployment: 'credit-risk',
      label: 1,
    });
    expect(label.status).toBe(202);
    expect((await get('/v2/health/ready')).status).toBe(200);
  });

  it('is refused another deployment of its project with a 403 naming its own', async () => {
    for (const name of ['second-opinion', 'nope']) {
      const res = await post(`/v1/models/${name}:predict?project=ml`, applicant);
      expect(res.status).toBe(403);
      expect(await errorOf(res)).toBe(`${REFUSAL}, not "${name}"`);
    }
    expect((await get('/v2/models/second-opinion?project=ml')).status).toBe(403);
    const infer = await post('/v2/models/second-opinion/infer?project=ml', {
      inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: Object.values(applicant) }],
    });
    expect(infer.status).toBe(403);
    const labels = await post('/v1/predictions/labels?project=ml', {
      deployment: 'second-opinion',
      labels: [{ id: 'p-1', label: 0 }],
    });
    expect(labels.status).toBe(403);
    expect(await errorOf(labels)).toContain('"credit-risk"');
    // The same user's ordinary viewer key predicts on it: the refusal is the key's scope.
    const viewer = await post('/v1/models/second-opinion:predict?project=ml', applicant, viewerKey);
    expect(viewer.status).toBe(200);
  });

  it('is refused a deployment of the same name in another project', async () => {
    const res = await post('/v1/models/credit-risk:predict?project=other', applicant);
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toMatch(/scoped to another project/);
  });

  it('is refused a public deployment other than its own, which anyone else may call', async () => {
    const res = await post('/v1/models/open-risk:predict?project=ml', applicant);
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toBe(`${REFUSAL}, not "open-risk"`);
    expect((await post('/v1/models/open-risk:predict?project=ml', applicant, null)).status).toBe(
      200,
    );
  });

  it('is refused by every procedure there is, whoami excepted', async () => {
    const routers = [{ name: 'platform', router: platformRouter }, ...ALL_SERVICES];
    const all = routers.flatMap((r) =>
      listProcedures(r.router).map((proc) => ({ ...proc, service: r.name })),
    );
    expect(all.length).toBeGreaterThan(40);
    const call = async (proc: ProcedureInfo & { service: string }) => {
      const url = `${p.url}/trpc/${proc.service}/${proc.path}`;
      const input = JSON.stringify({ project: 'ml', deployment: 'credit-risk' });
      const headers = { authorization: `Bearer ${predictKey}`, 'content-type': 'application/json' };
      const res =
        proc.type === 'mutation'
          ? await fetch(url, { method: 'POST', headers, body: input })
          : await fetch(`${url}?input=${encodeURIComponent(input)}`, { headers });
      const body = (await res.json()) as { error?: { message: string } };
      return [`${proc.service}.${proc.path}`, res.status, body.error?.message ?? null] as const;
    };
    const answers = await Promise.all(all.map(call));
    expect(answers.filter(([path]) => path !== 'platform.whoami')).toEqual(
      answers.filter(([path]) => path !== 'platform.whoami').map(([path]) => [path, 403, REFUSAL]),
    );
    expect(answers.find(([path]) => path === 'platform.whoami')?.[1]).toBe(200);
    const me = await createClient({ url: p.url, apiKey: predictKey }).platform.whoami.query();
    expect(me.key).toMatchObject({
      role: 'viewer',
      project: 'ml',
      predictOn: { deployment: 'credit-risk' },
    });
  });

  it('is refused by every REST route that does not opt in (all but inference)', async () => {
    const routes = ALL_SERVICES.flatMap((s): readonly RouteDefinition[] => s.routes ?? []);
    const closed = routes.filter((r) => !r.allowPredictKeys);
    expect(closed.length).toBeGreaterThan(0);
    expect(routes.filter((r) => r.allowPredictKeys).map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['POST /v1/models/:target', 'POST /v2/models/:name/infer']),
    );
    const answers = await Promise.all(
      closed.map(async (r) => {
        const url = r.url
          .replace(/:project\b/g, 'ml')
          .replace(/:[A-Za-z]+/g, 'x1')
          .replace(/\*/g, 'x1');
        const res = await fetch(`${p.url}${url}?project=ml`, {
          method: r.method,
          headers: {
            authorization: `Bearer ${predictKey}`,
            ...(['GET', 'HEAD', 'DELETE'].includes(r.method)
              ? {}
              : { 'content-type': 'application/json' }),
          },
          ...(['GET', 'HEAD', 'DELETE'].includes(r.method) ? {} : { body: '{}' }),
        });
        if (r.method === 'HEAD') return [`${r.method} ${r.url}`, res.status, REFUSAL];
        const { error } = (await res.json()) as { error: string | { message: string } };
        const message = typeof error === 'string' ? error : error.message;
        return [`${r.method} ${r.url}`, res.status, message];
      }),
    );
    expect(answers).toEqual(closed.map((r) => [`${r.method} ${r.url}`, 403, REFUSAL]));
  });

  it('stops working once revoked', async () => {
    const made = await p.admin.platform.apiKeys.create.mutate({
      name: 'short-lived',
      project: 'ml',
      predictOn: { deployment: 'credit-risk' },
    });
    expect(
      (await post('/v1/models/credit-risk:predict?project=ml', applicant, made.key)).status,
    ).toBe(200);
    await p.admin.platform.apiKeys.revoke.mutate({ id: made.id });
    const res = await post('/v1/models/credit-risk:predict?project=ml', applicant, made.key);
    expect(res.status).toBe(401);
  });
});
