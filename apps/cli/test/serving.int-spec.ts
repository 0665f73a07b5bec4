import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setAlias } from '@sextant/client/training';
import {
  APPLICANT as applicant,
  type CreditModel,
  type Loan,
  deployCreditRisk,
  eventually,
  pDefault,
  registerCreditVersion,
} from './seed/credit-risk';
import { type TrackingPlatform, startTrackingPlatform } from './seed/tracking-platform';

const V1: CreditModel = { w: [-0.00003, 0.00008, -0.01, -2], b: 0.5 };
const V2: CreditModel = { w: [-0.00002, 0.0001, -0.02, -1.5], b: 0.2 };
const risky: Loan = { income: 21000, debt: 30000, age: 23, history_score: 0.1 };

describe('serving: deployments of registered models, :predict, OIP v2, revisions and rollback', () => {
  let p: TrackingPlatform;
  let connection: { url: string; apiKey: string };
  const serving = () => p.admin.serving;
  const post = (path: string, body: unknown, key: string | null = p.key) =>
    fetch(`${p.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (path: string) =>
    fetch(`${p.url}${path}`, { headers: { authorization: `Bearer ${p.key}` } });
  const predict = (body: unknown, key?: string | null) =>
    post('/v1/models/credit-risk:predict?project=ml', body, key);

  beforeAll(async () => {
    p = await startTrackingPlatform('ml');
    connection = { url: p.url, apiKey: p.key };
    const base = { project: 'ml', model: 'credit-risk' };
    await registerCreditVersion(connection, {
      ...base,
      run: 'lr-v1',
      credit: V1,
      alias: 'champion',
    });
    await registerCreditVersion(connection, {
      ...base,
      run: 'lr-v2',
      credit: V2,
      alias: 'challenger',
    });
    await deployCreditRisk(p.admin, {
      ...base,
      name: 'credit-risk',
      challengerAlias: 'challenger',
    });
  }, 60_000);
  afterAll(() => p?.close());

  it('answers one record with the rounded probability and the decision', async () => {
    const res = await predict(applicant);
    if (res.status !== 200) throw new Error(await res.text());
    expect(res.headers.get('x-sextant-model-version')).toBe('1');
    expect(res.headers.get('x-sextant-revision')).toBe('1');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['default_probability']).toBeCloseTo(Number(pDefault(V1, applicant).toFixed(4)), 4);
    expect(body['decision']).toBe(pDefault(V1, applicant) > 0.3 ? 'decline' : 'approve');
    expect(typeof body['id']).toBe('string');
    const many = (await (await predict([applicant, risky])).json()) as Record<string, unknown>[];
    expect(many.map((r) => r['decision'])).toEqual(['approve', 'decline']);
    expect(pDefault(V1, risky)).toBeGreaterThan(0.3);
    const instances = (await (await predict({ instances: [risky] })).json()) as {
      predictions: unknown[];
    };
    expect(instances.predictions).toHaveLength(1);
  });

  it('speaks the Open Inference Protocol v2: health, metadata, infer', async () => {
    expect(await (await get('/v2/health/live')).json()).toEqual({ live: true });
    expect((await get('/v2/health/ready')).status).toBe(200);
    const meta = (await (await get('/v2/models/credit-risk?project=ml')).json()) as Record<
      string,
      unknown
    >;
    expect(meta).toMatchObject({
      name: 'credit-risk',
      versions: ['1', '2'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 4] }],
    });
    expect((await get('/v2/models/credit-risk/ready?project=ml')).status).toBe(200);
    const res = await post('/v2/models/credit-risk/infer?project=ml', {
      id: 'req-1',
      inputs: [
        {
          name: 'input',
          shape: [2, 4],
          datatype: 'FP32',
          data: [Object.values(applicant), Object.values(risky)],
        },
      ],
      outputs: [{ name: 'probabilities' }],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      id: string;
      model_version: string;
      outputs: { name: string; shape: number[]; data: number[] }[];
    };
    expect(body).toMatchObject({ id: 'req-1', model_name: 'credit-risk', model_version: '1' });
    expect(body.outputs).toHaveLength(1);
    expect(body.outputs[0]).toMatchObject({
      name: 'probabilities',
      shape: [2, 2],
      datatype: 'FP32',
    });
    expect(body.outputs[0]!.data[1]).toBeCloseTo(pDefault(V1, applicant), 5);
    const fp64 = await post('/v2/models/credit-risk/infer?project=ml', {
      inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP64', data: Object.values(applicant) }],
    });
    expect(fp64.status).toBe(400);
    expect(((await fp64.json()) as { error: string }).error).toMatch(/FP32/);
  });

  it('bad input answers 4xx naming the problem, in the protocol’s {"error": "..."} form', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ ...applicant, salary: 1 }, 400, /salary: unknown feature/],
      [{ income: 1, debt: 2, age: 3 }, 400, /history_score: missing/],
      [{ ...applicant, age: 'old' }, 400, /age: expected a number/],
      [[], 400, /empty/],
      ['{"income": NaN}', 400, /./],
      [{ ...applicant, debt: null }, 400, /debt/],
    ];
    for (const [body, status, message] of cases) {
      const res = await predict(body);
      expect(res.status).toBe(status);
      const error = ((await res.json()) as { error: unknown }).error;
      expect(typeof error).toBe('string');
      expect(error).toMatch(message);
    }
    const big = await predict(JSON.stringify({ income: 'x'.repeat(10 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    const missing = await post('/v1/models/nope:predict?project=ml', applicant);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toContain('nope');
    const anonymous = await predict(applicant, null);
    expect(anonymous.status).toBe(401);
    // The wrong method: 405 naming the right one, in the protocol's form.
    const wrongMethod = await get('/v1/models/credit-risk:predict?project=ml');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(await wrongMethod.json()).toEqual({
      error: 'Method GET is not allowed here: use POST',
    });
  });

  it('follows an alias move with a new revision, and rolls back in one call', async () => {
    await setAlias(connection, {
      project: 'ml',
      model: 'credit-risk',
      alias: 'champion',
      version: 2,
      reason: 'better AUC',
    });
    const moved = await eventually(async () => {
      const d = await serving().deployments.get.query({ project: 'ml', deployment: 'credit-risk' });
      if (d.live?.championVersion !== 2) throw new Error('not yet');
      return d;
    });
    expect(moved.revision).toMatchObject({ revision: 2, championVersion: 2 });
    expect(moved.revision.reason).toContain('champion moved v1 → v2: better AUC');
    const res = await predict(applicant);
    expect(res.headers.get('x-sextant-model-version')).toBe('2');
    const body = (await res.json()) as Record<string, number>;
    expect(body['default_probability']).toBeCloseTo(Number(pDefault(V2, applicant).toFixed(4)), 4);

    const back = await serving().deployments.rollback.mutate({
      project: 'ml',
      deployment: 'credit-risk',
      toRevision: 1,
    });
    expect(back.revision).toMatchObject({ revision: 3, championVersion: 1, restores: 1 });
    expect(back.live).toMatchObject({ revision: 3, championVersion: 1 });
    expect((await predict(applicant)).headers.get('x-sextant-model-version')).toBe('1');
    const revisions = await serving().deployments.revisions.query({
      project: 'ml',
      deployment: 'credit-risk',
    });
    expect(revisions.map((r) => [r.revision, r.championVersion])).toEqual([
      [3, 1],
      [2, 2],
      [1, 1],
    ]);
  });

  it('refuses a deployment whose outputs do not fit, and keeps serving the running revision', async () => {
    const refused = await serving()
      .deployments.update.mutate({
        project: 'ml',
        deployment: 'credit-risk',
        outputFields: [{ field: 'p', output: 'probabilities', column: 5 }],
      })
      .then(
        () => null,
        (e: { data?: { httpStatus?: number }; message: string }) => e,
      );
    expect(refused?.data?.httpStatus).toBe(400);
    expect(refused?.message).toMatch(/column/);
    const now = await serving().deployments.get.query({ project: 'ml', deployment: 'credit-risk' });
    expect(now.revision.revision).toBe(3);
    expect((await predict(applicant)).status).toBe(200);
  });

  it('canary: a weight of 100 sends every request to the challenger; shadow mirrors and reports', async () => {
    await serving().deployments.update.mutate({
      project: 'ml',
      deployment: 'credit-risk',
      canaryWeight: 100,
    });
    expect((await predict(applicant)).headers.get('x-sextant-route')).toBe('challenger');
    await serving().deployments.update.mutate({
      project: 'ml',
      deployment: 'credit-risk',
      canaryWeight: 0,
      shadowPercent: 100,
    });
    for (let i = 0; i < 20; i++)
      expect((await predict(applicant)).headers.get('x-sextant-route')).toBe('champion');
    const report = await eventually(async () => {
      const r = await serving().deployments.shadowReport.query({
        project: 'ml',
        deployment: 'credit-risk',
      });
      if (r.mirrored < 20) throw new Error(`mirrored ${r.mirrored}`);
      return r;
    });
    expect(report).toMatchObject({
      mirrored: 20,
      errors: 0,
      championVersion: 1,
      challengerVersion: 2,
    });
    const delta = Math.abs(
      Number(pDefault(V1, applicant).toFixed(4)) - Number(pDefault(V2, applicant).toFixed(4)),
    );
    expect(report.outputDelta.field).toBe('default_probability');
    expect(report.outputDelta.mean!).toBeCloseTo(delta, 4);
    expect(report.latencyMs.p95).not.toBeNull();
    const metrics = await (await fetch(`${p.url}/metrics`)).text();
    expect(metrics).toMatch(
      /sextant_serving_requests_total\{[^}]*deployment="credit-risk"[^}]*route="champion"/,
    );
  });

  it('rolls out progressively: each step passes its analysis, or a failed step rolls back', async () => {
    const reasons = async () =>
      (
        await serving().deployments.revisions.query({ project: 'ml', deployment: 'credit-risk' })
      ).map((r) => r.reason);
    const drive = async (until: (rs: string[]) => boolean) => {
      for (let i = 0; i < 400; i++) {
        await Promise.all([0, 1, 2, 3, 4].map(() => predict(applicant)));
        if (until(await reasons())) return;
      }
      throw new Error(`rollout did not finish: ${(await reasons()).slice(0, 5).join(' | ')}`);
    };
    const rollout = {
      steps: [10, 50, 100],
      stepSeconds: 1,
      minRequests: 3,
      maxErrorRateIncrease: 0.5,
      maxP99Ratio: 1000,
    };
    await serving().deployments.update.mutate({
      project: 'ml',
      deployment: 'credit-risk',
      shadowPercent: 0,
      rollout,
    });
    await drive((rs) => rs[0]!.startsWith('rollout complete'));
    const done = await reasons();
    expect(done.slice(0, 4).map((r) => r.split(':')[0])).toEqual([
      'rollout complete',
      'rollout step 3/3',
      'rollout step 2/3',
      'rollout step 1/3',
    ]);
    const now = await serving().deployments.get.query({ project: 'ml', deployment: 'credit-risk' });
    expect(now.revision.spec).toMatchObject({ canaryWeight: 100 });
    expect(now.revision.spec.rollout).toBeUndefined();

    // A rollout whose latency limit no challenger can meet fails at its first step and rolls back.
    const before = now.revision.revision;
    await serving().deployments.update.mutate({
      project: 'ml',
      deployment: 'credit-risk',
      canaryWeight: 0,
      rollout: { ...rollout, maxP99Ratio: 1e-9 },
    });
    await drive((rs) => rs[0]!.startsWith('rollout failed'));
    const failed = await serving().deployments.get.query({
      project: 'ml',
      deployment: 'credit-risk',
    });
    expect(failed.revision).toMatchObject({ restores: before + 1 });
    expect(failed.revision.spec).toMatchObject({ canaryWeight: 0 });
    expect(failed.revision.spec.rollout).toBeUndefined();
    expect(failed.revision.reason).toMatch(/rollout failed at step 1\/3 \(10 %\): p99/);
  }, 60_000);

  it('rolls back automatically when the p99 latency passes the policy’s limit', async () => {
    const set = await serving().deployments.update.mutate({
      project: 'ml',
      deployment: 'credit-risk',
      autoRollback: { maxP99Ms: 0.000001, windowSeconds: 5, minRequests: 10 },
    });
    const policyRevision = set.revision.revision;
    const back = await eventually(async () => {
      await Promise.all(Array.from({ length: 5 }, () => predict(applicant)));
      const d = await serving().deployments.get.query({ project: 'ml', deployment: 'credit-risk' });
      if (d.revision.revision === policyRevision) throw new Error('not yet');
      return d;
    });
    expect(back.revision).toMatchObject({
      revision: policyRevision + 1,
      restores: policyRevision - 1,
    });
    expect(back.revision.reason).toMatch(
      /^automatic rollback: the champion of revision \d+ had p99 [\d.]+ ms > 0.000001 ms/,
    );
    expect(back.revision.spec.autoRollback).toBeUndefined();
  }, 30_000);

  it('refuses a version whose file does not load, and keeps serving the running revision', async () => {
    const connection = { url: p.url, apiKey: p.key };
    const v3: CreditModel = { w: [0, 0, 0, 0], b: 0 };
    const version = await registerCreditVersion(connection, {
      project: 'ml',
      model: 'credit-risk',
      run: 'lr-v3',
      credit: v3,
    });
    const { sha256 } = await p.admin.tracking.models.getVersion.query({
      project: 'ml',
      model: 'credit-risk',
      version,
    });
    // The stored file goes bad after registration (a damaged disk, a bad copy between stores).
    const find = async (dir: string): Promise<string | null> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          const found = await find(full);
          if (found) return found;
        } else if (entry.name === sha256) return full;
      }
      return null;
    };
    const file = await find(path.join(p.home, 'artifacts'));
    expect(file).not.toBeNull();
    await writeFile(file!, 'not a model any more');
    const before = await serving().deployments.get.query({
      project: 'ml',
      deployment: 'credit-risk',
    });
    await setAlias(connection, {
      project: 'ml',
      model: 'credit-risk',
      alias: 'champion',
      version,
      reason: 'broken',
    });
    const refused = await eventually(async () => {
      const { items } = await p.admin.platform.audit.list.query({
        project: 'ml',
        action: 'serving.alias-move-not-followed',
      });
      if (!items.length) throw new Error('not yet');
      return items[0]!;
    });
    expect(JSON.stringify(refused.after)).toMatch(
      /credit-risk v\d+ \(the champion\) does not load/,
    );
    const after = await serving().deployments.get.query({
      project: 'ml',
      deployment: 'credit-risk',
    });
    expect(after.revision.revision).toBe(before.revision.revision);
    expect((await predict(applicant)).status).toBe(200);
    // Deploying it directly is refused with the same message, and nothing changes.
    await setAlias(connection, { project: 'ml', model: 'credit-risk', alias: 'broken', version });
    const direct = await eventually(async () => {
      const r = await serving()
        .deployments.update.mutate({
          project: 'ml',
          deployment: 'credit-risk',
          challengerAlias: 'broken',
        })
        .then(
          () => null,
          (e: { data?: { httpStatus?: number }; message: string }) => e,
        );
      if (r?.message.includes('has no alias')) throw new Error('alias not known yet');
      return r;
    });
    expect(direct?.data?.httpStatus).toBe(400);
    expect(direct?.message).toMatch(/does not load/);
    expect(
      (await serving().deployments.get.query({ project: 'ml', deployment: 'credit-risk' })).revision
        .revision,
    ).toBe(before.revision.revision);
  }, 60_000);
});
