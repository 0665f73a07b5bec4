import { readSignature } from '@sextant/onnx';
import { Tensor } from 'onnxruntime-node';

import { creditModel, failure, fixture } from '../../test/fixtures/models';
import {
  defaultAnswerFields,
  defaultOutputFields,
  fieldNamesOf,
  outputFieldsSpec,
  outputNamesOf,
  recordsFromOutputs,
  validateOutputFields,
} from './outputs';
import { type SignatureLike } from './tensors';

const credit = readSignature(creditModel());

/** What a session returns for the credit model on two rows. */
function creditResults(): Record<string, Tensor> {
  return {
    label: new Tensor('int64', BigInt64Array.from([0n, 1n]), [2]),
    probabilities: new Tensor(
      'float32',
      Float32Array.from([0.8277586, 0.1722414, 0.2890505, 0.7109495]),
      [2, 2],
    ),
  };
}

describe('outputFieldsSpec', () => {
  it('parses fields and refuses repeated names and unknown keys', () => {
    expect(
      outputFieldsSpec.parse([
        { field: 'default_probability', output: 'probabilities', column: 1, round: 4 },
      ]),
    ).toEqual([{ field: 'default_probability', output: 'probabilities', column: 1, round: 4 }]);
    const repeated = outputFieldsSpec.safeParse([
      { field: 'p', output: 'probabilities' },
      { field: 'p', output: 'label' },
    ]);
    expect(repeated.success).toBe(false);
    expect(repeated.error?.issues[0]).toMatchObject({
      path: [1, 'field'],
      message: "'p' is already the name of field 0",
    });
    expect(outputFieldsSpec.safeParse([{ field: 'p', output: 'x', colum: 1 }]).success).toBe(false);
    expect(outputFieldsSpec.safeParse([{ field: 'p', output: 'x', column: -1 }]).success).toBe(
      false,
    );
    expect(outputFieldsSpec.safeParse([]).success).toBe(false);
  });
});

describe('validateOutputFields', () => {
  it('resolves each field with the kind of value it holds', () => {
    expect(
      validateOutputFields(
        [
          { field: 'default_probability', output: 'probabilities', column: 1, round: 4 },
          { field: 'label', output: 'label' },
          { field: 'label_text', output: 'label', int64: 'string' },
          { field: 'all', output: 'probabilities' },
        ],
        credit,
      ).map((f) => [f.field, f.kind]),
    ).toEqual([
      ['default_probability', 'number'],
      ['label', 'number'],
      ['label_text', 'string'],
      ['all', 'array'],
    ]);
  });

  it('refuses an unknown output, a column out of range or of a 1-D output, and misplaced options', () => {
    const message = (
      spec: Parameters<typeof validateOutputFields>[0],
      signature: SignatureLike = credit,
    ) => {
      const error = failure(() => validateOutputFields(spec, signature));
      expect(error.code).toBe('BAD_REQUEST');
      return error.message;
    };
    expect(message([{ field: 'p', output: 'probs' }])).toBe(
      "outputFields[0].output: the model has no output 'probs' (its outputs: label, probabilities)",
    );
    // Every answer's prediction id (the key a label joins by) cannot be overwritten: not by a
    // field, nor by a model output named `id` when the fields are the outputs (the default).
    expect(message([{ field: 'id', output: 'label' }])).toBe(
      "outputFields[0].field: 'id' is every answer's prediction id: give this field another name (outputFields)",
    );
    const withId: SignatureLike = {
      inputs: credit.inputs,
      outputs: [
        { name: 'score', elementType: 'float32', shape: ['N'] },
        { name: 'id', elementType: 'int64', shape: ['N'] },
      ],
    };
    expect(failure(() => defaultAnswerFields(withId)).message).toBe(
      "outputFields: the model has an output named 'id', which is every answer's prediction id: name the answer fields with outputFields",
    );
    expect(defaultAnswerFields(credit)).toEqual(['label', 'probabilities']);
    expect(
      message([
        { field: 'l', output: 'label' },
        { field: 'p', output: 'probabilities', column: 2 },
      ]),
    ).toBe(
      "outputFields[1].column: output 'probabilities' has 2 columns (shape [N, 2]): column 2 is out of range",
    );
    expect(message([{ field: 'l', output: 'label', column: 0 }])).toBe(
      "outputFields[0].column: output 'label' has shape [N]: it has no columns",
    );
    expect(message([{ field: 'l', output: 'label', round: 2 }])).toBe(
      "outputFields[0].round: output 'label' is int64: only floating-point outputs are rounded",
    );
    expect(message([{ field: 'p', output: 'probabilities', int64: 'string' }])).toBe(
      "outputFields[0].int64: output 'probabilities' is float32, not int64",
    );
    const zipmap = readSignature(fixture('skl2onnx-logreg-iris-zipmap.onnx'));
    expect(message([{ field: 'p', output: 'output_probability' }], zipmap)).toMatch(
      /^outputFields\[0\]\.output: output 'output_probability' is a sequence, not a tensor.*zipmap/,
    );
  });
});

