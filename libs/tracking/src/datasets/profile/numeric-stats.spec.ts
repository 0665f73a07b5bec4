import {
  countDistinctSorted,
  histogramSorted,
  mean,
  orderStatisticsFromCounts,
  quantileGrid,
  quantileSorted,
  sampleSorted,
  sampleStd,
} from './numeric-stats';

describe('quantileSorted', () => {
  it('matches np.quantile (linear) including a single value', () => {
    // numpy 2.4: np.quantile([7.0], 0.3) = 7.0
    expect(quantileSorted([7], 0.3)).toBe(7);
    // numpy 2.4: np.quantile([1, 2, 3, 4], [0, 1/3, 0.5, 1]) = [1, 2, 2.5, 4]
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1 / 3)).toBeCloseTo(2, 12);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
  });

  it('refuses an empty sample', () => {
    expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
  });

  it('builds a grid of p = i/steps', () => {
    expect(quantileGrid([0, 10], 4)).toEqual([
      { p: 0, value: 0 },
      { p: 0.25, value: 2.5 },
      { p: 0.5, value: 5 },
      { p: 0.75, value: 7.5 },
      { p: 1, value: 10 },
    ]);
  });
});

describe('histogramSorted', () => {
  it('matches np.histogram for values lying on bin edges in floating point', () => {
    const x = Array.from({ length: 31 }, (_, i) => 0.1 * i);
    // numpy 2.4: np.histogram([0.1 * i for i in range(31)], bins=20)
    const { counts, edges } = histogramSorted(x, 20);
    expect(counts).toEqual([2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 2]);
    expect(edges.slice(0, 4)).toEqual([0.0, 0.15, 0.3, 0.44999999999999996]);
    expect(edges[20]).toBe(3);
  });

  it('closes the last bin like np.histogram', () => {
    // numpy 2.4: np.histogram(np.arange(21.0), bins=20)[0] = [1] * 19 + [2]
    expect(
      histogramSorted(
        Array.from({ length: 21 }, (_, i) => i),
        20,
      ).counts,
    ).toEqual([...Array<number>(19).fill(1), 2]);
  });

  it('widens a constant sample by 0.5 each side like np.histogram', () => {
    // numpy 2.4: np.histogram([5, 5, 5], bins=20) -> counts[10] = 3, edges 4.5 … 5.5
    const { counts, edges } = histogramSorted([5, 5, 5], 20);
    expect(counts).toEqual(Array.from({ length: 20 }, (_, i) => (i === 10 ? 3 : 0)));
    expect(edges[0]).toBe(4.5);
    expect(edges[20]).toBe(5.5);
    expect(edges[10]).toBeCloseTo(5, 12);
  });
});

describe('sampleSorted', () => {
  it('takes order statistics at Math.round(i(n-1)/(k-1))', () => {
    // n = 6, k = 5: i·5/4 = 0, 1.25, 2.5, 3.75, 5 -> 0, 1, 3, 4, 5 (2.5 rounds up)
    expect(sampleSorted([10, 11, 12, 13, 14, 15], 5)).toEqual([10, 11, 13, 14, 15]);
    expect(sampleSorted([1, 2], 1000)).toEqual([1, 2]);
    expect(sampleSorted([4], 1000)).toEqual([4]);
    expect(sampleSorted([], 1000)).toEqual([]);
  });

  it('keeps min and max and is of size k', () => {
    const x = Array.from({ length: 2000 }, (_, i) => i);
    const sample = sampleSorted(x, 1000);
    expect(sample).toHaveLength(1000);
    expect(sample[0]).toBe(0);
    expect(sample[1]).toBe(2); // round(1999/999) = round(2.001) = 2
    expect(sample[999]).toBe(1999);
  });
});

describe('mean and sampleStd', () => {
  it('compensate cancellation', () => {
    // Python math.fsum([1e16, 1, -1e16]) = 1.0 (a naive sum gives 0.0)
    expect(mean([1e16, 1, -1e16])).toBeCloseTo(1 / 3, 15);
  });

  it('match np.std(x, ddof=1) for values far from zero', () => {
    // numpy 2.4: np.std([1e8+1, 1e8+2, 1e8+3], ddof=1) = 1.0, mean 100000002.0
    const x = [1e8 + 1, 1e8 + 2, 1e8 + 3];
    expect(mean(x)).toBe(100000002);
    expect(sampleStd(x, mean(x))).toBe(1);
    expect(sampleStd([3], 3)).toBeNull();
  });
});

describe('countDistinctSorted', () => {
  it('counts runs, with 0 and -0 as one value', () => {
    expect(countDistinctSorted([-0, 0, 1, 1, 2])).toBe(3);
    expect(countDistinctSorted([])).toBe(0);
  });
});

describe('orderStatisticsFromCounts', () => {
  it('gives the quantiles of the expanded values', () => {
    const stats = orderStatisticsFromCounts(
      new Map([
        [9, 2],
        [2, 3],
        [5, 1],
      ]),
    );
    expect(stats.length).toBe(6);
    expect([0, 1, 2, 3, 4, 5].map((i) => stats.at(i))).toEqual([2, 2, 2, 5, 9, 9]);
    expect(stats.at(6)).toBeUndefined();
    // numpy 2.4: np.quantile([2, 2, 2, 5, 9, 9], [0, 0.5, 0.9, 1]) = [2.0, 3.5, 9.0, 9.0]
    expect([0, 0.5, 0.9, 1].map((p) => quantileSorted(stats, p))).toEqual([2, 3.5, 9, 9]);
  });
});
