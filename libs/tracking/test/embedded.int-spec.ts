import { type TrackingHarness, outcome, startTracking } from './harness';

/**
 * The same tracking paths on the embedded database (PGlite, one connection), as `npm start` runs
 * them on a bare machine: bulk batches with NaN, concurrent writers, search with a filter and a
 * metric order, downsampled history, artifacts and a dataset version.
 */
describe('tracking on the embedded database', () => {
  let h: TrackingHarness;
  beforeAll(async () => {
    h = await startTracking({ embedded: true });
    await h.tracking.experiments.create.mutate({ project: h.project, name: 'embedded' });
  });
  afterAll(() => h.close());

  it('logs, searches, downsamples and profiles', async () => {
    const runs: string[] = [];
    for (const depth of ['4', '8']) {
      runs.push(
        (
          await h.tracking.runs.create.mutate({
            project: h.project,
            experiment: 'embedded',
            name: `rf-${depth}`,
          })
        ).id,
      );
    }
    await Promise.all(
      Array.from({ length: 8 }, (_, w) =>
        h.tracking.runs.logBatch.mutate({
          project: h.project,
          runId: runs[w % 2]!,
          batchId: `w${w}`,
          metrics: Array.from({ length: 2000 }, (_, i) => ({
            key: `k${i % 4}`,
            value: i === 7 ? 'NaN' : w + i / 1e4,
            step: w * 1000 + i,
          })),
          params: [{ key: 'max_depth', value: w % 2 === 0 ? '4' : '8' }],
        }),
      ),
    );
    const history = await h.tracking.metrics.history.query({
      project: h.project,
      runId: runs[0]!,
      key: 'k3',
    });
    expect(history.total).toBe(4 * 500);
    expect(history.points.some((p) => p.value === 'NaN')).toBe(true);
    const small = await h.tracking.metrics.history.query({
      project: h.project,
      runId: runs[0]!,
      key: 'k1',
      maxPoints: 100,
    });
    expect(small.downsampled).toBe(true);
    expect(small.points.length).toBeLessThanOrEqual(100);

    const found = await h.tracking.runs.search.query({
      project: h.project,
      filter: "params.max_depth = '8' and metrics.k0 > 1",
      orderBy: ['metrics.k0 DESC'],
    });
    expect(found.runs.map((r) => r.name)).toEqual(['rf-8']);
    const bad = await outcome(
      h.tracking.runs.search.query({ project: h.project, filter: 'metrics.k0 >' }),
    );
    expect(bad.status).toBe(400);

    const csv = 'x,label\n1,a\n2,b\n3,a\n';
    const put = await fetch(`${h.url}/api/v1/runs/${runs[0]}/artifacts/data.csv`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${h.key}` },
      body: csv,
    });
    expect(put.status).toBe(201);
    const dataset = await h.tracking.datasets.create.mutate({
      project: h.project,
      name: 'tiny',
      runId: runs[0]!,
      path: 'data.csv',
    });
    expect(dataset).toMatchObject({ version: 1, rowCount: 3 });
    const got = await fetch(`${h.url}/api/v1/runs/${runs[0]}/artifacts/data.csv`, {
      headers: { authorization: `Bearer ${h.key}` },
    });
    expect(await got.text()).toBe(csv);
  });
});
