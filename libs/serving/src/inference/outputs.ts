/**
 * A deployment's answer fields, named from the model's outputs: a whole output per record (a
 * scalar for an [N] or [N, 1] output, an array for [N, k]), or one column of an [N, k] output —
 * `default_probability` = column 1 of `probabilities`, as skl2onnx-style classifiers emit it —
 * optionally rounded.
 */
import { AppError } from '@sextant/errors';
import { type Tensor } from 'onnxruntime-node';
import { z } from 'zod';

import {
  type Int64Mode,
  type JsonElement,
  type SignatureLike,
  type TensorSpec,
  badRequest,
  elementAt,
  formatShape,
  isFloatType,
  isIntegerType,
  isTensorSpec,
} from './tensors';

/** One answer field. */
export const outputFieldSpec = z
  .object({
    /** The field's name in the answer. */
    field: z.string().trim().min(1).max(128),
    /** The model output it is read from. */
    output: z.string().min(1),
    /** One column of an [N, k] output (0-based); the whole output per record when absent. */
    column: z.number().int().nonnegative().optional(),
    /** Round floating-point values to this many decimal places. */
    round: z.number().int().min(0).max(12).optional(),
    /** 64-bit integer outputs as numbers (default; decimal strings beyond ±2^53) or strings. */
    int64: z.enum(['number', 'string']).optional(),
  })
  .strict();
export type OutputFieldSpec = z.infer<typeof outputFieldSpec>;

/** A deployment's answer fields; field names are unique. */
export const outputFieldsSpec = z
  .array(outputFieldSpec)
  .min(1)
  .max(64)
  .superRefine((fields, ctx) => {
    const first = new Map<string, number>();
    fields.forEach((f, i) => {
      const earlier = first.get(f.field);
      if (earlier !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'field'],
          message: `'${f.field}' is already the name of field ${earlier}`,
        });
      } else first.set(f.field, i);
    });
  });
export type OutputFieldsSpec = z.infer<typeof outputFieldsSpec>;

/** What one record's field holds: `unknown` when the model's shape does not say. */
export type FieldKind = 'number' | 'string' | 'boolean' | 'array' | 'unknown';

/** An answer field checked against the model, with the kind of value it holds. */
export type ResolvedOutputField = OutputFieldSpec & { readonly kind: FieldKind };

function elementKind(spec: TensorSpec, int64: Int64Mode | undefined): FieldKind {
  if (spec.elementType === 'string') return 'string';
  if (spec.elementType === 'bool') return 'boolean';
  if ((spec.elementType === 'int64' || spec.elementType === 'uint64') && int64 === 'string') {
    return 'string';
  }
  return 'number';
}

function wholeKind(spec: TensorSpec, int64: Int64Mode | undefined): FieldKind {
  const shape = spec.shape;
  if (shape === null) return 'unknown';
  if (shape.length === 1 || (shape.length === 2 && shape[1] === 1)) return elementKind(spec, int64);
  if (shape.length === 2 && typeof shape[1] !== 'number') return 'unknown'; // [N, k]: k may be 1
  return 'array';
}

/** Every tensor output of the model, whole, named as the output: the answer without a spec. */
export function defaultOutputFields(signature: SignatureLike): OutputFieldSpec[] {
  return signature.outputs.filter(isTensorSpec).map((o) => ({ field: o.name, output: o.name }));
}

/**
 * The answer fields of a deployment without outputFields (its model's tensor outputs, by name),
 * checked: an output named `id` would overwrite every answer's prediction id. Throws BAD_REQUEST
 * (field `outputFields`).
 */
export function defaultAnswerFields(signature: SignatureLike): string[] {
  const names = defaultOutputFields(signature).map((f) => f.field);
  if (names.includes('id')) {
    throw badRequest(
      'outputFields',
      "the model has an output named 'id', which is every answer's prediction id: name the answer fields with outputFields",
    );
  }
  return names;
}

/** The answer's field names: the spec's, or every tensor output's name when there is no spec. */
export function fieldNamesOf(
  spec: readonly OutputFieldSpec[] | null | undefined,
  signature: SignatureLike,
): string[] {
  return (spec ?? defaultOutputFields(signature)).map((f) => f.field);
}

/** The outputs a spec reads, each once, in first-use order: what to ask the session for. */
export function outputNamesOf(spec: readonly OutputFieldSpec[]): readonly string[] {
  let names = outputNames.get(spec);
  if (!names) {
    names = Object.freeze([...new Set(spec.map((f) => f.output))]);
    outputNames.set(spec, names);
  }
  return names;
}

/** A spec's output names, worked out once (a revision's spec is immutable, read per request). */
const outputNames = new WeakMap<readonly OutputFieldSpec[], readonly string[]>();

/**
 * Checks answer fields against the model: each names a tensor output; a column belongs to an
 * [N, k] output and is below k; rounding is for floating-point outputs, `int64` for 64-bit
 * integer ones. Throws BAD_REQUEST naming the field (`outputFields[0].column: …`). Returns the
 * fields with the kind of value each holds per record (for `validateDecision`).
 */
