import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import protobuf from 'protobufjs';
import { logisticRegressionModel } from '@sextant/onnx';
import { type TrackingHarness, outcome, startTracking } from './harness';

/** A small valid model: 2 features, 2 classes. */
const onnx = (bias: number) =>
  Buffer.from(
    logisticRegressionModel({
      weights: [
        [1, -1],
        [-1, 1],
      ],
      intercepts: [bias, 0],
      classLabels: [0, 1],
      featureNames: ['x1', 'x2'],
    }),
  );

/** y = x + b whose initializer b says its data is in an external file `../../x` (ONNX's schema). */
function externalDataModel(): Buffer {
  const ModelProto = protobuf
    .loadSync(path.resolve(__dirname, '../../onnx/proto/onnx.proto'))
    .lookupType('onnx.ModelProto');
  const info = (name: string) => ({
    name,
    type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 2 }] } } },
  });
  const model = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 15 }],
    graph: {
      name: 'g',
      node: [{ opType: 'Add', input: ['x', 'b'], output: ['y'] }],
      initializer: [
        {
          name: 'b',
          dims: [2],
          dataType: 1,
          dataLocation: 1,
          externalData: [{ key: 'location', value: '../../x' }],
        },
      ],
      input: [info('x')],
      output: [info('y')],
    },
  };
  return Buffer.from(ModelProto.encode(ModelProto.fromObject(model)).finish());
}

