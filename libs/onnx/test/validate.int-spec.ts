import path from 'node:path';

import { AppError } from '@sextant/errors';
import protobuf from 'protobufjs';

import {
  EXTERNAL_DATA_MESSAGE,
  logisticRegressionModel,
  readSignature,
  validateModel,
} from '../src';

// Models are built here straight from ONNX's schema, independently of the package's writers.
const ModelProto = protobuf
  .loadSync(path.join(__dirname, '../proto/onnx.proto'))
  .lookupType('onnx.ModelProto');
const FLOAT = 1;
const EXTERNAL = 1;

function encode(model: Record<string, unknown>): Uint8Array {
  return new Uint8Array(ModelProto.encode(ModelProto.fromObject(model)).finish());
}

function valueInfo(name: string) {
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimValue: 2 }] } } } };
}

/** y = x + b, with the initializer b given by the caller. */
function addModel(b: Record<string, unknown>, opType = 'Add'): Uint8Array {
  return encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 15 }],
    producerName: 'test',
    graph: {
      name: 'g',
      node: [{ opType, input: ['x', 'b'], output: ['y'] }],
      initializer: [b],
      input: [valueInfo('x')],
      output: [valueInfo('y')],
    },
  });
}

const inlineB = { name: 'b', dims: [2], dataType: FLOAT, floatData: [1, 2] };

async function refusal(bytes: Uint8Array): Promise<AppError> {
  try {
    await validateModel(bytes);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('validateModel accepted the model');
}

/** Deterministic bytes (xorshift32), so the "random bytes" case is the same on every run. */
function noise(length: number, seed: number): Uint8Array {
  let x = seed;
  return Uint8Array.from({ length }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x & 0xff;
  });
}

describe('validateModel', () => {
  it('accepts a self-contained model and returns its signature', async () => {
    const signature = await validateModel(addModel(inlineB));
    expect(signature.inputs).toEqual([{ name: 'x', elementType: 'float32', shape: [2] }]);
    expect(signature.producer.name).toBe('test');
  });

  it('refuses an empty file', async () => {
    const error = await refusal(new Uint8Array());
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/empty/);
    expect(error.fields).toEqual([{ path: 'artifact', message: error.message }]);
  });

  it('refuses random bytes', async () => {
    const error = await refusal(noise(4096, 12345));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^not an ONNX model/);
  });

  it('refuses a truncated model', async () => {
    const bytes = logisticRegressionModel({
      weights: [
        [1, 2],
        [3, 4],
      ],
      intercepts: [0, 0],
      classLabels: [0, 1],
    });
    const error = await refusal(bytes.slice(0, Math.floor(bytes.length / 2)));
    expect(error.message).toMatch(/^not an ONNX model/);
  });

  it('refuses an initializer whose data is external, naming where it points', async () => {
    const external = {
      name: 'b',
      dims: [2],
      dataType: FLOAT,
      dataLocation: EXTERNAL,
      externalData: [
        { key: 'location', value: '../../x' },
        { key: 'length', value: '8' },
      ],
    };
    const error = await refusal(addModel(external));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(EXTERNAL_DATA_MESSAGE);
    expect(error.message).toContain("'../../x'");
    expect(error.details).toEqual({ tensor: 'b', location: '../../x' });
  });

  it('refuses external data in a node attribute tensor too', async () => {
    const bytes = encode({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 15 }],
      graph: {
        name: 'g',
        node: [
          {
            opType: 'Constant',
            output: ['y'],
            attribute: [
              {
                name: 'value',
                type: 4, // TENSOR
                t: { dims: [2], dataType: FLOAT, dataLocation: EXTERNAL, externalData: [] },
              },
            ],
          },
        ],
        output: [valueInfo('y')],
      },
    });
    expect((await refusal(bytes)).message).toContain(EXTERNAL_DATA_MESSAGE);
  });

  it('refuses a model onnxruntime cannot load, with onnxruntime’s reason', async () => {
    const error = await refusal(addModel(inlineB, 'NoSuchOp'));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^onnxruntime cannot load the model: .*NoSuchOp/);
    // The protobuf itself is fine: the signature reader still reads it.
    expect(readSignature(addModel(inlineB, 'NoSuchOp')).outputs[0]?.name).toBe('y');
  });
});
