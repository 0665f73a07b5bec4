/**
 * The Open Inference Protocol v2 (KServe "Predict Protocol - Version 2", REST): the infer request
 * and response, and the model metadata answer. See kserve/kserve docs/predict-api/v2/required_api.md.
 *
 * Choices where the protocol leaves room:
 * - An input's datatype must be the model's (the protocol lets a server coerce or refuse; this one
 *   refuses, saying which datatype the model takes). FP16 cannot be sent as JSON (the protocol
 *   notes there is no JSON form for it); the binary-data extension is not supported.
 * - `data` may be flat or nested to any depth, row-major; its element count must equal the
 *   product of `shape`. Every dimension is at least 1 (an empty batch is refused).
 * - INT64/UINT64 values are JSON numbers while exact (|v| ≤ 2^53 − 1); beyond that they are
 *   decimal strings, in requests and responses alike. FP32 outputs are written at their shortest
 *   decimal that reads back as the same float32.
 * - Variable dimensions are -1 in metadata; a tensor of unknown rank is described as `[-1]`.
 */
import { AppError } from '@sextant/errors';
import { type Tensor } from 'onnxruntime-node';
import { z } from 'zod';

import {
  type JsonElement,
  type SignatureLike,
  type TensorSpec,
  badRequest,
  describeValue,
  formatShape,
  isFeedElementType,
  isTensorSpec,
  tensorBuffer,
  tensorElements,
} from './tensors';

/** The platform name in model metadata (Triton's name for ONNX Runtime models). */
export const OIP_PLATFORM = 'onnxruntime_onnx';

/** OIP tensor datatypes, by onnxruntime element type. */
const DATATYPE_BY_ELEMENT: Readonly<Record<string, string>> = {
  bool: 'BOOL',
  uint8: 'UINT8',
  uint16: 'UINT16',
  uint32: 'UINT32',
  uint64: 'UINT64',
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  float16: 'FP16',
  bfloat16: 'BF16',
  float32: 'FP32',
  float64: 'FP64',
  string: 'BYTES',
};

/** The datatypes an infer request may carry as JSON. */
export const OIP_REQUEST_DATATYPES = [
  'BOOL',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP32',
  'FP64',
  'BYTES',
] as const;
export type OipDatatype = (typeof OIP_REQUEST_DATATYPES)[number];

/** The OIP datatype of an onnxruntime element type (`float32` → `FP32`), or null if it has none. */
export function oipDatatype(elementType: string): string | null {
  return DATATYPE_BY_ELEMENT[elementType] ?? null;
}

const parameterValue = z.union([z.string(), z.number(), z.boolean()]);
/** `$parameters`: names to strings, numbers or booleans. */
export const oipParameters = z.record(z.string(), parameterValue);
export type OipParameters = z.infer<typeof oipParameters>;

/** `$inference_request`; `data` is checked against the model by `parseInferRequest`. */
export const inferRequestSchema = z.object({
  id: z.string().max(1024).optional(),
  parameters: oipParameters.optional(),
  inputs: z
    .array(
      z.object({
        name: z.string().min(1),
        shape: z.array(z.number().int().nonnegative()),
        datatype: z.string().min(1),
        parameters: oipParameters.optional(),
        data: z.unknown().optional(),
      }),
    )
    .min(1, 'expected at least one input'),
  outputs: z
    .array(z.object({ name: z.string().min(1), parameters: oipParameters.optional() }))
    .min(1, 'expected at least one output (leave outputs out for all of them)')
    .optional(),
});
export type InferRequest = z.infer<typeof inferRequestSchema>;

/** An infer request checked against the model and turned into onnxruntime feeds. */
export interface ParsedInferRequest {
  readonly id?: string;
  readonly parameters?: OipParameters;
  /** Input name → tensor, one per model input. */
  readonly feeds: Record<string, Tensor>;
  /** The outputs to compute and return, in the requested order (default: every tensor output). */
  readonly outputNames: string[];
  /** Dimension 0 of the first input: the number of rows in the batch. */
  readonly batchSize: number;
}

