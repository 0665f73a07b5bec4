import path from 'node:path';

import { AppError } from '@sextant/errors';
import protobuf from 'protobufjs';

import { readSignature } from './signature';

// Built straight from ONNX's schema, independently of the package's writers.
const ModelProto = protobuf
  .loadSync(path.join(__dirname, '../proto/onnx.proto'))
  .lookupType('onnx.ModelProto');

function encode(model: Record<string, unknown>): Uint8Array {
  return new Uint8Array(ModelProto.encode(ModelProto.fromObject(model)).finish());
}

function tensor(name: string, elemType: number, dim: Record<string, unknown>[] | null) {
  return { name, type: { tensorType: { elemType, ...(dim ? { shape: { dim } } : {}) } } };
}

const skl2onnxLike = encode({
  irVersion: 9,
  producerName: 'skl2onnx',
  producerVersion: '1.16.0',
  opsetImport: [
    { domain: 'ai.onnx.ml', version: 1 },
    { domain: '', version: 17 },
  ],
  metadataProps: [
    { key: 'feature_names', value: '["sepal_length","petal_width"]' },
    { key: 'owner', value: 'team-a' },
  ],
  graph: {
    name: 'g',
    initializer: [{ name: 'bias', dims: [1], dataType: 1, floatData: [0] }],
    input: [
      tensor('float_input', 1, [{ dimParam: 'batch' }, { dimValue: 2 }]),
      // An initializer listed as an input is a constant with a default, not a feed.
      tensor('bias', 1, [{ dimValue: 1 }]),
    ],
    output: [
      tensor('label', 7, [{}]),
      tensor('weights', 11, null),
      tensor('odd', 99, [{ dimValue: 3 }]),
      {
        name: 'probabilities',
        type: { sequenceType: { elemType: { mapType: { keyType: 7, valueType: {} } } } },
      },
    ],
  },
});

describe('readSignature', () => {
  const signature = readSignature(skl2onnxLike);

  it('reads inputs with symbolic and fixed dimensions, leaving out initializers', () => {
    expect(signature.inputs).toEqual([
      { name: 'float_input', elementType: 'float32', shape: ['batch', 2] },
    ]);
  });

  it('reads outputs: unknown dims, unknown rank, unknown types and non-tensors', () => {
    expect(signature.outputs).toEqual([
      { name: 'label', elementType: 'int64', shape: [null] },
      { name: 'weights', elementType: 'float64', shape: null },
      { name: 'odd', elementType: 'unknown', shape: [3] },
      { name: 'probabilities', elementType: 'sequence', shape: null },
    ]);
  });

  it('reads opsets, producer, metadata and feature names', () => {
    expect(signature.opsets).toEqual([
      { domain: 'ai.onnx.ml', version: 1 },
      { domain: '', version: 17 },
    ]);
    expect(signature.irVersion).toBe(9);
    expect(signature.producer).toEqual({ name: 'skl2onnx', version: '1.16.0' });
    expect(signature.metadata).toEqual({
      feature_names: '["sepal_length","petal_width"]',
      owner: 'team-a',
    });
    expect(signature.featureNames).toEqual(['sepal_length', 'petal_width']);
  });

  it('ignores feature_names that are not a JSON array of strings', () => {
    const bytes = (value: string) =>
      encode({
        irVersion: 8,
        opsetImport: [{ domain: '', version: 15 }],
        metadataProps: [{ key: 'feature_names', value }],
        graph: { name: 'g' },
      });
    expect(readSignature(bytes('a,b')).featureNames).toBeNull();
    expect(readSignature(bytes('[1,2]')).featureNames).toBeNull();
  });

  it.each([
    ['an empty file', new Uint8Array(), /empty/],
    ['bytes that are not protobuf', new TextEncoder().encode('{"not": "onnx"}'), /do not parse/],
    [
      'a model without a graph',
      encode({ irVersion: 8, opsetImport: [{ version: 15 }] }),
      /no graph/,
    ],
    ['a model without opsets', encode({ irVersion: 8, graph: { name: 'g' } }), /no operator set/],
  ])('refuses %s as BAD_REQUEST on the artifact', (_, bytes, message) => {
    let error: unknown;
    try {
      readSignature(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_REQUEST');
    expect((error as AppError).message).toMatch(message);
    expect((error as AppError).fields[0]?.path).toBe('artifact');
  });
});
