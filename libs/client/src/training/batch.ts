/**
 * What one `tracking.runs.logBatch` carries, and the limits of the server's schema
 * (libs/tracking/src/metrics/metrics.types.ts, common.types.ts), repeated here because the client
 * takes only types from the server's packages. Checking them as a value is logged means a bad
 * key fails the call that logged it, not a whole buffered batch later.
 */
export const MAX_BATCH_METRICS = 50_000;
export const MAX_BATCH_PARAMS = 1000;
export const MAX_BATCH_TAGS = 1000;
export const MAX_KEY_LENGTH = 250;
export const MAX_PARAM_VALUE_LENGTH = 6000;
export const MAX_TAG_VALUE_LENGTH = 8000;
const KEY = /^[\p{L}\p{N}\p{M}_\-./: ]+$/u;

/** A metric value in JSON: NaN and ±Infinity travel as strings (the proto3 JSON mapping). */
export type MetricValueJson = number | 'NaN' | 'Infinity' | '-Infinity';

export interface MetricPoint {
  key: string;
  value: MetricValueJson;
  step?: number;
  timestamp?: number;
}
export interface KeyValue {
  key: string;
  value: string;
}
export interface BatchBody {
  metrics: MetricPoint[];
  params: KeyValue[];
  tags: KeyValue[];
}

export function encodeMetricValue(value: number): MetricValueJson {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** Throws a TypeError naming `what` unless `key` is a key the server takes. */
export function checkKey(key: unknown, what: string): string {
  if (
    typeof key !== 'string' ||
    key.length === 0 ||
    key.length > MAX_KEY_LENGTH ||
    !KEY.test(key)
  ) {
    throw new TypeError(
      `${what} key ${JSON.stringify(key)} is not valid: 1 to ${MAX_KEY_LENGTH} letters, digits, spaces or _ - . / :`,
    );
  }
  return key;
}

/** A metric point as sent, or a TypeError/RangeError for a value the server would refuse. */
export function metricPoint(
  key: string,
  value: number,
  options: { step?: number | undefined; timestamp?: number | undefined },
): MetricPoint {
  checkKey(key, 'Metric');
  if (typeof value !== 'number') {
    throw new TypeError(`Metric "${key}" must be a number, not ${typeof value}`);
  }
  const point: MetricPoint = { key, value: encodeMetricValue(value) };
  if (options.step !== undefined) {
    if (!Number.isSafeInteger(options.step)) {
      throw new RangeError(`Metric "${key}": step must be an integer, not ${options.step}`);
    }
    point.step = options.step;
  }
  if (options.timestamp !== undefined) {
    if (!Number.isSafeInteger(options.timestamp) || options.timestamp < 0) {
      throw new RangeError(
        `Metric "${key}": timestamp must be milliseconds since the epoch, not ${options.timestamp}`,
      );
    }
    point.timestamp = options.timestamp;
  }
  return point;
}

/**
 * A param or tag value as stored: strings as they are, numbers, booleans and bigints as
 * `String(v)`, null as "null", objects as JSON. Undefined means "not set" and gives undefined.
 */
export function stringifyValue(key: string, value: unknown, maxLength: number): string | undefined {
  if (value === undefined) return undefined;
  let text: string;
  if (typeof value === 'string') text = value;
  else if (
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    typeof value === 'bigint' ||
    value === null
  ) {
    text = String(value);
  } else if (typeof value === 'object') text = JSON.stringify(value);
  else throw new TypeError(`"${key}" cannot be logged: a ${typeof value} is not a value`);
  if (text.length > maxLength) {
    throw new RangeError(`"${key}" is ${text.length} characters long: at most ${maxLength}`);
  }
  return text;
}

export interface BatchLimits {
  metrics: number;
  params: number;
  tags: number;
  /** JSON bytes of one batch's items, kept well under the server's request body limit (8 MiB). */
  bytes: number;
}

/** The size a batch's items take by default: half the API's 8 MiB request body limit. */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Cuts `body` into batches within `limits`, in order (params, then tags, then metrics); a batch
 * always takes at least one item, so a single item larger than `bytes` still goes (and the
 * server says why it is refused). An empty body gives no batch.
 */
export function splitBatch(body: BatchBody, limits: BatchLimits): BatchBody[] {
  const batches: BatchBody[] = [];
  let current: BatchBody = { metrics: [], params: [], tags: [] };
  let bytes = 0;
  const add = <K extends keyof BatchBody>(kind: K, item: BatchBody[K][number], max: number) => {
    // +1 for the comma between items.
    const size = Buffer.byteLength(JSON.stringify(item)) + 1;
    const count = current.metrics.length + current.params.length + current.tags.length;
    if (count > 0 && (current[kind].length >= Math.max(1, max) || bytes + size > limits.bytes)) {
      batches.push(current);
      current = { metrics: [], params: [], tags: [] };
      bytes = 0;
    }
    (current[kind] as BatchBody[K][number][]).push(item);
    bytes += size;
  };
  for (const p of body.params) add('params', p, limits.params);
  for (const t of body.tags) add('tags', t, limits.tags);
  for (const m of body.metrics) add('metrics', m, limits.metrics);
  if (current.metrics.length + current.params.length + current.tags.length > 0) {
    batches.push(current);
  }
  return batches;
}