export interface ParseInferOptions {
  /** The most elements one input may hold; default 10,000,000. */
  readonly maxElements?: number;
}

/** `inputs[0].shape[1]` from a zod issue path. */
function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  }
  return out;
}

function refuseBinary(path: string, parameters: OipParameters | undefined): void {
  for (const key of Object.keys(parameters ?? {})) {
    if (key.startsWith('binary_data')) {
      throw badRequest(
        `${path ? `${path}.` : ''}parameters.${key}`,
        'the binary tensor data extension is not supported: send the data as JSON',
      );
    }
  }
}

const MAX_DEPTH = 32;

/** Counts the leaves of (possibly nested) data, checking that each level is all arrays or none. */
function countLeaves(node: unknown[], path: string, depth: number): number {
  if (depth > MAX_DEPTH) throw badRequest(path, `nested more than ${MAX_DEPTH} levels deep`);
  const nested = node.length > 0 && Array.isArray(node[0]);
  if (!nested) {
    for (let i = 0; i < node.length; i++) {
      if (Array.isArray(node[i])) {
        throw badRequest(`${path}[${i}]`, 'mixes arrays and values at one level');
      }
    }
    return node.length;
  }
  let count = 0;
  for (let i = 0; i < node.length; i++) {
    const child = node[i];
    if (!Array.isArray(child)) {
      throw badRequest(
        `${path}[${i}]`,
        `expected an array like its siblings, got ${describeValue(child)}`,
      );
    }
    count += countLeaves(child, `${path}[${i}]`, depth + 1);
  }
  return count;
}

function writeLeaves(
  node: unknown[],
  path: string,
  write: (index: number, value: unknown) => string | undefined,
  start: number,
): number {
  let index = start;
  for (let i = 0; i < node.length; i++) {
    const child = node[i];
    if (Array.isArray(child)) {
      index = writeLeaves(child, `${path}[${i}]`, write, index);
    } else {
      const problem = write(index, child);
      if (problem !== undefined) throw badRequest(`${path}[${i}]`, problem);
      index++;
    }
  }
  return index;
}

function inputNames(signature: SignatureLike): string {
  return signature.inputs.map((i) => i.name).join(', ');
}

/**
 * Checks an infer request body against the model's signature and builds its feeds. Every model
 * input must be given once, with the model's datatype, a shape of the model's rank whose fixed
 * dimensions are the model's (symbolic ones free, the same symbol the same size across inputs),
 * and `data` holding exactly the shape's element count of finite values of that datatype.
 * Requested outputs must be tensor outputs of the model. Throws BAD_REQUEST naming the field,
 * e.g. `inputs[0].data: expected 8 values for shape [2, 4], got 7`.
 */
