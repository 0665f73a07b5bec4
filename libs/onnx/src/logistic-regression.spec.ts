import { AppError } from '@sextant/errors';

import { fromMlLogisticRegression, logisticRegressionModel } from './logistic-regression';
import { decodeModel } from './proto';
import { readSignature } from './signature';

interface DecodedTensor {
  name: string;
  dims: number[];
  floatData?: number[];
  int64Data?: number[];
  stringData?: Uint8Array[];
}
interface DecodedGraph {
  node: { opType: string; input: string[]; output: string[] }[];
  initializer: DecodedTensor[];
}

function graphOf(bytes: Uint8Array): DecodedGraph {
  return (decodeModel(bytes) as { graph: DecodedGraph }).graph;
}

function initializer(bytes: Uint8Array, name: string): DecodedTensor | undefined {
  return graphOf(bytes).initializer.find((t) => t.name === name);
}

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const params = {
  weights: [
    [1, 2, 3],
    [4, 5, 6],
  ],
  intercepts: [0.5, -0.5],
  classLabels: [10, 20],
};

describe('logisticRegressionModel', () => {
  it('declares skl2onnx-style inputs and outputs, opset 15 and the feature names', () => {
    const bytes = logisticRegressionModel({ ...params, featureNames: ['a', 'b', 'c'] });
    const signature = readSignature(bytes);
    expect(signature.inputs).toEqual([{ name: 'input', elementType: 'float32', shape: ['N', 3] }]);
    expect(signature.outputs).toEqual([
      { name: 'label', elementType: 'int64', shape: ['N'] },
      { name: 'probabilities', elementType: 'float32', shape: ['N', 2] },
    ]);
    expect(signature.opsets).toEqual([{ domain: '', version: 15 }]);
    expect(signature.irVersion).toBe(8);
    expect(signature.producer.name).toBe('sextant');
    expect(signature.featureNames).toEqual(['a', 'b', 'c']);
    expect(signature.metadata).toEqual({ feature_names: '["a","b","c"]' });
  });

  it('has no feature names when none are given', () => {
    const signature = readSignature(logisticRegressionModel(params));
    expect(signature.featureNames).toBeNull();
    expect(signature.metadata).toEqual({});
  });

  it('stores the weights transposed for Gemm (features × classes) with the intercepts and labels', () => {
    const bytes = logisticRegressionModel(params);
    expect(initializer(bytes, 'coef')).toMatchObject({
      dims: [3, 2],
      floatData: [1, 4, 2, 5, 3, 6],
    });
    expect(initializer(bytes, 'intercept')).toMatchObject({ dims: [2], floatData: [0.5, -0.5] });
    expect(initializer(bytes, 'classes')).toMatchObject({ dims: [2], int64Data: [10, 20] });
    expect(graphOf(bytes).node.map((n) => n.opType)).toEqual([
      'Gemm',
      'Softmax',
      'ArgMax',
      'Gather',
    ]);
  });

  it('normalises one-vs-rest sigmoids when asked', () => {
    const bytes = logisticRegressionModel({ ...params, normalisation: 'ovr' });
    expect(graphOf(bytes).node.map((n) => n.opType)).toEqual([
      'Gemm',
      'Sigmoid',
      'ReduceSum',
      'Div',
      'ArgMax',
      'Gather',
    ]);
  });

  it('writes string labels as a string output', () => {
    const bytes = logisticRegressionModel({ ...params, classLabels: ['setosa', 'virginica'] });
    expect(readSignature(bytes).outputs[0]).toEqual({
      name: 'label',
      elementType: 'string',
      shape: ['N'],
    });
    const labels = initializer(bytes, 'classes')?.stringData?.map((b) =>
      new TextDecoder().decode(b),
    );
    expect(labels).toEqual(['setosa', 'virginica']);
  });

  it.each([
    ['weights', { ...params, weights: [[1, 2, 3]] }, /one row per class/],
    [
      'weights.1',
      {
        ...params,
        weights: [
          [1, 2, 3],
          [4, 5],
        ],
      },
      /expected 3 values/,
    ],
    ['intercepts', { ...params, intercepts: [0] }, /2 finite values/],
    ['classLabels', { ...params, classLabels: [1, 1] }, /distinct/],
    ['classLabels', { ...params, classLabels: [1.5, 2] }, /integers/],
    ['featureNames', { ...params, featureNames: ['a'] }, /expected 3 names/],
  ])('refuses inconsistent parameters (%s)', (path, bad, message) => {
    const error = thrown(() => logisticRegressionModel(bad));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fields[0]?.path).toBe(path);
    expect(error.message).toMatch(message);
  });
});

describe('fromMlLogisticRegression', () => {
  // ml-logistic-regression's classifier c scores P(not c) = sigmoid(w·x): the export negates w.
  const model = {
    numberClasses: 2,
    classifiers: [
      { weights: { to1DArray: () => [1, -2] } },
      { weights: { to1DArray: () => [0.5, 3] } },
    ],
  };

  it('negates each one-vs-rest classifier, adds no intercept and labels classes 0..n-1', () => {
    const bytes = fromMlLogisticRegression(model, { featureNames: ['x', 'y'] });
    expect(initializer(bytes, 'coef')).toMatchObject({
      dims: [2, 2],
      floatData: [-1, -0.5, 2, -3],
    });
    expect(initializer(bytes, 'intercept')?.floatData).toEqual([0, 0]);
    expect(initializer(bytes, 'classes')?.int64Data).toEqual([0, 1]);
    expect(graphOf(bytes).node.map((n) => n.opType)).toContain('Sigmoid');
    expect(readSignature(bytes).featureNames).toEqual(['x', 'y']);
  });

  it('refuses an untrained model', () => {
    const error = thrown(() =>
      fromMlLogisticRegression({
        numberClasses: 2,
        classifiers: [{ weights: null }, { weights: null }],
      }),
    );
    expect(error.fields[0]?.path).toBe('model.classifiers.0');
  });
});
