import { InferenceSession, Tensor } from 'onnxruntime-node';

import { fixture } from '../../test/fixtures/models';
import { decide, decisionSpec, validateDecision } from './decision';
import { ModelSession } from './model-session';
import { formatInferResponse, modelMetadata, parseInferRequest } from './oip';
import { outputNamesOf, recordsFromOutputs, validateOutputFields } from './outputs';
import { recordsToFeeds } from './records';

// Models exported by skl2onnx (see test/fixtures/README.md) must serve as well as ours. The
// reference for every answer is onnxruntime itself, run directly on the same tensors.

async function direct(
  bytes: Uint8Array,
  feeds: Record<string, Tensor>,
): Promise<Record<string, Tensor>> {
  const session = await InferenceSession.create(bytes);
  try {
    return (await session.run(feeds)) as Record<string, Tensor>;
  } finally {
    await session.release();
  }
}

function rowsOf(tensor: Tensor): number[][] {
  const [n, k] = tensor.dims as [number, number];
  const data = Array.from(tensor.data as Float32Array);
  return Array.from({ length: n }, (_, r) => data.slice(r * k, (r + 1) * k));
}

function argmax(row: readonly number[]): number {
  return row.reduce((best, v, i) => (v > (row[best] ?? -Infinity) ? i : best), 0);
}

describe('skl2onnx BaggingClassifier: one [N, 3] float input', () => {
  const bytes = fixture('skl2onnx-bagging-classifier.onnx');
  const rows = [
    [0.5, -1, 0.1],
    [-2, 0.3, 2.5],
    [1.9, -0.6, 0.02],
    [-2, 0, -2],
  ];
  let session: ModelSession;
  beforeAll(async () => {
    session = await ModelSession.load(bytes);
  });
  afterAll(() => session.release());

  it('serves records named by the registered feature names, and a decision', async () => {
    expect(session.signature.producer.name).toBe('skl2onnx');
    expect(session.signature.featureNames).toBeNull();
    const featureNames = ['f0', 'f1', 'f2'];
    const spec = [
      { field: 'class', output: 'label' },
      { field: 'p1', output: 'probabilities', column: 1, round: 4 },
      { field: 'probabilities', output: 'probabilities' },
    ];
    const fields = validateOutputFields(spec, session.signature);
    const rule = decisionSpec.parse({
      rules: [{ when: { field: 'class', op: '==', value: 2 }, then: 'flag' }],
      otherwise: 'pass',
    });
    validateDecision(rule, fields);

    const records = rows.map(([f0, f1, f2]) => ({ f0, f1, f2 }));
    const { feeds, count } = recordsToFeeds(records, session.signature, featureNames);
    const answers = recordsFromOutputs(spec, await session.run(feeds, outputNamesOf(spec)), count);
    expect(new Set(answers.map((a) => a['class']))).toEqual(new Set([0, 1, 2]));

    const reference = await direct(bytes, {
      X: new Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 3]),
    });
    const labels = Array.from(reference['label']!.data as BigInt64Array).map(Number);
    const probabilities = rowsOf(reference['probabilities']!);
    expect(answers).toHaveLength(rows.length);
    answers.forEach((answer, r) => {
      const p = probabilities[r]!;
      expect(answer['class']).toBe(labels[r]);
      expect((answer['probabilities'] as number[]).map(Math.fround)).toEqual(p);
      expect(answer['p1']).toBeCloseTo(p[1]!, 4);
      // The model's own invariants: probabilities sum to 1; the label is their argmax.
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(labels[r]).toBe(argmax(p));
      expect(decide(rule, answer)).toBe(labels[r] === 2 ? 'flag' : 'pass');
    });
  });

  it('serves the same rows over the Open Inference Protocol', async () => {
    const request = parseInferRequest(
      { inputs: [{ name: 'X', shape: [rows.length, 3], datatype: 'FP32', data: rows }] },
      session.signature,
    );
    const response = formatInferResponse({
      modelName: 'bagging',
      outputs: await session.run(request.feeds, request.outputNames),
    });
    const reference = await direct(bytes, {
      X: new Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 3]),
    });
    expect(response.outputs.map((o) => [o.name, o.datatype, o.shape])).toEqual([
      ['label', 'INT64', [4]],
      ['probabilities', 'FP32', [4, 3]],
    ]);
    expect(response.outputs[0]?.data).toEqual(
      Array.from(reference['label']!.data as BigInt64Array).map(Number),
    );
    expect((response.outputs[1]?.data as number[]).map(Math.fround)).toEqual(
      Array.from(reference['probabilities']!.data as Float32Array),
    );
    expect(modelMetadata('bagging', ['1'], session.signature)).toMatchObject({
      inputs: [{ name: 'X', datatype: 'FP32', shape: [-1, 3] }],
      outputs: [
        { name: 'label', datatype: 'INT64', shape: [-1] },
        { name: 'probabilities', datatype: 'FP32', shape: [-1, 3] },
      ],
    });
  });
});