describe('the model registry: versions from run artifacts, aliases and their history', () => {
  let h: TrackingHarness;
  let runId: string;
  const p = () => h.project;
  const put = async (path: string, body: Buffer) => {
    const res = await fetch(`${h.url}/api/v1/runs/${runId}/artifacts/${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${h.key}` },
      body,
    });
    expect(res.status).toBe(201);
  };

  beforeAll(async () => {
    h = await startTracking();
    await h.tracking.experiments.create.mutate({ project: h.project, name: 'reg' });
    runId = (await h.tracking.runs.create.mutate({ project: h.project, experiment: 'reg' })).id;
    await put('model/v1.onnx', onnx(0));
    await put('model/v2.onnx', onnx(0.5));
    await put('model/not-onnx.onnx', Buffer.from('this is not a model'));
    await put('model/truncated.onnx', onnx(0).subarray(0, 40));
    await put('model/external.onnx', externalDataModel());
    await h.tracking.models.create.mutate({ project: h.project, name: 'iris-lr' });
  });
  afterAll(() => h.close());

  it('registers versions with the signature read from the file', async () => {
    const v1 = await h.tracking.models.createVersion.mutate({
      project: p(),
      model: 'iris-lr',
      runId,
      artifactPath: 'model/v1.onnx',
    });
    expect(v1).toMatchObject({
      version: 1,
      status: 'ready',
      featureNames: ['x1', 'x2'],
      signature: {
        inputs: [{ name: 'input', elementType: 'float32', shape: ['N', 2] }],
        outputs: [
          { name: 'label', elementType: 'int64' },
          { name: 'probabilities', elementType: 'float32', shape: ['N', 2] },
        ],
      },
    });
    const v2 = await h.tracking.models.createVersion.mutate({
      project: p(),
      model: 'iris-lr',
      runId,
      artifactPath: 'model/v2.onnx',
    });
    expect(v2.version).toBe(2);
    const events = await h.running.platform.db.prisma.outboxEvent.findMany({
      where: { topic: { contains: 'model-version-registered' } },
    });
    expect(events).toHaveLength(2);
  });

  it('refuses a file that is not a valid ONNX model, and registers nothing', async () => {
    for (const artifactPath of [
      'model/not-onnx.onnx',
      'model/truncated.onnx',
      'model/external.onnx',
    ]) {
      const refused = await outcome(
        h.tracking.models.createVersion.mutate({
          project: p(),
          model: 'iris-lr',
          runId,
          artifactPath,
        }),
      );
      expect(refused.status).toBe(400);
      expect(refused.message).toContain('not a valid ONNX model');
      expect(refused.fields[0]!.path).toBe('artifactPath');
    }
    const names = await outcome(
      h.tracking.models.createVersion.mutate({
        project: p(),
        model: 'iris-lr',
        runId,
        artifactPath: 'model/v1.onnx',
        featureNames: ['a'],
      }),
    );
    expect(names.status).toBe(400);
    expect(names.fields[0]!.path).toBe('featureNames');
    const model = await h.tracking.models.get.query({ project: p(), model: 'iris-lr' });
    expect(model.versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('moves aliases, keeps every move, and answers what an alias pointed to at any time', async () => {
    const before = Date.now();
    await sleep(5);
    await h.tracking.models.setAlias.mutate({
      project: p(),
      model: 'iris-lr',
      alias: 'champion',
      version: 1,
      reason: 'first',
    });
    await sleep(5);
    const between = Date.now();
    await sleep(5);
    await h.tracking.models.setAlias.mutate({
      project: p(),
      model: 'iris-lr',
      alias: 'champion',
      version: 2,
      reason: 'gate passed',
    });
    await h.tracking.models.setAlias.mutate({
      project: p(),
      model: 'iris-lr',
      alias: 'champion',
      version: 2,
    }); // no-op
    expect(
      (
        await h.tracking.models.getByAlias.query({
          project: p(),
          model: 'iris-lr',
          alias: 'champion',
        })
      ).version,
    ).toBe(2);
    const at = (t: number) =>
      h.tracking.models.aliasAt.query({ project: p(), model: 'iris-lr', alias: 'champion', at: t });
    expect((await at(before)).version).toBeNull();
    expect(await at(between)).toMatchObject({
      version: 1,
      since: { fromVersion: null, toVersion: 1, reason: 'first' },
    });
    expect((await at(Date.now())).version).toBe(2);
    const history = await h.tracking.models.aliasHistory.query({ project: p(), model: 'iris-lr' });
    expect(history.map((m) => [m.fromVersion, m.toVersion, m.reason])).toEqual([
      [1, 2, 'gate passed'],
      [null, 1, 'first'],
    ]);
    const moved = await h.running.platform.db.prisma.outboxEvent.findMany({
      where: { topic: { contains: 'alias-moved' } },
    });
    expect(moved).toHaveLength(2);
    await h.tracking.models.deleteAlias.mutate({
      project: p(),
      model: 'iris-lr',
      alias: 'champion',
      reason: 'retired',
    });
    expect((await at(Date.now() + 1000)).version).toBeNull();
    expect((await h.tracking.models.list.query({ project: p() }))[0]).toMatchObject({
      name: 'iris-lr',
      aliases: {},
      latestVersion: 2,
    });
  });

  it('an alias on an unknown version or model is a 404 naming it', async () => {
    const version = await outcome(
      h.tracking.models.setAlias.mutate({
        project: p(),
        model: 'iris-lr',
        alias: 'champion',
        version: 9,
      }),
    );
    expect(version.status).toBe(404);
    expect(version.message).toContain('version 9');
    const model = await outcome(
      h.tracking.models.getByAlias.query({ project: p(), model: 'ghost', alias: 'champion' }),
    );
    expect(model.status).toBe(404);
    expect(model.message).toContain('ghost');
    const alias = await outcome(
      h.tracking.models.setAlias.mutate({
        project: p(),
        model: 'iris-lr',
        alias: 'Champion!',
        version: 1,
      }),
    );
    expect(alias.status).toBe(400);
    expect(alias.fields[0]!.path).toBe('alias');
  });

  it("answers a version's lineage: artifact, run with params and metrics, datasets, code commit", async () => {
    const r = await h.tracking.runs.create.mutate({
      project: p(),
      experiment: 'reg',
      code: { commit: '0123456789abcdef0123', branch: 'main' },
    });
    await h.tracking.runs.logBatch.mutate({
      project: p(),
      runId: r.id,
      batchId: 'l',
      params: [{ key: 'C', value: '1.0' }],
      metrics: [{ key: 'cv_accuracy', value: 0.95 }],
    });
    const csv = Buffer.from('x1,x2,y\n1,2,0\n2,1,1\n');
    for (const [path, body] of [
      ['data.csv', csv],
      ['model.onnx', onnx(0)],
    ] as const) {
      await fetch(`${h.url}/api/v1/runs/${r.id}/artifacts/${path}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${h.key}` },
        body,
      });
    }
    await h.tracking.datasets.create.mutate({
      project: p(),
      name: 'toy',
      runId: r.id,
      path: 'data.csv',
    });
    await h.tracking.runs.logInputs.mutate({
      project: p(),
      runId: r.id,
      inputs: [{ dataset: 'toy', role: 'training' }],
    });
    const v = await h.tracking.models.createVersion.mutate({
      project: p(),
      model: 'iris-lr',
      runId: r.id,
      artifactPath: 'model.onnx',
    });
    const graph = await h.tracking.models.lineage.query({
      project: p(),
      model: 'iris-lr',
      version: v.version,
    });
    expect(graph.nodes.map((n) => n.kind).sort()).toEqual(
      ['artifact', 'code-commit', 'dataset-version', 'experiment', 'model-version', 'run'].sort(),
    );
    expect(graph.edges.map((e) => e.relation).sort()).toEqual(
      ['built-from', 'in-experiment', 'produced-by', 'stored-as', 'trained-on:training'].sort(),
    );
    const run = graph.nodes.find((n) => n.kind === 'run')!;
    expect(run.data).toMatchObject({ params: { C: '1.0' }, metrics: { cv_accuracy: 0.95 } });
  });
});
