/**
 * `POST /v1/models/{name}:predict`: JSON records keyed by feature name — one object, an array of
 * objects, or KServe v1's `{ "instances": [...] }` — mapped onto the model's input tensors.
 */
import { AppError, type FieldError } from '@sextant/errors';
import { type Tensor } from 'onnxruntime-node';

import {
  type FeedElementType,
  type SignatureLike,
  type TensorBuffer,
  type TensorSpec,
  badRequest,
  badRequestAll,
  describeValue,
  elementAt,
  formatShape,
  isFeedElementType,
  tensorBuffer,
} from './tensors';

/**
 * How records map onto a model's inputs: `columns` — one [N, k] input whose k columns are the
 * features, in order; `inputs` — one input per feature, named as the feature, [N] or [N, 1].
 */
export type RecordLayout =
  | {
      readonly kind: 'columns';
      readonly input: string;
      readonly elementType: FeedElementType;
      readonly features: readonly string[];
      /** A fixed batch size the model requires, or null when any number of rows goes. */
      readonly batchSize: number | null;
    }
  | {
      readonly kind: 'inputs';
      readonly inputs: readonly {
        readonly feature: string;
        readonly elementType: FeedElementType;
        /** 1 for [N], 2 for [N, 1]. */
        readonly rank: 1 | 2;
      }[];
      readonly batchSize: number | null;
    };

function layoutError(problem: string): AppError {
  const message = `records cannot be mapped onto the model: ${problem}; use POST /v2/models/{name}/infer`;
  return new AppError('BAD_REQUEST', message, { fields: [{ path: 'featureNames', message }] });
}

function elementTypeOf(spec: TensorSpec): FeedElementType {
  if (!isFeedElementType(spec.elementType)) {
    throw layoutError(
      `input '${spec.name}' is ${spec.elementType}, which JSON records cannot fill`,
    );
  }
  return spec.elementType;
}

function fixedBatch(spec: TensorSpec): number | null {
  const dim = spec.shape?.[0];
  return typeof dim === 'number' ? dim : null;
}

/**
 * Works out how records fill the model's inputs, from its signature and the version's feature
 * names (the registered ones, else the file's `feature_names`). A single input of rank 2 is
 * `columns` — unless its one column has no name, which makes it a named input like a lone [N] input;
 * several inputs must each be [N] or [N, 1] (`inputs`, named by the input names; feature names are
 * not used then). Throws BAD_REQUEST (field `featureNames`) when the model cannot take records:
 * a 2-D input without feature names or with another number of columns, a non-JSON element type,
 * or inputs of other shapes. Call it when a deployment is created, to refuse it early.
 */
export function recordLayout(
  signature: SignatureLike,
  featureNames?: readonly string[] | null,
): RecordLayout {
  const inputs = signature.inputs;
  const names = featureNames ?? signature.featureNames ?? null;
  if (inputs.length === 0) throw layoutError('it has no inputs');
  const only = inputs.length === 1 ? inputs[0] : undefined;
  if (only?.shape?.length === 2 && !(only.shape[1] === 1 && names === null)) {
    const width = only.shape[1];
    if (names === null) {
      throw layoutError(
        `its input '${only.name}' ${formatShape(only.shape)} has no feature names: register the version with the names of its columns`,
      );
    }
    if (typeof width === 'number' && width !== names.length) {
      throw layoutError(
        `its input '${only.name}' ${formatShape(only.shape)} has ${width} columns, but ${names.length} feature names are given (${names.join(', ')})`,
      );
    }
    if (new Set(names).size !== names.length) throw layoutError('the feature names repeat a name');
    return {
      kind: 'columns',
      input: only.name,
      elementType: elementTypeOf(only),
      features: [...names],
      batchSize: fixedBatch(only),
    };
  }
  let batchSize: number | null = null;
  const named = inputs.map((spec) => {
    const shape = spec.shape;
    const rank = shape?.length;
    if (!shape || !(rank === 1 || (rank === 2 && shape[1] === 1))) {
      throw layoutError(
        `its input '${spec.name}' has shape ${formatShape(shape)}; records need a single [N, k] input with feature names, or inputs of shape [N] or [N, 1], one per feature`,
      );
    }
    batchSize ??= fixedBatch(spec);
    return { feature: spec.name, elementType: elementTypeOf(spec), rank: rank as 1 | 2 };
  });
  return { kind: 'inputs', inputs: named, batchSize };
}