describe('skl2onnx Titanic pipeline: one named input per feature, int64, strings and floats', () => {
  const bytes = fixture('skl2onnx-titanic-pipeline.onnx');
  const passengers = [
    { pclass: 1, sex: 'female', age: 29, fare: 211.3375, embarked: 'S' },
    { pclass: 3, sex: 'male', age: 40, fare: 7.8958, embarked: 'S' },
    { pclass: 2, sex: 'male', age: 4, fare: 23, embarked: 'C' },
  ];

  it('serves records, answering the survival probability', async () => {
    const session = await ModelSession.load(bytes);
    try {
      const spec = [
        { field: 'survived', output: 'label' },
        { field: 'survival_probability', output: 'probabilities', column: 1, round: 4 },
      ];
      validateOutputFields(spec, session.signature);
      const { feeds, count } = recordsToFeeds(passengers, session.signature, null);
      const answers = recordsFromOutputs(
        spec,
        await session.run(feeds, outputNamesOf(spec)),
        count,
      );

      const column = <T>(name: keyof (typeof passengers)[number], f: (v: never) => T): T[] =>
        passengers.map((p) => f(p[name] as never));
      const n = passengers.length;
      const reference = await direct(bytes, {
        pclass: new Tensor('int64', BigInt64Array.from(column('pclass', BigInt)), [n, 1]),
        sex: new Tensor('string', column('sex', String), [n, 1]),
        age: new Tensor('float32', Float32Array.from(column('age', Number)), [n, 1]),
        fare: new Tensor('float32', Float32Array.from(column('fare', Number)), [n, 1]),
        embarked: new Tensor('string', column('embarked', String), [n, 1]),
      });
      const labels = Array.from(reference['label']!.data as BigInt64Array).map(Number);
      const probabilities = rowsOf(reference['probabilities']!);
      answers.forEach((answer, r) => {
        expect(answer['survived']).toBe(labels[r]);
        expect(answer['survival_probability']).toBeCloseTo(probabilities[r]![1]!, 4);
        expect(labels[r]).toBe(argmax(probabilities[r]!));
      });
    } finally {
      await session.release();
    }
  });
});

describe('skl2onnx LogisticRegression with its default ZipMap output', () => {
  it('serves the label; the sequence of maps is left out', async () => {
    const bytes = fixture('skl2onnx-logreg-iris-zipmap.onnx');
    const session = await ModelSession.load(bytes);
    try {
      const records = [
        { sepal_length: 5.1, sepal_width: 3.5 },
        { sepal_length: 6.7, sepal_width: 3.0 },
      ];
      const { feeds, count } = recordsToFeeds(records, session.signature, [
        'sepal_length',
        'sepal_width',
      ]);
      const answers = recordsFromOutputs(null, await session.run(feeds), count);
      const reference = await session.run(
        { X: new Tensor('float32', Float32Array.from([5.1, 3.5, 6.7, 3.0]), [2, 2]) },
        ['output_label'],
      );
      expect(answers).toEqual(
        Array.from(reference['output_label']!.data as BigInt64Array).map((l) => ({
          output_label: Number(l),
        })),
      );
    } finally {
      await session.release();
    }
  });
});