describe('recordsFromOutputs', () => {
  it('answers one object per record: a column, rounded, and whole outputs', () => {
    const spec = [
      { field: 'default_probability', output: 'probabilities', column: 1, round: 4 },
      { field: 'label', output: 'label' },
      { field: 'label_text', output: 'label', int64: 'string' as const },
      { field: 'probabilities', output: 'probabilities', round: 2 },
    ];
    validateOutputFields(spec, credit);
    expect(recordsFromOutputs(spec, creditResults(), 2)).toEqual([
      { default_probability: 0.1722, label: 0, label_text: '0', probabilities: [0.83, 0.17] },
      { default_probability: 0.7109, label: 1, label_text: '1', probabilities: [0.29, 0.71] },
    ]);
  });

  it('answers every output, whole, without a spec (float32 at its shortest)', () => {
    expect(recordsFromOutputs(null, creditResults(), 2)).toEqual([
      { label: 0, probabilities: [0.8277586, 0.1722414] },
      { label: 1, probabilities: [0.2890505, 0.7109495] },
    ]);
    expect(defaultOutputFields(credit)).toEqual([
      { field: 'label', output: 'label' },
      { field: 'probabilities', output: 'probabilities' },
    ]);
    expect(fieldNamesOf(undefined, credit)).toEqual(['label', 'probabilities']);
    expect(fieldNamesOf([{ field: 'p', output: 'probabilities', column: 1 }], credit)).toEqual([
      'p',
    ]);
  });

  it('gives an [N, 1] output as a scalar and an [N, a, b] output as nested arrays', () => {
    const results = {
      score: new Tensor('float32', Float32Array.from([0.5, 0.25]), [2, 1]),
      grid: new Tensor('int32', Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), [2, 2, 2]),
      ok: new Tensor('bool', Uint8Array.from([1, 0]), [2]),
    };
    expect(recordsFromOutputs(null, results, 2)).toEqual([
      {
        score: 0.5,
        grid: [
          [1, 2],
          [3, 4],
        ],
        ok: true,
      },
      {
        score: 0.25,
        grid: [
          [5, 6],
          [7, 8],
        ],
        ok: false,
      },
    ]);
  });

  it('rounds the value the model computed, not its shortest decimal form', () => {
    // float32(0.00015) = 0.000150000007…, above the tie: 0.0002 (the double 0.00015 is below it).
    // float32(2.675) = 2.674999952…, below the tie: 2.67 (Python's docs show round(2.675, 2) == 2.67).
    const results = {
      p: new Tensor('float32', Float32Array.from([0.00015, 0.12345]), [2]),
      q: new Tensor('float32', Float32Array.from([2.675, -2.675]), [2]),
    };
    const spec = [
      { field: 'p', output: 'p', round: 4 },
      { field: 'q', output: 'q', round: 2 },
    ];
    expect(recordsFromOutputs(spec, results, 2)).toEqual([
      { p: 0.0002, q: 2.67 },
      { p: 0.1235, q: -2.67 },
    ]);
  });

  it("says when an output is missing or has not one row per record (the deployment's fault)", () => {
    const error = failure(() =>
      recordsFromOutputs([{ field: 'x', output: 'nope' }], creditResults(), 2),
    );
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe("output 'nope' was not computed");
    const constant = { Y: new Tensor('float32', Float32Array.from([1, 2, 3, 4]), [2, 2]) };
    expect(failure(() => recordsFromOutputs(null, constant, 3)).message).toBe(
      "output 'Y' has shape [2, 2], not one row per record (3 records)",
    );
    expect(
      outputNamesOf([
        { field: 'a', output: 'probabilities', column: 1 },
        { field: 'b', output: 'label' },
        { field: 'c', output: 'probabilities' },
      ]),
    ).toEqual(['probabilities', 'label']);
  });
});