export function validateOutputFields(
  spec: readonly OutputFieldSpec[],
  signature: SignatureLike,
): ResolvedOutputField[] {
  const outputs = new Map(signature.outputs.map((o) => [o.name, o]));
  const listed = signature.outputs.map((o) => o.name).join(', ');
  const names = new Set<string>();
  return spec.map((field, i) => {
    const at = `outputFields[${i}]`;
    if (names.has(field.field)) throw badRequest(`${at}.field`, `'${field.field}' is used twice`);
    if (field.field === 'id') {
      throw badRequest(
        `${at}.field`,
        `'id' is every answer's prediction id: give this field another name (outputFields)`,
      );
    }
    names.add(field.field);
    const out = outputs.get(field.output);
    if (!out) {
      throw badRequest(
        `${at}.output`,
        `the model has no output '${field.output}' (its outputs: ${listed})`,
      );
    }
    if (!isTensorSpec(out)) {
      throw badRequest(
        `${at}.output`,
        `output '${out.name}' is a ${out.elementType}, not a tensor, and onnxruntime-node cannot return it (for a skl2onnx classifier, export it without ZipMap: options={'zipmap': False})`,
      );
    }
    if (out.shape?.length === 0) {
      throw badRequest(
        `${at}.output`,
        `output '${out.name}' is a scalar, not one value per record`,
      );
    }
    let kind: FieldKind;
    if (field.column !== undefined) {
      const shape = out.shape;
      if (shape !== null && shape.length !== 2) {
        throw badRequest(
          `${at}.column`,
          shape.length === 1
            ? `output '${out.name}' has shape ${formatShape(shape)}: it has no columns`
            : `output '${out.name}' has shape ${formatShape(shape)}: only an [N, k] output has columns`,
        );
      }
      const width = shape?.[1];
      if (typeof width === 'number' && field.column >= width) {
        throw badRequest(
          `${at}.column`,
          `output '${out.name}' has ${width} column${width === 1 ? '' : 's'} (shape ${formatShape(shape)}): column ${field.column} is out of range`,
        );
      }
      kind = elementKind(out, field.int64);
    } else {
      kind = wholeKind(out, field.int64);
    }
    if (field.round !== undefined && !isFloatType(out.elementType)) {
      throw badRequest(
        `${at}.round`,
        `output '${out.name}' is ${out.elementType}: only floating-point outputs are rounded`,
      );
    }
    if (
      field.int64 !== undefined &&
      !(isIntegerType(out.elementType) && out.elementType.endsWith('64'))
    ) {
      throw badRequest(`${at}.int64`, `output '${out.name}' is ${out.elementType}, not int64`);
    }
    return { ...field, kind };
  });
}

type FieldValue = JsonElement | FieldValue[];

function valueAt(tensor: Tensor, index: number, field: OutputFieldSpec): JsonElement {
  if (field.round !== undefined && (tensor.type === 'float32' || tensor.type === 'float64')) {
    // Round the exact stored value, not its shortest decimal form.
    const raw = (tensor.data as Float32Array | Float64Array)[index] as number;
    return Number(raw.toFixed(field.round));
  }
  const value = elementAt(tensor, index, field.int64 ?? 'number');
  return field.round !== undefined && typeof value === 'number'
    ? Number(value.toFixed(field.round))
    : value;
}

/** The nested array of dims `shape[depth..]`, from `offset` in the tensor. */
function nested(
  tensor: Tensor,
  dims: readonly number[],
  depth: number,
  offset: number,
  field: OutputFieldSpec,
): FieldValue[] {
  const size = dims[depth] as number;
  const stride = dims.slice(depth + 1).reduce((a, b) => a * b, 1);
  const out = new Array<FieldValue>(size);
  for (let i = 0; i < size; i++) {
    out[i] =
      depth === dims.length - 1
        ? valueAt(tensor, offset + i, field)
        : nested(tensor, dims, depth + 1, offset + i * stride, field);
  }
  return out;
}

/**
 * One plain object per record from the session's results, field by field (every returned output,
 * whole, when `spec` is null). Values are JSON: float32 at its shortest decimal (or rounded),
 * int64 as numbers while exact. Throws INTERNAL when an output the spec reads was not computed
 * or has not one row per record — a deployment's fault, not the caller's. `start` makes each
 * record before its fields are set (e.g. with an id first).
 */
export function recordsFromOutputs(
  spec: readonly OutputFieldSpec[] | null | undefined,
  results: Record<string, Tensor>,
  count: number,
  start: () => Record<string, unknown> = () => ({}),
): Record<string, unknown>[] {
  const fields: readonly OutputFieldSpec[] =
    spec ?? Object.keys(results).map((name) => ({ field: name, output: name }));
  const records: Record<string, unknown>[] = [];
  for (let r = 0; r < count; r++) records.push(start());
  for (const field of fields) {
    const tensor = results[field.output];
    if (!tensor) {
      throw new AppError('INTERNAL', `output '${field.output}' was not computed`);
    }
    const dims = tensor.dims;
    if (dims.length === 0 || dims[0] !== count) {
      throw new AppError(
        'INTERNAL',
        `output '${field.output}' has shape ${formatShape(dims)}, not one row per record (${count} records)`,
      );
    }
    const rowSize = dims.slice(1).reduce((a, b) => a * b, 1);
    if (field.column !== undefined) {
      const width = dims[1];
      if (dims.length !== 2 || width === undefined || field.column >= width) {
        throw new AppError(
          'INTERNAL',
          `output '${field.output}' has shape ${formatShape(dims)}: it has no column ${field.column}`,
        );
      }
      for (let r = 0; r < count; r++) {
        (records[r] as Record<string, unknown>)[field.field] = valueAt(
          tensor,
          r * rowSize + field.column,
          field,
        );
      }
    } else if (dims.length === 1 || (dims.length === 2 && dims[1] === 1)) {
      for (let r = 0; r < count; r++) {
        (records[r] as Record<string, unknown>)[field.field] = valueAt(tensor, r, field);
      }
    } else {
      for (let r = 0; r < count; r++) {
        (records[r] as Record<string, unknown>)[field.field] = nested(
          tensor,
          dims,
          1,
          r * rowSize,
          field,
        );
      }
    }
  }
  return records;
}