export interface RecordsOptions {
  /** The most records one request may carry; default 1,000. */
  readonly maxBatch?: number;
}

/** The records of a request, with the JSON path prefix their fields are named by. */
interface Batch {
  readonly records: readonly unknown[];
  /** `''` for one bare record, `'instances'` for the v1 envelope, `'$'` for a bare array. */
  readonly base: string;
}

const BODY_FORMS =
  'expected a record (an object keyed by feature name), an array of records, or {"instances": [...]}';

function batchOf(body: unknown, features: ReadonlyMap<string, number>): Batch {
  if (Array.isArray(body)) return { records: body, base: '$' };
  if (body === null || typeof body !== 'object') {
    throw badRequest('', `${BODY_FORMS}, got ${describeValue(body)}`);
  }
  const object = body as Record<string, unknown>;
  if (Object.hasOwn(object, 'instances') && !features.has('instances')) {
    const instances = object['instances'];
    const extra = Object.keys(object).find((key) => key !== 'instances');
    if (extra !== undefined) {
      throw badRequest(extra, `unexpected beside "instances" (${BODY_FORMS})`);
    }
    if (!Array.isArray(instances)) {
      throw badRequest(
        'instances',
        `expected an array of records, got ${describeValue(instances)}`,
      );
    }
    return { records: instances, base: 'instances' };
  }
  return { records: [body], base: '' };
}

function recordPath(batch: Batch, index: number): string {
  if (batch.base === '') return '';
  return batch.base === '$' ? `[${index}]` : `${batch.base}[${index}]`;
}

function fieldPath(recordAt: string, field: string): string {
  return recordAt ? `${recordAt}.${field}` : field;
}

interface PreparedLayout {
  readonly featureNames: readonly string[] | null | undefined;
  readonly layout: RecordLayout;
  readonly features: readonly string[];
  /** Feature name → column (or input) index. */
  readonly index: ReadonlyMap<string, number>;
  /** The features as listed in messages. */
  readonly listed: string;
}

/** A signature's layout is worked out once per feature-name list (a request reuses it). */
const prepared = new WeakMap<SignatureLike, PreparedLayout>();

function preparedLayout(
  signature: SignatureLike,
  featureNames: readonly string[] | null | undefined,
): PreparedLayout {
  const known = prepared.get(signature);
  if (known && known.featureNames === featureNames) return known;
  const layout = recordLayout(signature, featureNames);
  const features =
    layout.kind === 'columns' ? layout.features : layout.inputs.map((input) => input.feature);
  const entry: PreparedLayout = {
    featureNames,
    layout,
    features,
    index: new Map<string, number>(features.map((name, i) => [name, i])),
    listed: features.join(', '),
  };
  prepared.set(signature, entry);
  return entry;
}

/** Records mapped onto tensors. */
export interface RecordFeeds {
  /** Input name → tensor. */
  readonly feeds: Record<string, Tensor>;
  /** The number of records (rows). */
  readonly count: number;
  /** The records as given, one object per row (for the prediction log). */
  readonly records: readonly Record<string, unknown>[];
}

const MAX_PROBLEMS = 20;

/**
 * Maps a `:predict` body onto the model's inputs (see `recordLayout`). Every record must be an
 * object holding exactly the model's features, each a value of its input's element type: a finite
 * number for float inputs, an integer in range for integer inputs (int64 within ±2^53), a boolean
 * for bool, a string for string inputs. Throws BAD_REQUEST naming the record and the field — e.g.
 * `[1].income: expected a number, got a string ("52k")` (`income: …` for one bare record,
 * `instances[1].income: …` for the v1 envelope) — listing up to 20 problems; and for an empty
 * batch or more than `maxBatch` records.
 */
