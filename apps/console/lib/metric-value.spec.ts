import { describe, expect, it } from '@jest/globals';
import { decodeMetric, formatMetric } from './metric-value';

describe('formatMetric', () => {
  it('shows the values JSON cannot carry by name', () => {
    expect(formatMetric('NaN')).toBe('NaN');
    expect(formatMetric('Infinity')).toBe('∞');
    expect(formatMetric('-Infinity')).toBe('−∞');
    expect(formatMetric(Number.NaN)).toBe('NaN');
  });

  it('shows a missing value as a dash', () => {
    expect(formatMetric(null)).toBe('—');
    expect(formatMetric(undefined)).toBe('—');
  });

  it('rounds to 6 significant digits', () => {
    expect(formatMetric(0.912345678)).toBe('0.912346');
    expect(formatMetric(1234.56789)).toBe('1234.57');
    expect(formatMetric(42)).toBe('42');
    expect(formatMetric(-0.5)).toBe('-0.5');
    expect(formatMetric(0)).toBe('0');
  });

  it('uses exponent notation for very small and very large values', () => {
    expect(formatMetric(0.0000123456)).toBe('1.2346e-5');
    expect(formatMetric(3.5e12 + 0.5)).toBe('3.5000e+12');
  });
});

describe('decodeMetric', () => {
  it('turns the strings back into numbers', () => {
    expect(decodeMetric('NaN')).toBeNaN();
    expect(decodeMetric('Infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(decodeMetric('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
    expect(decodeMetric(0.25)).toBe(0.25);
  });
});
