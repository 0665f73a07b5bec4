import { logisticRegressionModel } from '@sextant/onnx';
import { type TrackingHarness, outcome, startTracking } from './harness';

const onnx = (bias: number) =>
  Buffer.from(
    logisticRegressionModel({
      weights: [
        [1, -1],
        [-1, 1],
      ],
      intercepts: [bias, 0],
      classLabels: [0, 1],
    }),
  );

describe('promotion gates: a candidate against the version behind an alias', () => {
  let h: TrackingHarness;
  const p = () => h.project;
  const gate = { cv_accuracy: { minAbsoluteChange: 0, greaterIsBetter: true } };

  /** A run with `cv_accuracy` (and a loss) whose ONNX file becomes the model's next version. */
  async function version(name: string, cv: number, loss: number): Promise<number> {
    const run = await h.tracking.runs.create.mutate({ project: p(), experiment: 'gates', name });
    await h.tracking.runs.logBatch.mutate({
      project: p(),
      runId: run.id,
      batchId: name,
      metrics: [
        { key: 'cv_accuracy', value: cv },
        { key: 'loss', value: loss },
      ],
    });
    const res = await fetch(`${h.url}/api/v1/runs/${run.id}/artifacts/model.onnx`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${h.key}` },
      body: onnx(cv),
    });
    expect(res.status).toBe(201);
    const v = await h.tracking.models.createVersion.mutate({
      project: p(),
      model: 'iris-rf',
      runId: run.id,
      artifactPath: 'model.onnx',
    });
    return v.version;
  }
  const champion = async () =>
    (
      await h.tracking.models.getByAlias.query({
        project: p(),
        model: 'iris-rf',
        alias: 'champion',
      })
    ).version;

  beforeAll(async () => {
    h = await startTracking();
    await h.tracking.experiments.create.mutate({ project: p(), name: 'gates' });
    await h.tracking.models.create.mutate({ project: p(), name: 'iris-rf' });
    await version('v1', 0.9, 0.3);
    await version('v2', 0.95, 0.2);
    await version('v3', 0.93, 0.25);
    await h.tracking.models.setAlias.mutate({
      project: p(),
      model: 'iris-rf',
      alias: 'champion',
      version: 1,
    });
  });
  afterAll(() => h.close());

  it('a better candidate passes and, with promote, becomes champion in the same call', async () => {
    const decision = await h.tracking.gates.evaluate.mutate({
      project: p(),
      model: 'iris-rf',
      candidate: 2,
      baselineAlias: 'champion',
      thresholds: gate,
      promote: true,
    });
    expect(decision).toMatchObject({
      candidateVersion: 2,
      baselineVersion: 1,
      passed: true,
      promotedTo: 'champion',
      candidateMetrics: { cv_accuracy: 0.95 },
      baselineMetrics: { cv_accuracy: 0.9 },
      checks: [{ metric: 'cv_accuracy', passed: true, minAbsoluteChangePassed: true }],
    });
    expect(await champion()).toBe(2);
    const [move] = await h.tracking.models.aliasHistory.query({
      project: p(),
      model: 'iris-rf',
      alias: 'champion',
    });
    expect(move).toMatchObject({ fromVersion: 1, toVersion: 2 });
    expect(move!.reason).toContain('passed the gate');
  });

  it('a worse candidate fails, says why, and changes nothing', async () => {
    const moves = await h.tracking.models.aliasHistory.query({ project: p(), model: 'iris-rf' });
    const decision = await h.tracking.gates.evaluate.mutate({
      project: p(),
      model: 'iris-rf',
      candidate: 3,
      baselineAlias: 'champion',
      thresholds: { ...gate, loss: { threshold: 0.5, greaterIsBetter: false } },
      promote: true,
    });
    expect(decision).toMatchObject({ passed: false, promotedTo: null, baselineVersion: 2 });
    expect(decision.checks.map((c) => [c.metric, c.passed])).toEqual([
      ['cv_accuracy', false],
      ['loss', true],
    ]);
    expect(decision.checks[0]!.message).toContain('minimum absolute change check failed');
    expect(await champion()).toBe(2);
    expect(await h.tracking.models.aliasHistory.query({ project: p(), model: 'iris-rf' })).toEqual(
      moves,
    );
  });

  it('stores every decision with its inputs, newest first, paged, and publishes each', async () => {
    const first = await h.tracking.gates.list.query({ project: p(), model: 'iris-rf', limit: 1 });
    expect(first.items.map((d) => [d.candidateVersion, d.passed])).toEqual([[3, false]]);
    expect(first.nextCursor).not.toBeNull();
    const second = await h.tracking.gates.list.query({
      project: p(),
      model: 'iris-rf',
      limit: 1,
      cursor: first.nextCursor!,
    });
    expect(second.items.map((d) => [d.candidateVersion, d.passed])).toEqual([[2, true]]);
    expect(second.nextCursor).toBeNull();
    const only2 = await h.tracking.gates.list.query({
      project: p(),
      model: 'iris-rf',
      candidate: 2,
    });
    expect(only2.items).toHaveLength(1);
    const one = await h.tracking.gates.get.query({ project: p(), id: second.items[0]!.id });
    expect(one.thresholds).toEqual(gate);
    const events = await h.running.platform.db.prisma.outboxEvent.findMany({
      where: { topic: { contains: 'gate-evaluated' } },
    });
    expect(events).toHaveLength(2);
  });

  it('an unset baseline alias fails the change checks (MLflow: missing baseline)', async () => {
    const decision = await h.tracking.gates.evaluate.mutate({
      project: p(),
      model: 'iris-rf',
      candidate: 3,
      baselineAlias: 'challenger',
      thresholds: gate,
      promote: true,
    });
    expect(decision).toMatchObject({ passed: false, baselineVersion: null, promotedTo: null });
    expect(decision.checks[0]).toMatchObject({ missingBaseline: true });
    // A value threshold alone needs no baseline: the first challenger can be gated on it.
    const alone = await h.tracking.gates.evaluate.mutate({
      project: p(),
      model: 'iris-rf',
      candidate: 3,
      baselineAlias: 'challenger',
      thresholds: { cv_accuracy: { threshold: 0.9, greaterIsBetter: true } },
      promote: true,
    });
    expect(alone).toMatchObject({ passed: true, promotedTo: 'challenger' });
  });

  it('bad input: 404 naming the unknown version or model, 400 naming the bad field', async () => {
    const unknown = await outcome(
      h.tracking.gates.evaluate.mutate({
        project: p(),
        model: 'iris-rf',
        candidate: 9,
        baselineAlias: 'champion',
        thresholds: gate,
      }),
    );
    expect(unknown).toMatchObject({ status: 404 });
    expect(unknown.message).toContain('version 9');
    const ghost = await outcome(h.tracking.gates.list.query({ project: p(), model: 'ghost' }));
    expect(ghost.status).toBe(404);
    const relative = await outcome(
      h.tracking.gates.evaluate.mutate({
        project: p(),
        model: 'iris-rf',
        candidate: 2,
        baselineAlias: 'champion',
        thresholds: { cv_accuracy: { minRelativeChange: 2, greaterIsBetter: true } },
      }),
    );
    expect(relative.status).toBe(400);
    expect(relative.fields[0]!.path).toBe('thresholds.cv_accuracy.minRelativeChange');
    const empty = await outcome(
      h.tracking.gates.evaluate.mutate({
        project: p(),
        model: 'iris-rf',
        candidate: 2,
        baselineAlias: 'champion',
        thresholds: { cv_accuracy: { greaterIsBetter: true } },
      }),
    );
    expect(empty.status).toBe(400);
    expect(empty.fields[0]!.path).toBe('thresholds.cv_accuracy');
    const cursor = await outcome(
      h.tracking.gates.list.query({ project: p(), model: 'iris-rf', cursor: 'forged' }),
    );
    expect(cursor).toMatchObject({ status: 400, fields: [{ path: 'cursor' }] });
    const count = await h.tracking.gates.list.query({ project: p(), model: 'iris-rf' });
    expect(count.items).toHaveLength(4);
  });
});
