import { type TrackingHarness, outcome, startTracking } from './harness';

const IRIS_HEAD = `sepal_length,sepal_width,species
5.1,3.5,setosa
4.9,3.0,setosa
7.0,3.2,versicolor
6.4,,versicolor
6.3,3.3,virginica
`;

describe('dataset versions', () => {
  let h: TrackingHarness;
  let runId: string;
  const put = (path: string, body: string) =>
    fetch(`${h.url}/api/v1/runs/${runId}/artifacts/${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${h.key}` },
      body,
    });

  beforeAll(async () => {
    h = await startTracking();
    await h.tracking.experiments.create.mutate({ project: h.project, name: 'data' });
    runId = (await h.tracking.runs.create.mutate({ project: h.project, experiment: 'data' })).id;
  });
  afterAll(() => h.close());

  it('profiles a CSV artifact into a version; the same content is the same version', async () => {
    await put('data/iris.csv', IRIS_HEAD);
    const v1 = await h.tracking.datasets.create.mutate({
      project: h.project,
      name: 'iris',
      runId,
      path: 'data/iris.csv',
    });
    expect(v1).toMatchObject({
      name: 'iris',
      version: 1,
      rowCount: 5,
      schema: [
        { name: 'sepal_length', kind: 'numeric' },
        { name: 'sepal_width', kind: 'numeric' },
        { name: 'species', kind: 'categorical' },
      ],
      source: { runId, path: 'data/iris.csv' },
    });
    const profiles = v1.profile['profiles'] as Record<string, Record<string, unknown>>;
    expect(profiles['sepal_width']).toMatchObject({ count: 4, missing: 1, missingShare: 0.2 });
    expect(profiles['species']).toMatchObject({
      categories: [
        { value: 'setosa', count: 2 },
        { value: 'versicolor', count: 2 },
        { value: 'virginica', count: 1 },
      ],
    });
    const again = await h.tracking.datasets.create.mutate({
      project: h.project,
      name: 'iris',
      runId,
      path: 'data/iris.csv',
    });
    expect(again.id).toBe(v1.id);

    await put('data/iris2.csv', IRIS_HEAD + '5.0,3.6,setosa\n');
    const v2 = await h.tracking.datasets.create.mutate({
      project: h.project,
      name: 'iris',
      runId,
      path: 'data/iris2.csv',
    });
    expect(v2.version).toBe(2);
    expect(
      (await h.tracking.datasets.get.query({ project: h.project, name: 'iris' })).version,
    ).toBe(2);
    expect(
      (await h.tracking.datasets.get.query({ project: h.project, name: 'iris', version: 1 }))
        .rowCount,
    ).toBe(5);
    expect(
      (await h.tracking.datasets.list.query({ project: h.project })).map((d) => d.version),
    ).toEqual([2, 1]);

    const events = await h.running.platform.db.prisma.outboxEvent.findMany({
      where: { topic: { contains: 'dataset-version-created' } },
    });
    expect(events).toHaveLength(2);
  });

  it('links dataset versions to a run with their role', async () => {
    await h.tracking.runs.logInputs.mutate({
      project: h.project,
      runId,
      inputs: [
        { dataset: 'iris', version: 1, role: 'training' },
        { dataset: 'iris', role: 'validation' },
      ],
    });
    const run = await h.tracking.runs.get.query({ project: h.project, runId });
    expect(run.inputs.map((i) => [i.name, i.version, i.role])).toEqual([
      ['iris', 1, 'training'],
      ['iris', 2, 'validation'],
    ]);
    const missing = await outcome(
      h.tracking.runs.logInputs.mutate({
        project: h.project,
        runId,
        inputs: [{ dataset: 'iris', version: 9, role: 'test' }],
      }),
    );
    expect(missing.status).toBe(404);
    expect(missing.message).toContain('version 9');
  });

  it('refuses a ragged CSV with the line, and a missing artifact with its path', async () => {
    await put('data/bad.csv', 'a,b\n1,2\n3\n');
    const ragged = await outcome(
      h.tracking.datasets.create.mutate({
        project: h.project,
        name: 'bad',
        runId,
        path: 'data/bad.csv',
      }),
    );
    expect(ragged.status).toBe(400);
    expect(ragged.message).toMatch(/line 3/);
    const missing = await outcome(
      h.tracking.datasets.create.mutate({ project: h.project, name: 'x', runId, path: 'nope.csv' }),
    );
    expect(missing.status).toBe(404);
    expect(missing.message).toContain('nope.csv');
  });
});
