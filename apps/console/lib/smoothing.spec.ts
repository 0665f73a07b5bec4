import { describe, expect, it } from '@jest/globals';
import { emaSmooth } from './smoothing';

describe('emaSmooth', () => {
  it('leaves the curve as it is at weight 0', () => {
    expect(emaSmooth([3, 1, 2], 0)).toEqual([3, 1, 2]);
  });

  it('is the debiased EMA (hand-computed)', () => {
    // Weight 0.5, values 1, 2, 3. The debiased EMA is the mean weighted by 0.5^age:
    //   s1 = 1
    //   s2 = (2 + 0.5·1) / (1 + 0.5)               = 2.5 / 1.5   = 5/3
    //   s3 = (3 + 0.5·2 + 0.25·1) / (1 + 0.5 + 0.25) = 4.25 / 1.75 = 17/7
    const s = emaSmooth([1, 2, 3], 0.5);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeCloseTo(5 / 3, 12);
    expect(s[2]).toBeCloseTo(17 / 7, 12);
  });

  it('smooths a step with weight 0.9 (hand-computed)', () => {
    // 0, 10: s1 = 0; s2 = (10 + 0.9·0) / (1 + 0.9) = 10 / 1.9 = 5.263157894736842
    const s = emaSmooth([0, 10], 0.9);
    expect(s[0]).toBeCloseTo(0, 12);
    expect(s[1]).toBeCloseTo(10 / 1.9, 12);
  });

  it('passes NaN and infinities through without letting them into the average', () => {
    // Weight 0.5 over 1, NaN, 3: the NaN is kept, and 3 is averaged with 1 alone:
    //   (3 + 0.5·1) / 1.5 = 7/3
    const s = emaSmooth([1, Number.NaN, 3, Number.POSITIVE_INFINITY], 0.5);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeNaN();
    expect(s[2]).toBeCloseTo(7 / 3, 12);
    expect(s[3]).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps a constant series exactly constant', () => {
    expect(emaSmooth([0.1, 0.1, 0.1, 0.1], 0.95)).toEqual([0.1, 0.1, 0.1, 0.1]);
  });

  it('handles an empty series', () => {
    expect(emaSmooth([], 0.6)).toEqual([]);
  });
});
