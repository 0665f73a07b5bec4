import { type TrackingHarness, outcome, startTracking } from './harness';

/** Inputs a caller can send that once became a 500 or a wrong answer, each now a clear 4xx or right. */
describe('tracking edge cases', () => {
  let h: TrackingHarness;
  let runId: string;
  const p = () => h.project;
  beforeAll(async () => {
    h = await startTracking();
    await h.tracking.experiments.create.mutate({ project: h.project, name: 'edges' });
    runId = (await h.tracking.runs.create.mutate({ project: h.project, experiment: 'edges' })).id;
  });
  afterAll(() => h.close());

  it('refuses a NUL character anywhere in the input, naming the field', async () => {
    const nul = await outcome(
      h.tracking.runs.logBatch.mutate({
        project: p(),
        runId,
        batchId: 'nul',
        params: [{ key: 'a', value: 'x\u0000y' }],
      }),
    );
    expect(nul.status).toBe(400);
    expect(nul.fields).toEqual([{ path: 'params.0.value', message: 'contains a NUL character' }]);
    const name = await outcome(
      h.tracking.experiments.create.mutate({ project: p(), name: 'a\u0000' }),
    );
    expect(name.status).toBe(400);
  });

  it('takes metric keys in any script, as MLflow does', async () => {
    await h.tracking.runs.logBatch.mutate({
      project: p(),
      runId,
      batchId: 'unicode',
      metrics: [{ key: 'точность', value: 0.9 }],
    });
    expect((await h.tracking.runs.get.query({ project: p(), runId })).metrics['точность']).toBe(
      0.9,
    );
  });

  it('answers filters PostgreSQL would choke on with a 400 at their position', async () => {
    const like = await outcome(
      h.tracking.runs.search.query({ project: p(), filter: "run_name LIKE 'x\\\\'" }),
    );
    expect(like.status).toBe(400);
    expect(like.details?.['position']).toBe(0);
    const time = await outcome(
      h.tracking.runs.search.query({ project: p(), filter: 'start_time > 1e20' }),
    );
    expect(time.status).toBe(400);
    const cursor = Buffer.from(JSON.stringify({ o: 1e300, q: 'x' })).toString('base64url');
    expect((await outcome(h.tracking.runs.search.query({ project: p(), cursor }))).status).toBe(
      400,
    );
    const late = await outcome(
      h.tracking.runs.create.mutate({ project: p(), experiment: 'edges', startTime: 9e15 }),
    );
    expect(late.status).toBe(400);
    expect(late.fields[0]!.path).toBe('startTime');
  });

  it('lists the artifacts of a folder, not of every path sharing its first letters', async () => {
    for (const path of ['model/a.json', 'models/b.json', 'm_x/c.json']) {
      await fetch(`${h.url}/api/v1/runs/${runId}/artifacts/${path}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${h.key}` },
        body: '{}',
      });
    }
    const list = (prefix: string) =>
      h.tracking.artifacts.list
        .query({ project: p(), runId, prefix })
        .then((a) => a.map((x) => x.path));
    expect(await list('model')).toEqual(['model/a.json']);
    expect(await list('model/')).toEqual(['model/a.json']);
    expect(await list('m_')).toEqual([]);
    expect(await list('m_x')).toEqual(['m_x/c.json']);
  });

  it('finds an experiment by its id before a namesake named with that id', async () => {
    const real = await h.tracking.experiments.create.mutate({ project: p(), name: 'real' });
    await h.tracking.experiments.create.mutate({ project: p(), name: real.id });
    const run = await h.tracking.runs.create.mutate({ project: p(), experiment: real.id });
    expect(run.experimentName).toBe('real');
  });

  it('downsamples a history logged at one step by time', async () => {
    const r = (await h.tracking.runs.create.mutate({ project: p(), experiment: 'edges' })).id;
    const metrics = Array.from({ length: 3000 }, (_, i) => ({
      key: 'x',
      value: i % 7,
      timestamp: 1_000 + i,
    }));
    await h.tracking.runs.logBatch.mutate({ project: p(), runId: r, batchId: 'flat', metrics });
    const d = await h.tracking.metrics.history.query({
      project: p(),
      runId: r,
      key: 'x',
      maxPoints: 200,
    });
    expect(d.downsampled).toBe(true);
    expect(d.points.length).toBeGreaterThan(150);
    expect(d.points.length).toBeLessThanOrEqual(200);
  });

  it('a deleted run refuses new data and updates, but a retry of a committed batch gets its answer', async () => {
    const r = (await h.tracking.runs.create.mutate({ project: p(), experiment: 'edges' })).id;
    const batch = {
      project: p(),
      runId: r,
      batchId: 'before-delete',
      metrics: [{ key: 'k', value: 1 }],
    };
    const first = await h.tracking.runs.logBatch.mutate(batch);
    await h.tracking.runs.delete.mutate({ project: p(), runId: r });
    expect(await h.tracking.runs.logBatch.mutate(batch)).toEqual(first);
    expect(
      (await outcome(h.tracking.runs.logBatch.mutate({ ...batch, batchId: 'after' }))).status,
    ).toBe(409);
    expect(
      (await outcome(h.tracking.runs.update.mutate({ project: p(), runId: r, status: 'finished' })))
        .status,
    ).toBe(409);
    const put = await fetch(`${h.url}/api/v1/runs/${r}/artifacts/late.txt`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${h.key}` },
      body: 'late',
    });
    expect(put.status).toBe(409);
  });
});
