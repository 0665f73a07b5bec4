import { type TrackingHarness, outcome, startTracking } from './harness';

describe('experiments and runs', () => {
  let h: TrackingHarness;
  beforeAll(async () => {
    h = await startTracking();
  });
  afterAll(() => h.close());

  it('creates, lists, updates, archives and restores experiments; names are unique', async () => {
    const e = await h.tracking.experiments.create.mutate({
      project: h.project,
      name: 'churn',
      description: 'first try',
      tags: { team: 'risk' },
    });
    expect(e).toMatchObject({
      name: 'churn',
      tags: { team: 'risk' },
      archived: false,
      runCount: 0,
    });
    const dup = await outcome(
      h.tracking.experiments.create.mutate({ project: h.project, name: 'churn' }),
    );
    expect(dup.status).toBe(409);
    expect(dup.fields.map((f) => f.path)).toContain('name');

    const updated = await h.tracking.experiments.update.mutate({
      project: h.project,
      experiment: 'churn',
      description: null,
      tags: { team: null, owner: 'ana' },
    });
    expect(updated).toMatchObject({ description: null, tags: { owner: 'ana' } });
    expect(
      await h.tracking.experiments.get.query({ project: h.project, experiment: e.id }),
    ).toMatchObject({ name: 'churn' });

    await h.tracking.experiments.archive.mutate({ project: h.project, experiment: 'churn' });
    expect(
      (await h.tracking.experiments.list.query({ project: h.project })).map((x) => x.name),
    ).not.toContain('churn');
    expect(
      (await h.tracking.experiments.list.query({ project: h.project, view: 'archived' })).map(
        (x) => x.name,
      ),
    ).toEqual(['churn']);
    const refused = await outcome(
      h.tracking.runs.create.mutate({ project: h.project, experiment: 'churn' }),
    );
    expect(refused.status).toBe(409);
    await h.tracking.experiments.restore.mutate({ project: h.project, experiment: 'churn' });
    expect(
      (await h.tracking.experiments.list.query({ project: h.project })).map((x) => x.name),
    ).toContain('churn');
  });

  it('runs: create with code version and tags, finish, delete and restore', async () => {
    await h.tracking.experiments.create.mutate({ project: h.project, name: 'lifecycle' });
    const run = await h.tracking.runs.create.mutate({
      project: h.project,
      experiment: 'lifecycle',
      name: 'rf-50-4',
      tags: { 'mlflow.source': 'ci' },
      code: {
        commit: 'a1b2c3d',
        repository: 'git@example.com:ml/churn.git',
        branch: 'main',
        dirty: false,
      },
    });
    expect(run).toMatchObject({
      name: 'rf-50-4',
      status: 'running',
      endTime: null,
      experimentName: 'lifecycle',
      tags: { 'mlflow.source': 'ci' },
      code: { commit: 'a1b2c3d', branch: 'main', dirty: false },
    });
    const finished = await h.tracking.runs.update.mutate({
      project: h.project,
      runId: run.id,
      status: 'finished',
    });
    expect(finished.status).toBe('finished');
    expect(finished.endTime).not.toBeNull();

    await h.tracking.runs.delete.mutate({ project: h.project, runId: run.id });
    expect(
      (await h.tracking.runs.get.query({ project: h.project, runId: run.id })).deletedAt,
    ).not.toBeNull();
    const logToDeleted = await outcome(
      h.tracking.runs.logBatch.mutate({
        project: h.project,
        runId: run.id,
        batchId: 'b1',
        metrics: [{ key: 'x', value: 1 }],
      }),
    );
    expect(logToDeleted.status).toBe(409);
    await h.tracking.runs.restore.mutate({ project: h.project, runId: run.id });
    expect(
      (await h.tracking.runs.get.query({ project: h.project, runId: run.id })).deletedAt,
    ).toBeNull();
  });

  it('publishes tracking.run-finished once, through the outbox', async () => {
    const run = await h.tracking.runs.create.mutate({
      project: h.project,
      experiment: 'lifecycle',
    });
    await h.tracking.runs.update.mutate({ project: h.project, runId: run.id, status: 'failed' });
    await h.tracking.runs.update.mutate({ project: h.project, runId: run.id, status: 'killed' });
    const rows = await h.running.platform.db.prisma.outboxEvent.findMany({
      where: { topic: { contains: 'run-finished' } },
    });
    const mine = rows.filter((r) => JSON.stringify(r.envelope).includes(run.id));
    expect(mine).toHaveLength(1);
    expect(JSON.stringify(mine[0]!.envelope)).toContain('"status":"failed"');
  });

  it('an unknown run is a 404 naming it; a malformed id is a 400 naming runId', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const missing = await outcome(h.tracking.runs.get.query({ project: h.project, runId: id }));
    expect(missing.status).toBe(404);
    expect(missing.message).toContain(id);
    const bad = await outcome(h.tracking.runs.get.query({ project: h.project, runId: 'nope' }));
    expect(bad.status).toBe(400);
    expect(bad.fields.map((f) => f.path)).toEqual(['runId']);
    const unknownExperiment = await outcome(
      h.tracking.runs.create.mutate({ project: h.project, experiment: 'ghost' }),
    );
    expect(unknownExperiment.status).toBe(404);
    expect(unknownExperiment.message).toContain('ghost');
  });

  it('compares runs: params side by side with the ones that differ', async () => {
    await h.tracking.experiments.create.mutate({ project: h.project, name: 'cmp' });
    const ids: string[] = [];
    for (const depth of ['4', '8']) {
      const r = await h.tracking.runs.create.mutate({ project: h.project, experiment: 'cmp' });
      await h.tracking.runs.logBatch.mutate({
        project: h.project,
        runId: r.id,
        batchId: `p-${depth}`,
        params: [
          { key: 'max_depth', value: depth },
          { key: 'criterion', value: 'gini' },
        ],
        metrics: [{ key: 'acc', value: depth === '4' ? 0.9 : 0.95 }],
      });
      ids.push(r.id);
    }
    const c = await h.tracking.runs.compare.query({ project: h.project, runIds: ids });
    expect(c.params).toEqual([
      { key: 'criterion', values: ['gini', 'gini'], differs: false },
      { key: 'max_depth', values: ['4', '8'], differs: true },
    ]);
    expect(c.metrics).toEqual([{ key: 'acc', values: [0.9, 0.95] }]);
    const tooMany = await outcome(
      h.tracking.runs.compare.query({ project: h.project, runIds: Array(11).fill(ids[0]) }),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.fields[0]!.path).toBe('runIds');
  });

  it('answers ten queries batched into one request, as the console sends them', async () => {
    const run = await h.tracking.runs.create.mutate({
      project: h.project,
      experiment: 'lifecycle',
    });
    const input = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [i, { project: h.project, runId: run.id, key: 'loss' }]),
    );
    const paths = Array.from({ length: 10 }, () => 'metrics.history').join(',');
    const res = await fetch(
      `${h.url}/trpc/tracking/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`,
      { headers: { authorization: `Bearer ${h.key}` } },
    );
    expect(res.status).toBe(200);
    expect((await res.json()) as unknown[]).toHaveLength(10);
  });
});
