import { randomUUID } from 'node:crypto';
import { type TrackingHarness, outcome, startTracking } from './harness';

describe('runs.logBatch and metrics.history', () => {
  let h: TrackingHarness;
  const newRun = async () =>
    (await h.tracking.runs.create.mutate({ project: h.project, experiment: 'batches' })).id;
  const pointsOf = async (runId: string, key: string) =>
    (await h.tracking.metrics.history.query({ project: h.project, runId, key })).points;

  beforeAll(async () => {
    h = await startTracking();
    await h.tracking.experiments.create.mutate({ project: h.project, name: 'batches' });
  });
  afterAll(() => h.close());

  it('takes 10,000 metrics in one call, and a retry writes nothing twice and answers the same', async () => {
    const runId = await newRun();
    const metrics = Array.from({ length: 10_000 }, (_, i) => ({
      key: `m${i % 10}`,
      value: i / 7,
      step: Math.floor(i / 10),
      timestamp: 1_700_000_000_000 + i,
    }));
    const input = {
      project: h.project,
      runId,
      batchId: randomUUID(),
      metrics,
      params: [{ key: 'lr', value: '0.1' }],
    };
    const first = await h.tracking.runs.logBatch.mutate(input);
    expect(first).toEqual({ runId, batchId: input.batchId, metrics: 10_000, params: 1, tags: 0 });
    const retry = await h.tracking.runs.logBatch.mutate(input);
    expect(retry).toEqual(first);
    const history = await h.tracking.metrics.history.query({
      project: h.project,
      runId,
      key: 'm3',
    });
    expect(history.total).toBe(1000);
    expect(history.points[999]).toEqual({
      step: 999,
      timestamp: 1_700_000_000_000 + 9993,
      value: 9993 / 7,
    });
    const run = await h.tracking.runs.get.query({ project: h.project, runId });
    expect(run.metrics['m3']).toBe(9993 / 7);

    const reused = await outcome(
      h.tracking.runs.logBatch.mutate({ ...input, metrics: metrics.slice(1) }),
    );
    expect(reused.status).toBe(409);
    expect(reused.fields.map((f) => f.path)).toEqual(['batchId']);
  });

  it('params are write-once: another value is a 409 naming the key, and nothing of that batch is kept', async () => {
    const runId = await newRun();
    await h.tracking.runs.logBatch.mutate({
      project: h.project,
      runId,
      batchId: 'a',
      params: [{ key: 'max_depth', value: '4' }],
    });
    const same = await outcome(
      h.tracking.runs.logBatch.mutate({
        project: h.project,
        runId,
        batchId: 'b',
        params: [{ key: 'max_depth', value: '4' }],
      }),
    );
    expect(same.status).toBe(200);
    const clash = await outcome(
      h.tracking.runs.logBatch.mutate({
        project: h.project,
        runId,
        batchId: 'c',
        metrics: [{ key: 'loss', value: 1 }],
        params: [
          { key: 'n_estimators', value: '100' },
          { key: 'max_depth', value: '8' },
        ],
        tags: [{ key: 'stage', value: 'x' }],
      }),
    );
    expect(clash.status).toBe(409);
    expect(clash.message).toContain('max_depth');
    expect(clash.fields).toEqual([
      { path: 'params.1.value', message: expect.stringContaining('max_depth') },
    ]);
    const run = await h.tracking.runs.get.query({ project: h.project, runId });
    expect(run.params).toEqual({ max_depth: '4' });
    expect(run.tags).toEqual({});
    expect(await pointsOf(runId, 'loss')).toEqual([]);
    // The refused batch id is not burnt: a corrected batch under it goes through.
    await h.tracking.runs.logBatch.mutate({
      project: h.project,
      runId,
      batchId: 'c',
      metrics: [{ key: 'loss', value: 1, step: 0 }],
    });
    expect(await pointsOf(runId, 'loss')).toHaveLength(1);
  });

  it('stores NaN and ±Infinity as MLflow does, not as errors', async () => {
    const runId = await newRun();
    await h.tracking.runs.logBatch.mutate({
      project: h.project,
      runId,
      batchId: 'nan',
      metrics: [
        { key: 'loss', value: 'NaN', step: 0, timestamp: 1 },
        { key: 'loss', value: 'Infinity', step: 1, timestamp: 2 },
        { key: 'loss', value: '-Infinity', step: 2, timestamp: 3 },
        { key: 'loss', value: 0.5, step: 3, timestamp: 4 },
        { key: 'gap', value: 'NaN', step: 0, timestamp: 5 },
      ],
    });
    expect((await pointsOf(runId, 'loss')).map((p) => p.value)).toEqual([
      'NaN',
      'Infinity',
      '-Infinity',
      0.5,
    ]);
    const run = await h.tracking.runs.get.query({ project: h.project, runId });
    expect(run.metrics).toEqual({ gap: 'NaN', loss: 0.5 });
  });

  it('keeps the latest value by step, then timestamp, whatever the order batches arrive in', async () => {
    const runId = await newRun();
    await h.tracking.runs.logBatch.mutate({
      project: h.project,
      runId,
      batchId: '1',
      metrics: [{ key: 'acc', value: 0.9, step: 10, timestamp: 100 }],
    });
    await h.tracking.runs.logBatch.mutate({
      project: h.project,
      runId,
      batchId: '2',
      metrics: [{ key: 'acc', value: 0.1, step: 2, timestamp: 200 }],
    });
    expect((await h.tracking.runs.get.query({ project: h.project, runId })).metrics['acc']).toBe(
      0.9,
    );
    await h.tracking.runs.logBatch.mutate({
      project: h.project,
      runId,
      batchId: '3',
      metrics: [{ key: 'acc', value: 0.95, step: 10, timestamp: 101 }],
    });
    expect((await h.tracking.runs.get.query({ project: h.project, runId })).metrics['acc']).toBe(
      0.95,
    );
  });

  it('refuses bad input with a 4xx naming the field', async () => {
    const runId = await newRun();
    const base = { project: h.project, runId, batchId: 'bad' };
    const longKey = await outcome(
      h.tracking.runs.logBatch.mutate({ ...base, metrics: [{ key: 'k'.repeat(251), value: 1 }] }),
    );
    expect(longKey.status).toBe(400);
    expect(longKey.fields.map((f) => f.path)).toEqual(['metrics.0.key']);
    const step = await outcome(
      h.tracking.runs.logBatch.mutate({ ...base, metrics: [{ key: 'k', value: 1, step: 1.5 }] }),
    );
    expect(step.status).toBe(400);
    expect(step.fields.map((f) => f.path)).toEqual(['metrics.0.step']);
    const value = await outcome(
      h.tracking.runs.logBatch.mutate({
        ...base,
        metrics: [{ key: 'k', value: 'lots' as unknown as number }],
      }),
    );
    expect(value.status).toBe(400);
    expect(value.fields.map((f) => f.path)).toEqual(['metrics.0.value']);
    const unknown = await outcome(
      h.tracking.runs.logBatch.mutate({
        ...base,
        runId: randomUUID(),
        metrics: [{ key: 'k', value: 1 }],
      }),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.fields.map((f) => f.path)).toEqual(['runId']);
  });

  it('a body over the limit is a 413, and nothing is written', async () => {
    const runId = await newRun();
    const res = await fetch(`${h.url}/trpc/tracking/runs.logBatch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        project: h.project,
        runId,
        batchId: 'huge',
        metrics: [{ key: 'k', value: 1 }],
        tags: [{ key: 'pad', value: 'x'.repeat(9 * 1024 * 1024) }],
      }),
    });
    expect(res.status).toBe(413);
    expect(await pointsOf(runId, 'k')).toEqual([]);
  });

  it('32 concurrent writers to one run: no deadlock, nothing lost, nothing doubled', async () => {
    const runId = await newRun();
    const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
    const writer = async (w: number) => {
      for (let b = 0; b < 3; b++) {
        // Every writer touches every key, half of them in reverse order: the pattern that
        // deadlocked MLflow (mlflow/mlflow#24923).
        const order = w % 2 === 0 ? keys : [...keys].reverse();
        const input = {
          project: h.project,
          runId,
          batchId: `w${w}-b${b}`,
          metrics: order.flatMap((key) =>
            Array.from({ length: 10 }, (_, j) => ({
              key,
              value: w + j / 10,
              step: w * 100 + b * 10 + j,
            })),
          ),
          // Tags of its own: shared tag keys would queue the writers behind each other's locks and
          // hide a lock-order bug in the latest metrics (this test fails if those are not sorted).
          tags: [{ key: `writer-${w}`, value: `b${b}` }],
          params: [{ key: `writer-${w}`, value: String(w) }],
        };
        await h.tracking.runs.logBatch.mutate(input);
        if (b === 1) await h.tracking.runs.logBatch.mutate(input); // a retry, concurrently with others
      }
    };
    await Promise.all(Array.from({ length: 32 }, (_, w) => writer(w)));
    for (const key of ['k0', 'k199']) {
      const history = await h.tracking.metrics.history.query({ project: h.project, runId, key });
      expect(history.total).toBe(32 * 3 * 10);
      expect(new Set(history.points.map((p) => p.step)).size).toBe(32 * 3 * 10);
    }
    const run = await h.tracking.runs.get.query({ project: h.project, runId });
    expect(Object.keys(run.params)).toHaveLength(32);
    // The latest point of every key is the one with the largest step: writer 31, batch 2, j 9.
    expect(run.metrics['k7']).toBe(31 + 0.9);
    expect(run.tags['writer-5']).toBe('b2');
  });

  it('downsamples a long history so charts stay fast, keeping the extremes', async () => {
    const runId = await newRun();
    const n = 20_000;
    const metrics = Array.from({ length: n }, (_, i) => ({
      key: 'loss',
      value: Math.sin(i / 100),
      step: i,
      timestamp: i,
    }));
    metrics[12_345]!.value = 50; // a spike must survive
    await h.tracking.runs.logBatch.mutate({
      project: h.project,
      runId,
      batchId: 'long-1',
      metrics: metrics.slice(0, 10_000),
    });
    await h.tracking.runs.logBatch.mutate({
      project: h.project,
      runId,
      batchId: 'long-2',
      metrics: metrics.slice(10_000),
    });
    const d = await h.tracking.metrics.history.query({
      project: h.project,
      runId,
      key: 'loss',
      maxPoints: 500,
    });
    expect(d).toMatchObject({ total: n, downsampled: true });
    expect(d.points.length).toBeLessThanOrEqual(500);
    expect(d.points.length).toBeGreaterThan(400);
    expect(d.points).toContainEqual({ step: 12_345, timestamp: 12_345, value: 50 });
    const steps = d.points.map((p) => p.step);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(steps[0]).toBe(0);
    const full = await h.tracking.metrics.history.query({
      project: h.project,
      runId,
      key: 'loss',
      maxPoints: 50_000,
    });
    expect(full).toMatchObject({ total: n, downsampled: false });
    expect(full.points).toHaveLength(n);
  });
});
