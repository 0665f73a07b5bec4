import { AppError, type FieldError } from '@sextant/errors';
import { Tensor } from 'onnxruntime-node';

/** One graph input or output, as `@sextant/onnx`'s `readSignature` (or the registry) describes it. */
export interface TensorSpec {
  readonly name: string;
  /** `float32`, `int64`, `string`, … or, for a value that is not a tensor, `sequence`, `map`, … */
  readonly elementType: string;
  /** A size, a symbolic name, or null (unknown) per dimension; null when the rank is unknown. */
  readonly shape: readonly (number | string | null)[] | null;
}

/** The part of a model's signature inference reads (a `ModelSignature` or a stored one). */
export interface SignatureLike {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** The columns of a single [N, k] input, from the file's `feature_names` metadata. */
  readonly featureNames?: readonly string[] | null;
}

/** Element types a tensor can be built with from JSON values. */
export type FeedElementType =
  | 'float32'
  | 'float64'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'bool'
  | 'string';

const FEED_ELEMENT_TYPES: ReadonlySet<string> = new Set<FeedElementType>([
  'float32',
  'float64',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'bool',
  'string',
]);

/** Element types that onnxruntime-node returns as tensors (not sequences, maps or optionals). */
const TENSOR_ELEMENT_TYPES: ReadonlySet<string> = new Set([
  ...FEED_ELEMENT_TYPES,
  'float16',
  'bfloat16',
  'uint4',
  'int4',
]);

export function isFeedElementType(type: string): type is FeedElementType {
  return FEED_ELEMENT_TYPES.has(type);
}

/** Whether a graph value is a tensor (a ZipMap's `sequence` of maps is not). */
export function isTensorSpec(spec: TensorSpec): boolean {
  return TENSOR_ELEMENT_TYPES.has(spec.elementType);
}

export function isFloatType(type: string): boolean {
  return type === 'float32' || type === 'float64' || type === 'float16' || type === 'bfloat16';
}

export function isIntegerType(type: string): boolean {
  return /^u?int(4|8|16|32|64)$/.test(type);
}

/** `[N, 4]`: a shape as the messages print it (unknown dimensions as `?`). */
export function formatShape(shape: readonly (number | string | null)[] | null): string {
  if (shape === null) return '(unknown rank)';
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

/** A BAD_REQUEST whose message reads `path: problem`, naming the field. */
export function badRequest(path: string, problem: string): AppError {
  const message = path ? `${path}: ${problem}` : problem;
  return new AppError('BAD_REQUEST', message, { fields: [{ path, message: problem }] });
}

/** A BAD_REQUEST for several problems: the first few in the message, all of them in `fields`. */
export function badRequestAll(problems: readonly FieldError[]): AppError {
  const shown = problems.slice(0, 5).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
  const more =
    problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
  return new AppError('BAD_REQUEST', `${shown.join('; ')}${more}`, { fields: problems });
}

/** `a string ("52k")`, `null`, `an array`, `NaN`: what a value was, for messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
    case 'boolean':
      return `a boolean (${String(value)})`;
    case 'number':
      return String(value); // NaN and Infinity print as such
    case 'bigint':
      return `${String(value)}n`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

const FLOAT32_MAX = 3.4028234663852886e38;
const INT_RANGES: Record<string, readonly [number, number]> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
};
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const DECIMAL_INTEGER = /^-?\d{1,20}$/;

/** Writes JSON values into a tensor's buffer, one checked element at a time. */
export interface TensorBuffer {
  /** Stores `value` at `index`; returns what is wrong with it instead, if anything. */
  write(index: number, value: unknown): string | undefined;
  /** The tensor over the buffer, with the given dimensions. */
  tensor(dims: readonly number[]): Tensor;
}

export interface TensorBufferOptions {
  /** Accept 64-bit integers as decimal strings too (the OIP codec does; records do not). */
  readonly int64Strings?: boolean;
}

type NumericArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array;

function numericArray(type: FeedElementType, size: number): NumericArray {
  switch (type) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int8':
      return new Int8Array(size);
    case 'int16':
      return new Int16Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'uint8':
    case 'bool':
      return new Uint8Array(size);
    case 'uint16':
      return new Uint16Array(size);
    default:
      return new Uint32Array(size);
  }
}

function bigint64(value: unknown, unsigned: boolean, strings: boolean): bigint | string {
  const range = unsigned ? `from 0 to ${UINT64_MAX}` : `from ${INT64_MIN} to ${INT64_MAX}`;
  let big: bigint;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return `expected an integer, got ${describeValue(value)}`;
    if (!Number.isSafeInteger(value)) {
      return strings
        ? `${value} is beyond ±2^53, where JSON numbers lose precision: send it as a decimal string`
        : `${value} is beyond ±2^53, where JSON numbers lose precision`;
    }
    big = BigInt(value);
  } else if (strings && typeof value === 'string' && DECIMAL_INTEGER.test(value)) {
    big = BigInt(value);
  } else {
    return `expected an integer, got ${describeValue(value)}`;
  }
  if (unsigned ? big < 0n || big > UINT64_MAX : big < INT64_MIN || big > INT64_MAX) {
    return `expected an integer ${range}, got ${String(value)}`;
  }
  return big;
}