export function recordsToFeeds(
  body: unknown,
  signature: SignatureLike,
  featureNames?: readonly string[] | null,
  options: RecordsOptions = {},
): RecordFeeds {
  const maxBatch = options.maxBatch ?? 1000;
  const { layout, features, index, listed } = preparedLayout(signature, featureNames);
  const batch = batchOf(body, index);
  const count = batch.records.length;
  const where = batch.base === 'instances' ? 'instances' : '';
  if (count === 0) throw badRequest(where, 'the batch is empty: expected at least one record');
  if (count > maxBatch) {
    throw badRequest(where, `${count} records, more than the limit of ${maxBatch} per request`);
  }
  if (layout.batchSize !== null && count !== layout.batchSize) {
    throw badRequest(
      where,
      `the model takes exactly ${layout.batchSize} record${layout.batchSize === 1 ? '' : 's'} per request, got ${count}`,
    );
  }

  const width = features.length;
  // One buffer per input: the [N, k] matrix, or one column per named input.
  const buffers: TensorBuffer[] =
    layout.kind === 'columns'
      ? [tensorBuffer(layout.elementType, count * width)]
      : layout.inputs.map((input) => tensorBuffer(input.elementType, count));
  const problems: FieldError[] = [];
  const report = (path: string, message: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ path, message });
  };

  for (let r = 0; r < count; r++) {
    const record = batch.records[r];
    const at = recordPath(batch, r);
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      report(at, `expected an object keyed by feature name, got ${describeValue(record)}`);
      continue;
    }
    const values = record as Record<string, unknown>;
    let present = 0;
    for (const key in values) {
      if (!Object.hasOwn(values, key)) continue;
      if (index.has(key)) present++;
      else report(fieldPath(at, key), `unknown feature (the model's features: ${listed})`);
    }
    if (present < width) {
      for (const name of features) {
        if (!Object.hasOwn(values, name)) {
          report(fieldPath(at, name), `missing (the model's features: ${listed})`);
        }
      }
    }
    for (let f = 0; f < width; f++) {
      const name = features[f] as string;
      if (!Object.hasOwn(values, name)) continue;
      const problem =
        layout.kind === 'columns'
          ? (buffers[0] as TensorBuffer).write(r * width + f, values[name])
          : (buffers[f] as TensorBuffer).write(r, values[name]);
      if (problem !== undefined) report(fieldPath(at, name), problem);
    }
    if (problems.length >= MAX_PROBLEMS) break;
  }
  if (problems.length > 0) throw badRequestAll(problems);

  const feeds: Record<string, Tensor> = {};
  if (layout.kind === 'columns') {
    feeds[layout.input] = (buffers[0] as TensorBuffer).tensor([count, width]);
  } else {
    layout.inputs.forEach((input, f) => {
      const dims = input.rank === 1 ? [count] : [count, 1];
      feeds[input.feature] = (buffers[f] as TensorBuffer).tensor(dims);
    });
  }
  return { feeds, count, records: batch.records as Record<string, unknown>[] };
}

/** Inputs whose rows hold more elements than this are left out of `feedsToRecords`' records. */
export const LOGGED_ROW_ELEMENTS = 64;

/**
 * The inverse of `recordsToFeeds`, for the prediction log of an infer request: one record per row
 * of the batch, keyed by feature name when the model takes records (the feature columns of its
 * [N, k] input, or its named [N] / [N, 1] inputs), else by input name with the row's elements (a
 * single value, or an array up to LOGGED_ROW_ELEMENTS; larger rows — images — are left out).
 */
export function feedsToRecords(
  feeds: Record<string, Tensor>,
  signature: SignatureLike,
  featureNames: readonly string[] | null | undefined,
  count: number,
): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (let r = 0; r < count; r++) records.push(Object.create(null) as Record<string, unknown>);
  let layout: RecordLayout | null = null;
  try {
    layout = preparedLayout(signature, featureNames).layout;
  } catch {
    // Not a records model (an image, a sequence): by input name below.
  }
  if (layout?.kind === 'columns') {
    const tensor = feeds[layout.input];
    const width = layout.features.length;
    if (tensor && tensor.size === count * width) {
      for (let r = 0; r < count; r++) {
        for (let f = 0; f < width; f++) {
          records[r]![layout.features[f]!] = elementAt(tensor, r * width + f);
        }
      }
      return records;
    }
  }
  for (const [name, tensor] of Object.entries(feeds)) {
    const rowSize = count > 0 ? tensor.size / count : 0;
    if (!Number.isInteger(rowSize) || rowSize > LOGGED_ROW_ELEMENTS) continue;
    for (let r = 0; r < count; r++) {
      if (rowSize === 1) {
        records[r]![name] = elementAt(tensor, r);
      } else {
        const row = new Array<unknown>(rowSize);
        for (let i = 0; i < rowSize; i++) row[i] = elementAt(tensor, r * rowSize + i);
        records[r]![name] = row;
      }
    }
  }
  return records;
}
