import { describe, expect, it } from '@jest/globals';
import { edgeDigits, formatEdge, histogramBars } from './drift-histogram';

describe('edge labels', () => {
  it('keep about two significant digits of the bin width', () => {
    expect(edgeDigits(4_000)).toBe(0);
    expect(edgeDigits(12.5)).toBe(0);
    expect(edgeDigits(2.5)).toBe(1);
    expect(edgeDigits(0.05)).toBe(3);
    expect(edgeDigits(0)).toBe(0);
    expect(formatEdge(55_000, 0)).toBe('55,000');
    expect(formatEdge(0.6234, 2)).toBe('0.62');
    expect(formatEdge(-0.0001, 2)).toBe('0');
  });
});

describe('histogramBars', () => {
  it('labels numeric bins by their lower edge, the last one closed', () => {
    const bars = histogramBars({
      feature: 'income',
      kind: 'numeric',
      windowSeq: 3,
      edges: [0, 25_000, 50_000, 75_000],
      categories: null,
      reference: [0.25, 0.5, 0.25],
      current: [0, 0.25, 0.75],
      referenceCount: 200,
      currentCount: 200,
    });
    expect(bars.labels).toEqual(['0', '25,000', '50,000']);
    expect(bars.ranges).toEqual(['[0, 25,000)', '[25,000, 50,000)', '[50,000, 75,000]']);
    expect(bars.reference).toEqual([0.25, 0.5, 0.25]);
    expect(bars.current).toEqual([0, 0.25, 0.75]);
  });

  it('keeps categories as they come (the most frequent first, then “other”)', () => {
    const bars = histogramBars({
      feature: 'region',
      kind: 'categorical',
      windowSeq: 1,
      edges: null,
      categories: ['north', 'south', 'other'],
      reference: [0.5, 0.3, 0.2],
      current: [0.2, 0.3, 0.5],
      referenceCount: 10,
      currentCount: 10,
    });
    expect(bars.labels).toEqual(['north', 'south', 'other']);
    expect(bars.ranges).toEqual(bars.labels);
  });
});