export function parseInferRequest(
  body: unknown,
  signature: SignatureLike,
  options: ParseInferOptions = {},
): ParsedInferRequest {
  const maxElements = options.maxElements ?? 10_000_000;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('', `expected an inference request object, got ${describeValue(body)}`);
  }
  const parsed = inferRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(pathOf(issue?.path ?? []), issue?.message ?? 'invalid request');
  }
  const request = parsed.data;
  refuseBinary('', request.parameters);

  const specs = new Map<string, TensorSpec>(signature.inputs.map((i) => [i.name, i]));
  const seen = new Map<string, number>();
  const symbols = new Map<string, { size: number; where: string }>();
  const feeds: Record<string, Tensor> = {};
  let batchSize = 0;

  request.inputs.forEach((input, i) => {
    const at = `inputs[${i}]`;
    const spec = specs.get(input.name);
    if (!spec) {
      throw badRequest(
        `${at}.name`,
        `the model has no input '${input.name}' (its inputs: ${inputNames(signature)})`,
      );
    }
    const earlier = seen.get(input.name);
    if (earlier !== undefined) {
      throw badRequest(
        `${at}.name`,
        `input '${input.name}' is already given in inputs[${earlier}]`,
      );
    }
    seen.set(input.name, i);
    refuseBinary(at, input.parameters);

    const modelDatatype = oipDatatype(spec.elementType);
    if (!(OIP_REQUEST_DATATYPES as readonly string[]).includes(input.datatype)) {
      const hint =
        input.datatype === 'FP16'
          ? 'FP16 has no JSON form (the protocol notes this)'
          : `expected one of ${OIP_REQUEST_DATATYPES.join(', ')}`;
      throw badRequest(`${at}.datatype`, `datatype '${input.datatype}' is not accepted: ${hint}`);
    }
    if (modelDatatype !== input.datatype || !isFeedElementType(spec.elementType)) {
      throw badRequest(
        `${at}.datatype`,
        modelDatatype !== null && isFeedElementType(spec.elementType)
          ? `input '${input.name}' is ${modelDatatype} in the model, got ${input.datatype} (the datatype must be the model's)`
          : `input '${input.name}' is ${modelDatatype ?? spec.elementType} in the model, which cannot be sent as JSON`,
      );
    }

    const shape = input.shape;
    if (spec.shape !== null) {
      if (shape.length !== spec.shape.length) {
        throw badRequest(
          `${at}.shape`,
          `input '${input.name}' has ${spec.shape.length} dimensions ${formatShape(spec.shape)} in the model, got ${shape.length} ${formatShape(shape)}`,
        );
      }
      spec.shape.forEach((dim, d) => {
        const size = shape[d] as number;
        if (typeof dim === 'number' && size !== dim) {
          throw badRequest(
            `${at}.shape[${d}]`,
            `dimension ${d} of input '${input.name}' is ${dim} in the model ${formatShape(spec.shape)}, got ${size}`,
          );
        }
        if (typeof dim === 'string') {
          const known = symbols.get(dim);
          if (known && known.size !== size) {
            throw badRequest(
              `${at}.shape[${d}]`,
              `dimension '${dim}' is ${known.size} in ${known.where}, got ${size}`,
            );
          }
          if (!known) symbols.set(dim, { size, where: `${at}.shape[${d}]` });
        }
      });
    }
    shape.forEach((size, d) => {
      if (size === 0) {
        throw badRequest(
          `${at}.shape[${d}]`,
          d === 0 ? 'the batch is empty: expected at least one row' : `dimension ${d} is 0`,
        );
      }
    });
    const expected = shape.reduce((product, size) => product * size, 1);
    if (!Number.isSafeInteger(expected) || expected > maxElements) {
      throw badRequest(
        `${at}.shape`,
        `${formatShape(shape)} holds more than the limit of ${maxElements} elements`,
      );
    }

    if (!Array.isArray(input.data)) {
      throw badRequest(
        `${at}.data`,
        input.data === undefined
          ? 'required: the tensor contents as a JSON array'
          : `expected an array of values, got ${describeValue(input.data)}`,
      );
    }
    const count = countLeaves(input.data, `${at}.data`, 0);
    if (count !== expected) {
      throw badRequest(
        `${at}.data`,
        `expected ${expected} value${expected === 1 ? '' : 's'} for shape ${formatShape(shape)}, got ${count}`,
      );
    }
    const buffer = tensorBuffer(spec.elementType, expected, { int64Strings: true });
    writeLeaves(input.data, `${at}.data`, buffer.write, 0);
    feeds[input.name] = buffer.tensor(shape);
    if (i === 0) batchSize = shape[0] ?? 1;
  });

  const missing = signature.inputs.filter((spec) => !seen.has(spec.name)).map((s) => s.name);
  if (missing.length > 0) {
    throw badRequest(
      'inputs',
      `missing the model's input${missing.length === 1 ? '' : 's'} ${missing.map((m) => `'${m}'`).join(', ')}`,
    );
  }

  const outputs = new Map<string, TensorSpec>(signature.outputs.map((o) => [o.name, o]));
  let outputNames: string[];
  if (request.outputs === undefined) {
    outputNames = signature.outputs.filter(isTensorSpec).map((o) => o.name);
  } else {
    outputNames = [];
    request.outputs.forEach((output, i) => {
      const at = `outputs[${i}]`;
      const spec = outputs.get(output.name);
      if (!spec) {
        throw badRequest(
          `${at}.name`,
          `the model has no output '${output.name}' (its outputs: ${signature.outputs.map((o) => o.name).join(', ')})`,
        );
      }
      if (!isTensorSpec(spec)) {
        throw badRequest(
          `${at}.name`,
          `output '${output.name}' is a ${spec.elementType}, not a tensor: onnxruntime-node cannot return it`,
        );
      }
      if (outputNames.includes(output.name)) {
        throw badRequest(`${at}.name`, `output '${output.name}' is requested twice`);
      }
      refuseBinary(at, output.parameters);
      outputNames.push(output.name);
    });
  }

  return {
    ...(request.id === undefined ? {} : { id: request.id }),
    ...(request.parameters === undefined ? {} : { parameters: request.parameters }),
    feeds,
    outputNames,
    batchSize,
  };
}

