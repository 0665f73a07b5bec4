import { Tensor } from 'onnxruntime-node';

import {
  CREDIT_FEATURES,
  creditDefaultProbability,
  creditModel,
  fixture,
  rejection,
} from '../../test/fixtures/models';
import { ModelSession } from './model-session';

const row = [52000, 18000, 37, 0.62];

function feeds(rows: number[][]): Record<string, Tensor> {
  return { input: new Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 4]) };
}

describe('ModelSession', () => {
  it('loads a model, keeps its signature, and runs it', async () => {
    const session = await ModelSession.load(creditModel());
    try {
      expect(session.signature.featureNames).toEqual(CREDIT_FEATURES);
      expect(session.signature.inputs).toEqual([
        { name: 'input', elementType: 'float32', shape: ['N', 4] },
      ]);
      expect(session.tensorOutputNames).toEqual(['label', 'probabilities']);
      const out = await session.run(feeds([row]));
      expect(Object.keys(out)).toEqual(['label', 'probabilities']);
      expect(out['probabilities']!.dims).toEqual([1, 2]);
      expect((out['probabilities']!.data as Float32Array)[1]).toBeCloseTo(
        creditDefaultProbability(row),
        6,
      );
      const only = await session.run(feeds([row, row]), ['probabilities']);
      expect(Object.keys(only)).toEqual(['probabilities']);
      expect(only['probabilities']!.dims).toEqual([2, 2]);
    } finally {
      await session.release();
    }
  });

  it('accepts thread counts and refuses nonsense ones', async () => {
    const session = await ModelSession.load(creditModel(), {
      intraOpNumThreads: 2,
      interOpNumThreads: 1,
    });
    await session.release();
    const error = await rejection(ModelSession.load(creditModel(), { intraOpNumThreads: 0 }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('intraOpNumThreads: expected an integer from 1 to 256, got 0');
  });

  it('refuses bytes that are not a model, and a model onnxruntime cannot load', async () => {
    const empty = await rejection(
      ModelSession.load(new Uint8Array(0), { label: 'model credit-risk v3' }),
    );
    expect(empty.code).toBe('BAD_REQUEST');
    expect(empty.message).toBe(
      'model credit-risk v3 does not load: not an ONNX model: the file is empty',
    );
    expect(empty.fields[0]?.path).toBe('artifact');

    const garbage = await rejection(ModelSession.load(new TextEncoder().encode('hello world')));
    expect(garbage.message).toMatch(/^the model does not load: not an ONNX model/);

    // The same model with an operator no runtime has: it parses, but onnxruntime refuses it.
    const bytes = creditModel();
    const text = Buffer.from(bytes).toString('latin1').replaceAll('Softmax', 'Softmaz');
    const unknownOp = await rejection(
      ModelSession.load(new Uint8Array(Buffer.from(text, 'latin1'))),
    );
    expect(unknownOp.code).toBe('BAD_REQUEST');
    expect(unknownOp.message).toMatch(/^the model does not load: .*Softmaz/);
  });

  it('leaves a ZipMap output out by default and refuses to name it', async () => {
    const session = await ModelSession.load(fixture('skl2onnx-logreg-iris-zipmap.onnx'));
    try {
      expect(session.tensorOutputNames).toEqual(['output_label']);
      const x = { X: new Tensor('float32', Float32Array.from([5.1, 3.5]), [1, 2]) };
      const out = await session.run(x);
      expect(Object.keys(out)).toEqual(['output_label']);
      const error = await rejection(session.run(x, ['output_probability']));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toBe(
        "output 'output_probability' of the model is a sequence, which onnxruntime-node cannot return",
      );
      expect((await rejection(session.run(x, ['nope']))).message).toBe(
        "the model has no output 'nope'",
      );
    } finally {
      await session.release();
    }
  });

  it('answers a run onnxruntime refuses with BAD_REQUEST and its reason', async () => {
    const session = await ModelSession.load(creditModel());
    try {
      const wrong = { input: new Tensor('float32', Float32Array.from([1, 2, 3]), [1, 3]) };
      const error = await rejection(session.run(wrong));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(/^the model could not run: .+/);
    } finally {
      await session.release();
    }
  });

  it('finishes the runs under way before it releases, and refuses new ones', async () => {
    const session = await ModelSession.load(creditModel());
    const runs = Array.from({ length: 20 }, () => session.run(feeds([row])));
    const released = session.release();
    expect(session.released).toBe(true);
    const results = await Promise.all(runs);
    expect(results).toHaveLength(20);
    for (const out of results) expect(out['probabilities']!.dims).toEqual([1, 2]);
    await released;
    await session.release(); // twice is fine
    const error = await rejection(session.run(feeds([row])));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe('the model has been unloaded');
  });
});
