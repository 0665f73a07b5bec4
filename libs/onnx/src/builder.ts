import { AttributeType, DataType, encodeModel } from './proto';

/** ONNX IR version the writers target (IR 8 = ONNX 1.10+, read by every current runtime). */
export const IR_VERSION = 8;
/** Default-domain opset the writers target. */
export const OPSET_AI_ONNX = 15;
/** `ai.onnx.ml` opset the tree writers target. */
export const OPSET_AI_ONNX_ML = 3;
/** Value of `producer_name` in every model written here. */
export const PRODUCER_NAME = 'sextant';
/** Value of `producer_version` in every model written here. */
export const PRODUCER_VERSION = '0.1.0';
/** Metadata key holding the JSON array of input column names. */
export const FEATURE_NAMES_KEY = 'feature_names';

const utf8 = new TextEncoder();

/** A tensor dimension: a size, a symbolic name, or unknown. */
export type Dim = number | string | null;

/** A plain-object AttributeProto. */
export type Attribute = Record<string, unknown>;
/** A plain-object NodeProto. */
export type Node = Record<string, unknown>;
/** A plain-object ValueInfoProto. */
export type ValueInfo = Record<string, unknown>;
/** A plain-object TensorProto. */
export type Tensor = Record<string, unknown>;

/** UTF-8 bytes, as ONNX stores strings in `bytes` fields. */
export function bytesOf(text: string): Uint8Array {
  return utf8.encode(text);
}

/** An INT attribute. */
export function attrInt(name: string, i: number): Attribute {
  return { name, type: AttributeType.INT, i };
}

/** An INTS attribute. */
export function attrInts(name: string, ints: readonly number[]): Attribute {
  return { name, type: AttributeType.INTS, ints: [...ints] };
}

/** A FLOATS attribute (float32 on the wire). */
export function attrFloats(name: string, floats: readonly number[]): Attribute {
  return { name, type: AttributeType.FLOATS, floats: [...floats] };
}

/** A STRING attribute. */
export function attrString(name: string, s: string): Attribute {
  return { name, type: AttributeType.STRING, s: bytesOf(s) };
}

/** A STRINGS attribute. */
export function attrStrings(name: string, strings: readonly string[]): Attribute {
  return { name, type: AttributeType.STRINGS, strings: strings.map(bytesOf) };
}

/** A NodeProto named after its op type and first output. */
export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attribute: readonly Attribute[] = [],
  domain = '',
): Node {
  return {
    opType,
    input: [...inputs],
    output: [...outputs],
    name: `${opType}_${outputs[0] ?? ''}`,
    attribute: [...attribute],
    ...(domain ? { domain } : {}),
  };
}

/** A float32 TensorProto. */
export function floatTensor(
  name: string,
  dims: readonly number[],
  values: readonly number[],
): Tensor {
  return { name, dims: [...dims], dataType: DataType.FLOAT, floatData: [...values] };
}

/** A float64 TensorProto. */
export function doubleTensor(
  name: string,
  dims: readonly number[],
  values: readonly number[],
): Tensor {
  return { name, dims: [...dims], dataType: DataType.DOUBLE, doubleData: [...values] };
}

/** A TENSOR attribute. */
export function attrTensor(name: string, t: Tensor): Attribute {
  return { name, type: AttributeType.TENSOR, t };
}

/** An int64 TensorProto. */
export function int64Tensor(
  name: string,
  dims: readonly number[],
  values: readonly number[],
): Tensor {
  return { name, dims: [...dims], dataType: DataType.INT64, int64Data: [...values] };
}

/** A string TensorProto. */
export function stringTensor(
  name: string,
  dims: readonly number[],
  values: readonly string[],
): Tensor {
  return { name, dims: [...dims], dataType: DataType.STRING, stringData: values.map(bytesOf) };
}

/** A ValueInfoProto for a tensor; string dims are symbolic, null dims unknown. */
export function tensorValueInfo(name: string, elemType: number, shape: readonly Dim[]): ValueInfo {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: {
          dim: shape.map((d) =>
            typeof d === 'number' ? { dimValue: d } : typeof d === 'string' ? { dimParam: d } : {},
          ),
        },
      },
    },
  };
}

/** What `buildModel` assembles into a ModelProto. */
export interface ModelParts {
  readonly graphName: string;
  readonly nodes: readonly Node[];
  readonly initializers?: readonly Tensor[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  readonly opsets: readonly { domain: string; version: number }[];
  readonly featureNames?: readonly string[] | undefined;
  readonly docString?: string;
}

/** Assembles and encodes a ModelProto with Sextant's producer fields and metadata. */
export function buildModel(parts: ModelParts): Uint8Array {
  const metadataProps =
    parts.featureNames === undefined
      ? []
      : [{ key: FEATURE_NAMES_KEY, value: JSON.stringify(parts.featureNames) }];
  return encodeModel({
    irVersion: IR_VERSION,
    opsetImport: parts.opsets.map((o) => ({ domain: o.domain, version: o.version })),
    producerName: PRODUCER_NAME,
    producerVersion: PRODUCER_VERSION,
    ...(parts.docString ? { docString: parts.docString } : {}),
    graph: {
      name: parts.graphName,
      node: [...parts.nodes],
      initializer: [...(parts.initializers ?? [])],
      input: [...parts.inputs],
      output: [...parts.outputs],
    },
    metadataProps,
  });
}
