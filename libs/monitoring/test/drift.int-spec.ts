import { normalSample } from '@sextant/plugin-sdk/testing';
import { type MonitoringHarness, outcome, startMonitoring } from './harness';

// The seed scenario of issue 9 over the API: the samples of plugins/stattests/test/seed.spec.ts,
// whose independent computation (SciPy 1.17.1, numpy 2.4.6) gives PSI 0.08195289064410288 and
// ks_2samp statistic 0.1252, p-value 1.5033394996675705e-34. JSON carries the doubles exactly.
const baseline = Array.from(normalSample(20260101, 5000, 0, 1));
const production = Array.from(normalSample(20260102, 5000, 0.3, 1.1));

describe('monitoring.drift.compute', () => {
  let h: MonitoringHarness;
  beforeAll(async () => {
    h = await startMonitoring();
  });
  afterAll(() => h.close());

  const data = {
    reference: { columns: { x: [1, 2, 3, 4], c: ['a', 'b', 'a', 'b'] } },
    current: { columns: { x: [2, 3, 4, 5], c: ['a', 'a', 'b', 'b'] } },
  };
  const compute = (input: Record<string, unknown>) =>
    h.monitoring.drift.compute.mutate({ project: h.project, ...input } as never);

  it('reports the seed scenario: PSI stable, KS drifted, the dataset drifted', async () => {
    const report = await h.monitoring.drift.compute.mutate({
      project: h.project,
      reference: { columns: { x: baseline } },
      current: { columns: { x: production } },
      tests: ['psi', 'ks'],
    });
    const [psi, ks] = report.columns[0]!.tests;
    expect(Math.abs((psi!.statistic as number) - 0.08195289064410288)).toBeLessThan(1e-11);
    expect(psi).toMatchObject({ test: 'psi', threshold: 0.1, drifted: false });
    expect(psi!.details).toMatchObject({ level: 'stable' });
    expect(ks).toMatchObject({ test: 'ks', statistic: 0.1252, threshold: 0.05, drifted: true });
    expect(Math.abs((ks!.pValue as number) / 1.5033394996675705e-34 - 1)).toBeLessThan(1e-8);
    expect(report).toMatchObject({
      columnCount: 1,
      driftedColumnCount: 1,
      driftedShare: 1,
      driftShare: 0.5,
      datasetDrift: true,
    });
  });

  it('reads null as missing, and sends non-finite statistics as strings', async () => {
    const report = await compute({
      reference: {
        columns: { x: [1, 2, null, 4, 5, 6, 7], city: ['a', 'b', 'a', null, 'b', 'a', 'b'] },
      },
      current: {
        columns: { x: [1, 2, 3, 4, null, null, 7], city: ['a', 'b', 'c', 'a', 'b', 'a', 'b'] },
      },
      tests: { city: { test: 'chisquare' } },
      driftShare: 1,
    });
    const [x, city] = report.columns;
    expect(x).toMatchObject({
      kind: 'numeric',
      reference: { count: 6, missing: 1 },
      current: { count: 5, missing: 2 },
      tests: [{ test: 'ks', selection: 'automatic' }],
    });
    // A category the reference never had: χ² = ∞, p = 0 (SciPy's answer too).
    expect(city).toMatchObject({
      kind: 'categorical',
      reference: { count: 6, missing: 1 },
      tests: [{ test: 'chisquare', selection: 'given', statistic: 'Infinity', pValue: 0 }],
      drifted: true,
    });
    expect(report).toMatchObject({ driftedShare: 0.5, driftShare: 1, datasetDrift: false });
  });

  describe('bad input is a 400 naming the problem', () => {
    it('an unknown test, listing the known ones', async () => {
      const o = await outcome(compute({ ...data, tests: ['psi', 'nope'] }));
      expect(o.status).toBe(400);
      expect(o.fields['tests.1']).toMatch(/^unknown drift test 'nope'; known tests: psi, ks, /);
      expect(o.message).toContain("unknown drift test 'nope'");
    });

    it("params that fail the test's schema", async () => {
      const o = await outcome(
        compute({ ...data, tests: { x: { test: 'psi', params: { bins: 'ten' } } } }),
      );
      expect(o.status).toBe(400);
      expect(Object.keys(o.fields)).toEqual(['tests.x.params.bins']);
    });

    it('a column missing on one side, an empty column, a column mixing kinds of values', async () => {
      const missing = await outcome(
        compute({ reference: data.reference, current: { columns: { x: [1, 2] } } }),
      );
      expect(missing.status).toBe(400);
      expect(missing.fields['current.columns.c']).toMatch(/'c' is in reference but not in current/);
      const empty = await outcome(
        compute({ ...data, current: { columns: { x: [null, null], c: ['a', 'b'] } } }),
      );
      expect(empty.status).toBe(400);
      expect(empty.fields).toEqual({
        'current.columns.x': "column 'x' has no values in current (all 2 missing)",
      });
      const mixed = await outcome(
        compute({
          ...data,
          reference: { columns: { x: [1, 2, 'three', 4], c: ['a', 'b', 'a', 'b'] } },
        }),
      );
      expect(mixed.status).toBe(400);
      expect(Object.keys(mixed.fields)).toEqual(['reference.columns.x.2']);
    });

    it('input of the wrong shape', async () => {
      const o = await outcome(compute({ ...data, tests: 5, driftShare: 2 }));
      expect(o.status).toBe(400);
      expect(Object.keys(o.fields).sort()).toEqual(['driftShare', 'tests']);
      const noColumns = await outcome(compute({ ...data, reference: { columns: {} } }));
      expect(noColumns.fields).toEqual({ 'reference.columns': 'needs at least one column' });
    });

    it('a body past the API limit (8 MiB) is a 413, not a 500', async () => {
      const big = Array.from({ length: 1_100_000 }, (_, i) => i / 7);
      const res = await fetch(`${h.url}/trpc/monitoring/drift.compute`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ project: h.project, ...data, reference: { columns: { x: big } } }),
      });
      expect(res.status).toBe(413);
    });
  });

  describe('access: a viewer procedure of the project', () => {
    it('refuses a caller without a key', async () => {
      const res = await fetch(`${h.url}/trpc/monitoring/drift.compute`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ project: h.project }),
      });
      expect(res.status).toBe(401);
    });

    it("answers a viewer key of the project, and refuses another project's key", async () => {
      const { user } = await h.platform.users.create.mutate({ email: 'viewer@example.com' });
      await h.platform.projects.members.set.mutate({
        project: 'ml',
        email: user.email,
        role: 'viewer',
      });
      const { key } = await h.platform.apiKeys.create.mutate({
        name: 'ml-viewer',
        role: 'viewer',
        project: 'ml',
        email: user.email,
      });
      const viewer = h.as(key);
      const input = { project: 'ml', ...data, tests: ['psi'] };
      await expect(viewer.drift.compute.mutate(input)).resolves.toMatchObject({ columnCount: 2 });
      await h.platform.projects.create.mutate({ slug: 'other', name: 'Other' });
      const other = await outcome(viewer.drift.compute.mutate({ ...input, project: 'other' }));
      expect([403, 404]).toContain(other.status);
    });
  });
});
