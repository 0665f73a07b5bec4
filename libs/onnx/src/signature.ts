import { AppError } from '@sextant/errors';

import { FEATURE_NAMES_KEY } from './builder';
import { decodeModel } from './proto';

/** Element type names (onnxruntime's spelling), by `TensorProto.DataType` code. */
const ELEMENT_TYPES: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
  17: 'float8e4m3fn',
  18: 'float8e4m3fnuz',
  19: 'float8e5m2',
  20: 'float8e5m2fnuz',
  21: 'uint4',
  22: 'int4',
  23: 'float4e2m1',
};

/** One graph input or output. */
export interface TensorSignature {
  readonly name: string;
  /**
   * Tensor element type (`float32`, `int64`, `string`, …); for a value that is not a tensor, its
   * kind (`sequence`, `map`, `optional`, `sparse_tensor`); `unknown` when the file does not say.
   */
  readonly elementType: string;
  /** Dimensions: a size, a symbolic name (`N`), or null if unknown; null when the rank is unknown. */
  readonly shape: (number | string | null)[] | null;
}

/** What a model takes and returns, and where it came from. */
export interface ModelSignature {
  readonly inputs: TensorSignature[];
  readonly outputs: TensorSignature[];
  readonly opsets: { domain: string; version: number }[];
  readonly irVersion: number;
  readonly metadata: Record<string, string>;
  readonly producer: { name: string; version: string };
  /** The input columns' names, from `metadata_props.feature_names` (a JSON array), if present. */
  readonly featureNames: string[] | null;
}

interface DecodedValueInfo {
  name?: string;
  type?: {
    tensorType?: {
      elemType?: number;
      shape?: { dim?: { dimValue?: number; dimParam?: string }[] };
    };
    sequenceType?: unknown;
    mapType?: unknown;
    optionalType?: unknown;
    sparseTensorType?: { elemType?: number; shape?: { dim?: unknown[] } };
  };
}

/** The decoded parts of a ModelProto this package reads. */
export interface DecodedModel {
  irVersion?: number;
  producerName?: string;
  producerVersion?: string;
  opsetImport?: { domain?: string; version?: number }[];
  metadataProps?: { key?: string; value?: string }[];
  graph?: {
    input?: DecodedValueInfo[];
    output?: DecodedValueInfo[];
    initializer?: { name?: string }[];
  };
}

function notOnnx(message: string, cause?: unknown): AppError {
  return new AppError('BAD_REQUEST', message, {
    fields: [{ path: 'artifact', message }],
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Decodes a ModelProto, refusing bytes that are empty, do not parse, or hold no graph. */
export function parseModel(bytes: Uint8Array): DecodedModel {
  if (bytes.byteLength === 0) throw notOnnx('not an ONNX model: the file is empty');
  let decoded: DecodedModel;
  try {
    decoded = decodeModel(bytes) as DecodedModel;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw notOnnx(
      `not an ONNX model: the bytes do not parse as an ONNX ModelProto (${reason})`,
      error,
    );
  }
  if (!decoded.graph) throw notOnnx('not an ONNX model: the file has no graph');
  if (!decoded.opsetImport?.length) {
    throw notOnnx('not an ONNX model: the file imports no operator set');
  }
  return decoded;
}

function dims(shape: { dim?: unknown[] } | undefined): (number | string | null)[] | null {
  if (!shape) return null;
  return (shape.dim ?? []).map((d) => {
    const dim = d as { dimValue?: number; dimParam?: string };
    if (typeof dim.dimValue === 'number') return dim.dimValue;
    if (typeof dim.dimParam === 'string' && dim.dimParam !== '') return dim.dimParam;
    return null;
  });
}

function valueSignature(value: DecodedValueInfo): TensorSignature {
  const name = value.name ?? '';
  const type = value.type;
  if (type?.tensorType) {
    const code = type.tensorType.elemType ?? 0;
    return {
      name,
      elementType: ELEMENT_TYPES[code] ?? 'unknown',
      shape: dims(type.tensorType.shape),
    };
  }
  if (type?.sparseTensorType)
    return { name, elementType: 'sparse_tensor', shape: dims(type.sparseTensorType.shape) };
  if (type?.sequenceType) return { name, elementType: 'sequence', shape: null };
  if (type?.mapType) return { name, elementType: 'map', shape: null };
  if (type?.optionalType) return { name, elementType: 'optional', shape: null };
  return { name, elementType: 'unknown', shape: null };
}

function featureNamesOf(metadata: Record<string, string>): string[] | null {
  const raw = metadata[FEATURE_NAMES_KEY];
  if (raw === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) && parsed.every((n) => typeof n === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

/** Describes a decoded model (see `readSignature`). */
export function signatureOf(model: DecodedModel): ModelSignature {
  const graph = model.graph ?? {};
  // Graph inputs that are also initializers are constants with defaults, not what a caller feeds.
  const constants = new Set((graph.initializer ?? []).map((t) => t.name));
  const metadata: Record<string, string> = {};
  for (const entry of model.metadataProps ?? []) {
    if (entry.key !== undefined) metadata[entry.key] = entry.value ?? '';
  }
  return {
    inputs: (graph.input ?? []).filter((i) => !constants.has(i.name)).map(valueSignature),
    outputs: (graph.output ?? []).map(valueSignature),
    opsets: (model.opsetImport ?? []).map((o) => ({
      domain: o.domain ?? '',
      version: o.version ?? 0,
    })),
    irVersion: model.irVersion ?? 0,
    metadata,
    producer: { name: model.producerName ?? '', version: model.producerVersion ?? '' },
    featureNames: featureNamesOf(metadata),
  };
}

/**
 * Reads a model's inputs, outputs, opsets, metadata and producer from its protobuf, without
 * onnxruntime. Throws BAD_REQUEST (field `artifact`) when the bytes are not an ONNX model.
 */
export function readSignature(bytes: Uint8Array): ModelSignature {
  return signatureOf(parseModel(bytes));
}