/** A buffer of `size` elements of `type`, filled from JSON values by `write`. */
export function tensorBuffer(
  type: FeedElementType,
  size: number,
  options: TensorBufferOptions = {},
): TensorBuffer {
  const strings = options.int64Strings === true;
  if (type === 'string') {
    const data = new Array<string>(size);
    return {
      write(index, value) {
        if (typeof value !== 'string') return `expected a string, got ${describeValue(value)}`;
        data[index] = value;
        return undefined;
      },
      tensor: (dims) => new Tensor('string', data, dims),
    };
  }
  if (type === 'int64' || type === 'uint64') {
    const unsigned = type === 'uint64';
    const data = unsigned ? new BigUint64Array(size) : new BigInt64Array(size);
    return {
      write(index, value) {
        const big = bigint64(value, unsigned, strings);
        if (typeof big === 'string') return big;
        data[index] = big;
        return undefined;
      },
      tensor: (dims) =>
        unsigned
          ? new Tensor('uint64', data as BigUint64Array, dims)
          : new Tensor('int64', data as BigInt64Array, dims),
    };
  }
  const data = numericArray(type, size);
  let write: (index: number, value: unknown) => string | undefined;
  if (type === 'bool') {
    write = (index, value) => {
      if (typeof value !== 'boolean') return `expected a boolean, got ${describeValue(value)}`;
      data[index] = value ? 1 : 0;
      return undefined;
    };
  } else if (type === 'float32' || type === 'float64') {
    const max = type === 'float32' ? FLOAT32_MAX : Number.MAX_VALUE;
    write = (index, value) => {
      if (typeof value !== 'number') return `expected a number, got ${describeValue(value)}`;
      if (!Number.isFinite(value)) return `expected a finite number, got ${describeValue(value)}`;
      if (value > max || value < -max) return `${value} is out of the float32 range`;
      data[index] = value;
      return undefined;
    };
  } else {
    const [min, max] = INT_RANGES[type] ?? [0, 0];
    write = (index, value) => {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        return `expected an integer, got ${describeValue(value)}`;
      }
      if (value < min || value > max) {
        return `expected an integer from ${min} to ${max} (${type}), got ${value}`;
      }
      data[index] = value;
      return undefined;
    };
  }
  return {
    write,
    tensor: (dims) =>
      new Tensor(type as Exclude<FeedElementType, 'string' | 'int64' | 'uint64'>, data, dims),
  };
}

/** How 64-bit integers leave as JSON. */
export type Int64Mode = 'number' | 'string';

/**
 * The shortest decimal that reads back as the same float32 (`0.7`, not `0.699999988079071`),
 * as numpy prints float32 values.
 */
export function float32Number(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

/** IEEE 754 half precision bits to a number. */
export function float16Number(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return float32Number(sign * 2 ** (exponent - 15) * (1 + fraction / 1024));
}

/** A JSON value of one tensor element. */
export type JsonElement = number | string | boolean;

/**
 * Element `index` of a tensor as JSON: float32 at its shortest, 64-bit integers as numbers while
 * they are exact (beyond ±2^53 as decimal strings) or always as strings with `int64: 'string'`,
 * booleans as booleans, strings as strings.
 */
export function elementAt(tensor: Tensor, index: number, int64: Int64Mode = 'number'): JsonElement {
  const value = (tensor.data as ArrayLike<unknown>)[index];
  switch (tensor.type) {
    case 'float32':
      return float32Number(value as number);
    case 'float16':
      // onnxruntime-node returns float16 as raw bits (Uint16Array), or as numbers where the
      // runtime has Float16Array.
      return tensor.data instanceof Uint16Array
        ? float16Number(value as number)
        : float32Number(value as number);
    case 'int64':
    case 'uint64': {
      const big = value as bigint;
      if (int64 === 'string') return big.toString();
      const n = Number(big);
      return Number.isSafeInteger(n) ? n : big.toString();
    }
    case 'bool':
      return value === true || value === 1;
    case 'string':
      return value as string;
    default:
      return value as number;
  }
}

/** Every element of a tensor as JSON, flat and row-major (see `elementAt`). */
export function tensorElements(tensor: Tensor, int64: Int64Mode = 'number'): JsonElement[] {
  const size = tensor.size;
  const out = new Array<JsonElement>(size);
  for (let i = 0; i < size; i++) out[i] = elementAt(tensor, i, int64);
  return out;
}
