import { readSignature } from '@sextant/onnx';
import { Tensor } from 'onnxruntime-node';

import {
  creditDefaultProbability,
  creditModel,
  failure,
  fixture,
  float64TreeModel,
} from '../../test/fixtures/models';
import { ModelSession } from './model-session';
import { formatInferResponse, modelMetadata, parseInferRequest } from './oip';
import { type SignatureLike } from './tensors';

const rows = [
  [52000, 18000, 37, 0.62],
  [30000, 25000, 25, 0.2],
];

let credit: ModelSession;
let tree: ModelSession;
beforeAll(async () => {
  credit = await ModelSession.load(creditModel());
  tree = await ModelSession.load(float64TreeModel());
});
afterAll(async () => {
  await credit.release();
  await tree.release();
});

function fp32(data: unknown, shape: number[] = [2, 4]): unknown {
  return { inputs: [{ name: 'input', shape, datatype: 'FP32', data }] };
}

/** The message `parseInferRequest` refuses `body` with, against the credit model. */
function refusal(body: unknown, signature: SignatureLike = credit.signature): string {
  const error = failure(() => parseInferRequest(body, signature));
  expect(error.code).toBe('BAD_REQUEST');
  expect(error.status).toBe(400);
  return error.message;
}

describe('parseInferRequest + formatInferResponse', () => {
  it('runs a batch of FP32 rows, flat or nested, and answers every output', async () => {
    for (const data of [rows.flat(), rows]) {
      const request = parseInferRequest({ id: '42', ...(fp32(data) as object) }, credit.signature);
      expect(request.id).toBe('42');
      expect(request.batchSize).toBe(2);
      expect(request.outputNames).toEqual(['label', 'probabilities']);
      const outputs = await credit.run(request.feeds, request.outputNames);
      const response = formatInferResponse({
        modelName: 'credit-risk',
        modelVersion: '3',
        id: request.id!,
        outputs,
      });
      expect(response.model_name).toBe('credit-risk');
      expect(response.model_version).toBe('3');
      expect(response.id).toBe('42');
      const [label, probabilities] = response.outputs;
      expect(label).toEqual({ name: 'label', shape: [2], datatype: 'INT64', data: [0, 1] });
      expect(probabilities?.name).toBe('probabilities');
      expect(probabilities?.shape).toEqual([2, 2]);
      expect(probabilities?.datatype).toBe('FP32');
      const values = probabilities?.data as number[];
      expect(values).toHaveLength(4);
      rows.forEach((row, r) => {
        const p = creditDefaultProbability(row);
        expect(values[r * 2 + 1]).toBeCloseTo(p, 6);
        expect(values[r * 2]).toBeCloseTo(1 - p, 6);
      });
    }
  });

  it('answers only the named outputs, in the order asked', async () => {
    const request = parseInferRequest(
      { ...(fp32(rows) as object), outputs: [{ name: 'probabilities' }] },
      credit.signature,
    );
    expect(request.outputNames).toEqual(['probabilities']);
    const response = formatInferResponse({
      modelName: 'credit-risk',
      outputs: await credit.run(request.feeds, request.outputNames),
    });
    expect(response.outputs.map((o) => o.name)).toEqual(['probabilities']);
    expect(response).not.toHaveProperty('id');
    expect(response).not.toHaveProperty('model_version');
  });

  it('carries FP64 values exactly (7.3 and 7.300000000000001 fall on either side)', async () => {
    const request = parseInferRequest(
      {
        inputs: [
          { name: 'input', shape: [2, 2], datatype: 'FP64', data: [7.3, 0, 7.300000000000001, 0] },
        ],
      },
      tree.signature,
    );
    expect(request.feeds['input']?.type).toBe('float64');
    const response = formatInferResponse({
      modelName: 'tree',
      outputs: await tree.run(request.feeds, request.outputNames),
    });
    expect(response.outputs[0]).toEqual({
      name: 'label',
      shape: [2],
      datatype: 'BYTES',
      data: ['low', 'high'],
    });
    expect(response.outputs[1]?.data).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('refuses FP32 data for an FP64 input and FP64 data for an FP32 input, naming both', () => {
    expect(
      refusal(
        { inputs: [{ name: 'input', shape: [1, 2], datatype: 'FP32', data: [1, 2] }] },
        tree.signature,
      ),
    ).toBe(
      "inputs[0].datatype: input 'input' is FP64 in the model, got FP32 (the datatype must be the model's)",
    );
    expect(
      refusal({ inputs: [{ name: 'input', shape: [2, 4], datatype: 'FP64', data: rows }] }),
    ).toBe(
      "inputs[0].datatype: input 'input' is FP32 in the model, got FP64 (the datatype must be the model's)",
    );
  });

  it('refuses the wrong number of values, naming the input and the shape', () => {
    expect(refusal(fp32(rows.flat().slice(0, 7)))).toBe(
      'inputs[0].data: expected 8 values for shape [2, 4], got 7',
    );
    expect(refusal(fp32([[1, 2, 3, 4]], [2, 4]))).toBe(
      'inputs[0].data: expected 8 values for shape [2, 4], got 4',
    );
  });

  it('refuses non-finite and mistyped values where they are', () => {
    expect(refusal(fp32([1, 2, NaN, 4], [1, 4]))).toBe(
      'inputs[0].data[2]: expected a finite number, got NaN',
    );
    expect(refusal(fp32([rows[0], [1, 2, Infinity, 4]]))).toBe(
      'inputs[0].data[1][2]: expected a finite number, got Infinity',
    );
    expect(refusal(fp32([1, '2', 3, 4], [1, 4]))).toBe(
      'inputs[0].data[1]: expected a number, got a string ("2")',
    );
    expect(refusal(fp32([1, null, 3, 4], [1, 4]))).toBe(
      'inputs[0].data[1]: expected a number, got null',
    );
    expect(refusal(fp32([[1, 2], 3, 4], [1, 4]))).toBe(
      'inputs[0].data[1]: expected an array like its siblings, got 3',
    );
    expect(refusal(fp32({ a: 1 }, [1, 4]))).toBe(
      'inputs[0].data: expected an array of values, got an object',
    );
    expect(refusal({ inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32' }] })).toBe(
      'inputs[0].data: required: the tensor contents as a JSON array',
    );
  });

  it('refuses shapes the model does not take, and an empty batch', () => {
    expect(refusal(fp32(rows.flat(), [8]))).toBe(
      "inputs[0].shape: input 'input' has 2 dimensions [N, 4] in the model, got 1 [8]",
    );
    expect(refusal(fp32([1, 2, 3, 4, 5, 6], [2, 3]))).toBe(
      "inputs[0].shape[1]: dimension 1 of input 'input' is 4 in the model [N, 4], got 3",
    );
    expect(refusal(fp32([], [0, 4]))).toBe(
      'inputs[0].shape[0]: the batch is empty: expected at least one row',
    );
    expect(refusal(fp32([1], [1.5, 4]))).toMatch(/^inputs\[0\]\.shape\[0\]: /);
    expect(refusal(fp32([1], [-1, 4]))).toMatch(/^inputs\[0\]\.shape\[0\]: /);
    const error = failure(() =>
      parseInferRequest(fp32([1, 2, 3, 4], [1e6, 4]), credit.signature, { maxElements: 1000 }),
    );
    expect(error.message).toBe(
      'inputs[0].shape: [1000000, 4] holds more than the limit of 1000 elements',
    );
  });

  it('makes one symbolic dimension one size across inputs', () => {
    const signature: SignatureLike = {
      inputs: [
        { name: 'a', elementType: 'float32', shape: ['N', 1] },
        { name: 'b', elementType: 'int64', shape: ['N', 1] },
      ],
      outputs: [],
    };
    expect(
      refusal(
        {
          inputs: [
            { name: 'a', shape: [2, 1], datatype: 'FP32', data: [1, 2] },
            { name: 'b', shape: [3, 1], datatype: 'INT64', data: [1, 2, 3] },
          ],
        },
        signature,
      ),
    ).toBe("inputs[1].shape[0]: dimension 'N' is 2 in inputs[0].shape[0], got 3");
    const ok = parseInferRequest(
      {
        inputs: [
          { name: 'a', shape: [2, 1], datatype: 'FP32', data: [1, 2] },
          { name: 'b', shape: [2, 1], datatype: 'INT64', data: ['9007199254740993', -4] },
        ],
      },
      signature,
    );
    expect(Array.from(ok.feeds['b']!.data as BigInt64Array)).toEqual([9007199254740993n, -4n]);
  });

  it('refuses unknown, repeated and missing inputs, and unknown datatypes', () => {
    const titanic = readSignature(fixture('skl2onnx-titanic-pipeline.onnx'));
    expect(
      refusal({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] }),
    ).toBe("inputs[0].name: the model has no input 'x' (its inputs: input)");
    const one = { name: 'input', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] };
    expect(refusal({ inputs: [one, one] })).toBe(
      "inputs[1].name: input 'input' is already given in inputs[0]",
    );
    expect(
      refusal(
        {
          inputs: [
            { name: 'age', shape: [1, 1], datatype: 'FP32', data: [30] },
            { name: 'fare', shape: [1, 1], datatype: 'FP32', data: [7.5] },
          ],
        },
        titanic,
      ),
    ).toBe("inputs: missing the model's inputs 'pclass', 'sex', 'embarked'");
    expect(refusal({ inputs: [{ ...one, datatype: 'FLOAT' }] })).toBe(
      "inputs[0].datatype: datatype 'FLOAT' is not accepted: expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP32, FP64, BYTES",
    );
    expect(refusal({ inputs: [{ ...one, datatype: 'FP16' }] })).toBe(
      "inputs[0].datatype: datatype 'FP16' is not accepted: FP16 has no JSON form (the protocol notes this)",
    );
    expect(refusal({ inputs: [] })).toBe('inputs: expected at least one input');
    expect(refusal({})).toMatch(/^inputs: .*expected array/);
    expect(refusal([one])).toBe('expected an inference request object, got an array');
    expect(refusal({ inputs: [{ ...one, name: 7 }] })).toMatch(
      /^inputs\[0\]\.name: .*expected string/,
    );
  });

  it('refuses unknown, repeated and non-tensor outputs, and binary data', () => {
    const one = { name: 'input', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] };
    expect(refusal({ inputs: [one], outputs: [{ name: 'probs' }] })).toBe(
      "outputs[0].name: the model has no output 'probs' (its outputs: label, probabilities)",
    );
    expect(refusal({ inputs: [one], outputs: [{ name: 'label' }, { name: 'label' }] })).toBe(
      "outputs[1].name: output 'label' is requested twice",
    );
    expect(refusal({ inputs: [one], outputs: [] })).toBe(
      'outputs: expected at least one output (leave outputs out for all of them)',
    );
    const zipmap = readSignature(fixture('skl2onnx-logreg-iris-zipmap.onnx'));
    expect(
      refusal(
        {
          inputs: [{ name: 'X', shape: [1, 2], datatype: 'FP32', data: [5.1, 3.5] }],
          outputs: [{ name: 'output_probability' }],
        },
        zipmap,
      ),
    ).toBe(
      "outputs[0].name: output 'output_probability' is a sequence, not a tensor: onnxruntime-node cannot return it",
    );
    expect(refusal({ inputs: [{ ...one, parameters: { binary_data_size: 16 } }] })).toBe(
      'inputs[0].parameters.binary_data_size: the binary tensor data extension is not supported: send the data as JSON',
    );
  });

  it("checks the protocol document's own example request (its input1 has 3 dims, 1 value)", () => {
    // kserve/kserve docs/predict-api/v2/required_api.md, "Inference Request Examples".
    const signature: SignatureLike = {
      inputs: [
        { name: 'input0', elementType: 'uint32', shape: [2, 2] },
        { name: 'input1', elementType: 'bool', shape: [3] },
      ],
      outputs: [{ name: 'output0', elementType: 'float32', shape: [3, 2] }],
    };
    const example = {
      id: '42',
      inputs: [
        { name: 'input0', shape: [2, 2], datatype: 'UINT32', data: [1, 2, 3, 4] },
        { name: 'input1', shape: [3], datatype: 'BOOL', data: [true] },
      ],
      outputs: [{ name: 'output0' }],
    };
    expect(refusal(example, signature)).toBe(
      'inputs[1].data: expected 3 values for shape [3], got 1',
    );
    example.inputs[1]!.data = [true, false, true];
    const request = parseInferRequest(example, signature);
    expect(request.feeds['input0']?.type).toBe('uint32');
    expect(Array.from(request.feeds['input1']!.data as Uint8Array)).toEqual([1, 0, 1]);
    expect(request.outputNames).toEqual(['output0']);
    // The document's response: output0 [3, 2] FP32, flat data.
    const response = formatInferResponse({
      modelName: 'mymodel',
      id: '42',
      outputs: {
        output0: new Tensor('float32', Float32Array.from([1.0, 1.1, 2.0, 2.1, 3.0, 3.1]), [3, 2]),
      },
    });
    expect(response).toEqual({
      model_name: 'mymodel',
      id: '42',
      outputs: [
        { name: 'output0', shape: [3, 2], datatype: 'FP32', data: [1, 1.1, 2, 2.1, 3, 3.1] },
      ],
    });
  });

  it('writes int64 outputs as numbers while exact, beyond 2^53 as decimal strings', () => {
    const response = formatInferResponse({
      modelName: 'm',
      outputs: { ids: new Tensor('int64', BigInt64Array.from([2n ** 60n, -5n]), [2]) },
    });
    expect(response.outputs[0]?.data).toEqual(['1152921504606846976', -5]);
  });
});

describe('modelMetadata', () => {
  it('describes inputs and outputs with OIP datatypes and -1 for variable dimensions', () => {
    expect(modelMetadata('credit-risk', ['1', '2'], credit.signature)).toEqual({
      name: 'credit-risk',
      versions: ['1', '2'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [
        { name: 'label', datatype: 'INT64', shape: [-1] },
        { name: 'probabilities', datatype: 'FP32', shape: [-1, 2] },
      ],
    });
  });

  it('leaves out outputs that are not tensors', () => {
    const zipmap = readSignature(fixture('skl2onnx-logreg-iris-zipmap.onnx'));
    expect(modelMetadata('iris', ['1'], zipmap).outputs).toEqual([
      { name: 'output_label', datatype: 'INT64', shape: [-1] },
    ]);
  });
});
