import {
  MAX_PARAM_VALUE_LENGTH,
  checkKey,
  encodeMetricValue,
  metricPoint,
  splitBatch,
  stringifyValue,
} from './batch';

describe('metric values, keys and batches as the server takes them', () => {
  it('sends NaN and ±Infinity as the strings of the proto3 JSON mapping, numbers as they are', () => {
    expect(encodeMetricValue(Number.NaN)).toBe('NaN');
    expect(encodeMetricValue(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(encodeMetricValue(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    expect(encodeMetricValue(-0.25)).toBe(-0.25);
    expect(encodeMetricValue(0)).toBe(0);
  });

  it('refuses a key the server would refuse, at the call that logs it', () => {
    expect(checkKey('val/loss: epoch 1', 'Metric')).toBe('val/loss: epoch 1');
    expect(() => checkKey('', 'Metric')).toThrow(TypeError);
    expect(() => checkKey('a'.repeat(251), 'Metric')).toThrow(/1 to 250/);
    expect(() => checkKey('loss;drop', 'Metric')).toThrow(/"loss;drop"/);
    expect(() => metricPoint('loss', '0.5' as unknown as number, {})).toThrow(/must be a number/);
    expect(() => metricPoint('loss', 1, { step: 1.5 })).toThrow(/step must be an integer/);
    expect(() => metricPoint('loss', 1, { timestamp: -1 })).toThrow(/timestamp/);
    expect(metricPoint('loss', Number.NaN, { step: 3, timestamp: 10 })).toEqual({
      key: 'loss',
      value: 'NaN',
      step: 3,
      timestamp: 10,
    });
  });

  it('stringifies param values like a user reads them, skipping undefined', () => {
    expect(stringifyValue('a', 50, 10)).toBe('50');
    expect(stringifyValue('a', 'none', 10)).toBe('none');
    expect(stringifyValue('a', true, 10)).toBe('true');
    expect(stringifyValue('a', null, 10)).toBe('null');
    expect(stringifyValue('a', [1, 2], 10)).toBe('[1,2]');
    expect(stringifyValue('a', undefined, 10)).toBeUndefined();
    expect(() => stringifyValue('a', 'x'.repeat(MAX_PARAM_VALUE_LENGTH + 1), 6000)).toThrow(
      RangeError,
    );
    expect(() => stringifyValue('a', () => 1, 10)).toThrow(TypeError);
  });

  it('splits a body into batches within the limits, in order, losing and repeating nothing', () => {
    const metrics = Array.from({ length: 25 }, (_, i) => ({ key: 'm', value: i, step: i }));
    const params = Array.from({ length: 3 }, (_, i) => ({ key: `p${i}`, value: String(i) }));
    const limits = { metrics: 10, params: 2, tags: 2, bytes: 1_000_000 };
    const batches = splitBatch({ metrics, params, tags: [] }, limits);
    expect(batches.map((b) => [b.params.length, b.metrics.length])).toEqual([
      [2, 0],
      [1, 10],
      [0, 10],
      [0, 5],
    ]);
    expect(batches.flatMap((b) => b.metrics.map((m) => m.step))).toEqual(
      metrics.map((m) => m.step),
    );
    expect(batches.flatMap((b) => b.params)).toEqual(params);
    expect(splitBatch({ metrics: [], params: [], tags: [] }, limits)).toEqual([]);
  });

  it('keeps each batch under the byte limit, so long keys cannot make a request too large', () => {
    const key = 'k'.repeat(250);
    const metrics = Array.from({ length: 1000 }, (_, i) => ({ key, value: i }));
    // A point is {"key":"k…k","value":N}: 8 + 250 + 10 + (1 to 3 digits) + 1 = 270 to 272 bytes,
    // plus a comma. 36 always fit in 10,000 bytes (36 × 273 = 9,828) and 37 never do
    // (37 × 271 = 10,027): ceil(1000 / 36) = 28 batches.
    const batches = splitBatch(
      { metrics, params: [], tags: [] },
      { metrics: 50_000, params: 1000, tags: 1000, bytes: 10_000 },
    );
    for (const b of batches) {
      const size = b.metrics.reduce((s, m) => s + JSON.stringify(m).length + 1, 0);
      expect(size).toBeLessThanOrEqual(10_000);
    }
    expect(batches.reduce((n, b) => n + b.metrics.length, 0)).toBe(1000);
    expect(batches.map((b) => b.metrics.length)).toEqual([...Array<number>(27).fill(36), 28]);
  });
});