/** `$response_output`. */
export interface InferResponseOutput {
  readonly name: string;
  readonly shape: number[];
  readonly datatype: string;
  readonly data: JsonElement[];
}

/** `$inference_response`. */
export interface InferResponse {
  readonly model_name: string;
  readonly model_version?: string;
  readonly id?: string;
  readonly parameters?: OipParameters;
  readonly outputs: InferResponseOutput[];
}

export interface InferResponseParts {
  readonly modelName: string;
  readonly modelVersion?: string;
  /** The request's id (the protocol requires it back when given). */
  readonly id?: string;
  readonly parameters?: OipParameters;
  /** Output name → tensor, in the order to answer (as `ModelSession.run` returns them). */
  readonly outputs: Record<string, Tensor>;
}

/** The infer response: each output's shape, datatype and flat row-major data. */
export function formatInferResponse(parts: InferResponseParts): InferResponse {
  const outputs = Object.entries(parts.outputs).map(([name, tensor]) => {
    const datatype = oipDatatype(tensor.type);
    if (datatype === null) {
      throw new AppError(
        'INTERNAL',
        `output '${name}' has element type ${tensor.type}, which OIP cannot carry`,
      );
    }
    return { name, shape: [...tensor.dims], datatype, data: tensorElements(tensor) };
  });
  return {
    model_name: parts.modelName,
    ...(parts.modelVersion === undefined ? {} : { model_version: parts.modelVersion }),
    ...(parts.id === undefined ? {} : { id: parts.id }),
    ...(parts.parameters === undefined ? {} : { parameters: parts.parameters }),
    outputs,
  };
}

/** `$metadata_tensor`. */
export interface OipTensorMetadata {
  readonly name: string;
  readonly datatype: string;
  readonly shape: number[];
}

/** `$metadata_model_response`. */
export interface OipModelMetadata {
  readonly name: string;
  readonly versions: string[];
  readonly platform: string;
  readonly inputs: OipTensorMetadata[];
  readonly outputs: OipTensorMetadata[];
}

function tensorMetadata(spec: TensorSpec): OipTensorMetadata {
  return {
    name: spec.name,
    datatype: oipDatatype(spec.elementType) ?? spec.elementType.toUpperCase(),
    shape: spec.shape === null ? [-1] : spec.shape.map((d) => (typeof d === 'number' ? d : -1)),
  };
}

/**
 * The `GET /v2/models/{name}` answer. Variable dimensions are -1; outputs that are not tensors (a
 * ZipMap's sequence of maps) are left out, since inference cannot return them.
 */
export function modelMetadata(
  name: string,
  versions: readonly string[],
  signature: SignatureLike,
): OipModelMetadata {
  return {
    name,
    versions: [...versions],
    platform: OIP_PLATFORM,
    inputs: signature.inputs.map(tensorMetadata),
    outputs: signature.outputs.filter(isTensorSpec).map(tensorMetadata),
  };
}
