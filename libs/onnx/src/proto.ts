import path from 'node:path';

import protobuf from 'protobufjs';

/** ONNX's own schema (proto/onnx.proto, copied verbatim from onnx/onnx), loaded once. */
const root = protobuf.loadSync(path.join(__dirname, '../proto/onnx.proto'));

/** The protobufjs type of `onnx.ModelProto`. */
export const ModelProto = root.lookupType('onnx.ModelProto');

/** `onnx.TensorProto.DataType` codes used by the writers and the signature reader. */
export const DataType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  COMPLEX64: 14,
  COMPLEX128: 15,
  BFLOAT16: 16,
} as const;

/** `onnx.AttributeProto.AttributeType` codes. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
  TENSORS: 9,
  GRAPHS: 10,
  SPARSE_TENSOR: 11,
  SPARSE_TENSORS: 12,
} as const;

/** `onnx.TensorProto.DataLocation.EXTERNAL`. */
export const DATA_LOCATION_EXTERNAL = 1;

/** Encodes a plain (camelCase) ModelProto object; the result is a plain Uint8Array. */
export function encodeModel(model: Record<string, unknown>): Uint8Array {
  const message = ModelProto.fromObject(model);
  const buffer = ModelProto.encode(message).finish();
  // Copy into a plain Uint8Array (protobufjs returns a Node Buffer).
  return new Uint8Array(buffer);
}

/** Decodes model bytes to a plain object: int64 as number, enums as numbers, bytes as Uint8Array. */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  const message = ModelProto.decode(bytes);
  return ModelProto.toObject(message, { longs: Number, enums: Number, defaults: false });
}
