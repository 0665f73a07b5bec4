import {
  alignCategories,
  buildCategoricalReference,
  buildReferenceProfile,
  chiSquareSf,
  ecdf,
  fillZeroShares,
  hellingerDistance,
  histogramCounts,
  jensenShannonDistance,
  klDivergence,
  kolmogorovSf,
  ksStatistic,
  ksTwoSample,
  mean,
  normalCdf,
  normalSf,
  populationStabilityIndex,
  quantileEdges,
  quantileSorted,
  finiteSortedCopy,
  isAscending,
  sortedCopy,
  std,
  totalVariationDistance,
  wassersteinDistance,
} from './index';

// Reference values: SciPy 1.17.1 / numpy 2.4.6, script kept in the comments beside each value.

/** Relative closeness, for values spanning many orders of magnitude. */
function expectRel(actual: number, expected: number, rel = 1e-10): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

const f64 = (xs: number[]) => Float64Array.from(xs);
// x = np.array([3.1, -1.2, 0.5, 7.7, 2.2, 2.2, 9.0, -4.4, 1.0, 5.5, 0.0])
const x = f64([3.1, -1.2, 0.5, 7.7, 2.2, 2.2, 9.0, -4.4, 1.0, 5.5, 0.0]);
// a, b, c: the KS / Wasserstein samples
const a = f64([0.61, 1.52, -0.33, 2.05, 0.97, -1.1, 0.2, 1.33, 0.45, -0.72]);
const b = f64([1.9, 2.4, 0.8, 3.1, 1.75, 0.05, 2.66, 1.2, 2.9, 1.44]);
const c = f64([1.9, 2.4, 0.8, 3.1, 1.75, 0.05, 2.66]);
const sorted = (v: Float64Array) => sortedCopy(v).sorted;

describe('sortedCopy', () => {
  it('sorts ascending, drops and counts NaNs, and leaves the input alone', () => {
    const input = f64([3, NaN, -1, 2, NaN]);
    const { sorted: s, nanCount } = sortedCopy(input);
    expect([...s]).toEqual([-1, 2, 3]);
    expect(nanCount).toBe(2);
    expect(input[0]).toBe(3);
  });

  it('copies (never aliases) input that is already ascending', () => {
    const asc = f64([1, 2, NaN, 2, 5]);
    const { sorted: s, nanCount } = sortedCopy(asc);
    expect([...s]).toEqual([1, 2, 2, 5]);
    expect(nanCount).toBe(1);
    expect(s).not.toBe(asc);
  });
});

describe('quantileSorted / quantileEdges', () => {
  it('matches numpy linear interpolation', () => {
    const s = sorted(x);
    // np.quantile(x, q) for q in [0, .1, .25, .5, .9, 1] = -4.4, -1.2, 0.25, 2.2, 7.7, 9.0
    const expected: [number, number][] = [
      [0, -4.4],
      [0.1, -1.2],
      [0.25, 0.25],
      [0.5, 2.2],
      [0.9, 7.7],
      [1, 9.0],
    ];
    for (const [q, v] of expected) expect(quantileSorted(s, q)).toBeCloseTo(v, 12);
    // np.quantile(x, np.linspace(0, 1, 5)) = [-4.4, 0.25, 2.2, 4.3, 9.]
    const e = quantileEdges(s, 4);
    [-4.4, 0.25, 2.2, 4.3, 9.0].forEach((v, i) => expect(e[i]).toBeCloseTo(v, 12));
  });

  it('gives NaN / no edges for an empty sample', () => {
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
    expect(quantileEdges(new Float64Array(0)).length).toBe(0);
  });
});

describe('histogramCounts', () => {
  const edges = f64([-4.4, 0.25, 2.2, 4.3, 9.0]);
  const values = f64([-5, -4.4, 0.0, 0.3, 2.2, 9.0, 10, NaN]);
  it('matches np.histogram (last bin closed, outside values dropped)', () => {
    // np.histogram([-5, -4.4, 0.0, 0.3, 2.2, 9.0, 10], e)[0] = [2, 1, 1, 1]
    expect([...histogramCounts(values, edges)]).toEqual([2, 1, 1, 1]);
  });
  it('counts ascending input in one walk with the same result', () => {
    const asc = f64([-5, -4.4, 0.0, 0.3, 2.2, 9.0, 10]);
    expect([...histogramCounts(asc, edges)]).toEqual([2, 1, 1, 1]);
    expect([...histogramCounts(asc, edges, { openEnds: true })]).toEqual([3, 1, 1, 2]);
    // repeated edges: np.histogram([0, 1, 1, 1, 2, 3], [0, 1, 1, 2, 3])[0] = [1, 0, 3, 2]
    const rep = f64([0, 1, 1, 1, 2, 3]);
    const repEdges = f64([0, 1, 1, 2, 3]);
    expect([...histogramCounts(rep, repEdges)]).toEqual([1, 0, 3, 2]);
    expect([...histogramCounts(f64([3, 1, 2, 1, 0, 1]), repEdges)]).toEqual([1, 0, 3, 2]);
  });

  it('counts outside values in the outer bins with openEnds', () => {
    expect([...histogramCounts(values, edges, { openEnds: true })]).toEqual([3, 1, 1, 2]);
  });
});

describe('ecdf', () => {
  it('is the share of values ≤ x', () => {
    const s = sorted(x);
    expect(ecdf(s, 2.2)).toBeCloseTo(7 / 11, 15);
    expect(ecdf(s, -10)).toBe(0);
    expect(ecdf(s, 9)).toBe(1);
  });
});

// MINSTD (x ← 48271·x mod 2^31−1, exact in doubles) so that Python draws the same samples:
//   M = 2147483647
//   def minstd(seed, k): x = seed; out = []
//     for _ in range(k): x = (x * 48271) % M; out.append(x / M)
//   a = np.array(minstd(1, 20000)); b = np.array(minstd(7, 15000))
const minstd = (seed: number, k: number): Float64Array => {
  const out = new Float64Array(k);
  let s = seed;
  for (let i = 0; i < k; i++) {
    s = (s * 48271) % 2147483647;
    out[i] = s / 2147483647;
  }
  return out;
};
const shift = (xs: Float64Array, d: number) => xs.map((v) => v + d);
const floorTimes = (xs: Float64Array, k: number) => xs.map((v) => Math.floor(v * k));

describe('two-sample KS', () => {
  it('exact for equal sizes, like scipy ks_2samp', () => {
    // stats.ks_2samp(a, b, method='exact') -> statistic 0.5, pvalue 0.16782134274394334
    const r = ksTwoSample(sorted(a), sorted(b));
    expect(r.statistic).toBeCloseTo(0.5, 15);
    expect(r.method).toBe('exact');
    expectRel(r.pValue, 0.16782134274394334, 1e-12);
  });

  it('exact for unequal sizes too (SciPy auto: larger sample ≤ 10,000)', () => {
    // stats.ks_2samp(a, c) -> statistic 0.6142857142857143, pvalue 0.05409296585767175
    const r = ksTwoSample(sorted(a), sorted(c));
    expect(r.statistic).toBeCloseTo(0.6142857142857143, 14);
    expect(r.method).toBe('exact');
    expectRel(r.pValue, 0.05409296585767175, 1e-12);
  });

  it('handles ties like SciPy', () => {
    // stats.ks_2samp([1,2,2,3,3,3,5,6], [2,3,3,4,4,7]) -> statistic 0.25, pvalue 0.9520479520479521
    const r = ksTwoSample(sorted(f64([1, 2, 2, 3, 3, 3, 5, 6])), sorted(f64([2, 3, 3, 4, 4, 7])));
    expect(r.statistic).toBeCloseTo(0.25, 14);
    expectRel(r.pValue, 0.9520479520479521, 1e-12);
  });

  it("method 'asymp' uses the Kolmogorov limit", () => {
    // special.kolmogorov(np.sqrt(10*7/17) * 0.6142857142857143) = 0.08941156686596785
    // (ks_2samp(a, c, method='asymp') = 0.05655222823823404 uses the finite-n kstwo.sf instead)
    const r = ksTwoSample(sorted(a), sorted(c), 'asymp');
    expect(r.method).toBe('asymp');
    expectRel(r.pValue, 0.08941156686596785, 1e-9);
  });

  it('is NaN on an empty sample', () => {
    expect(ksStatistic(new Float64Array(0), sorted(a))).toBeNaN();
  });

  const big = minstd(1, 20000);
  const other = minstd(7, 15000);

  it('skips ahead through large samples and still finds SciPy’s D, ties included', () => {
    // SciPy 1.17.1: stats.ks_2samp(a, b + 0.01).statistic = 0.013033333333333334,
    // ks_2samp(a, b) = 0.01679999999999998, ks_2samp(floor(a·1000), floor(b·1000)) =
    // 0.016766666666666652, ks_2samp(floor(a·50), floor((b + 0.01)·50)) = 0.011916666666666666
    expect(ksStatistic(sorted(big), sorted(shift(other, 0.01)))).toBeCloseTo(
      0.013033333333333334,
      14,
    );
    expect(ksStatistic(sorted(big), sorted(other))).toBeCloseTo(0.01679999999999998, 14);
    const tiedA = sorted(floorTimes(big, 1000));
    expect(ksStatistic(tiedA, sorted(floorTimes(other, 1000)))).toBeCloseTo(
      0.016766666666666652,
      14,
    );
    const coarse = ksStatistic(
      sorted(floorTimes(big, 50)),
      sorted(floorTimes(shift(other, 0.01), 50)),
    );
    expect(coarse).toBeCloseTo(0.011916666666666666, 14);
  });

  it('agrees with D read off the two ECDFs at every value, on random samples with and without ties', () => {
    // The definition, independently of any merge: max over all values x of |F_a(x) − F_b(x)|.
    const byDefinition = (sa: Float64Array, sb: Float64Array): number => {
      let best = 0;
      for (const x of [...sa, ...sb]) best = Math.max(best, Math.abs(ecdf(sa, x) - ecdf(sb, x)));
      return best;
    };
    let seed = 11;
    for (let t = 0; t < 200; t++) {
      const draw = minstd(seed++, 1 + (t % 37) * 23);
      const draw2 = minstd(seed++, 1 + ((t * 7) % 41) * 19);
      const ties = t % 3 === 0 ? 0 : 4 + (t % 20);
      const sa = sorted(ties ? floorTimes(draw, ties) : draw);
      const sb = sorted(
        ties ? floorTimes(shift(draw2, (t % 5) * 0.02), ties) : shift(draw2, (t % 5) * 0.02),
      );
      expect(ksStatistic(sa, sb)).toBeCloseTo(byDefinition(sa, sb), 12);
    }
  });
});

describe('sorted samples', () => {
  it('drop NaNs (and, finite, ±Infinity) and count them', () => {
    const input = f64([3, NaN, -1, Infinity, 2, -Infinity, NaN]);
    const s = sortedCopy(input);
    expect([...s.sorted]).toEqual([-Infinity, -1, 2, 3, Infinity]);
    expect(s.nanCount).toBe(2);
    const f = finiteSortedCopy(input);
    expect([...f.sorted]).toEqual([-1, 2, 3]);
    expect(f.missing).toBe(4);
    expect(isAscending(f.sorted)).toBe(true);
    expect([...input.slice(0, 3)]).toEqual([3, NaN, -1]); // the input is left as it was
  });

  it('bin a sorted sample as the walk over unsorted values does (repeated edges, open ends)', () => {
    const raw = floorTimes(minstd(3, 5000), 40);
    const known = sortedCopy(raw).sorted;
    for (const edges of [f64([0, 5, 5, 10, 20, 39]), f64([3, 3, 3, 7, 30, 30]), f64([-5, 0, 50])])
      for (const openEnds of [false, true])
        expect([...histogramCounts(known, edges, { openEnds })]).toEqual([
          ...histogramCounts(raw, edges, { openEnds }),
        ]);
  });
});

describe('special functions', () => {
  it('kolmogorovSf matches scipy.special.kolmogorov', () => {
    const cases: [number, number][] = [
      [0.1, 1.0],
      [0.2, 0.999999999999495],
      [0.25, 0.9999999731761899],
      [0.29, 0.9999963201361132],
      [0.3, 0.9999906941986655],
      [0.31, 0.9999785020570597],
      [0.4, 0.9971923267772983],
      [0.5, 0.9639452436648751],
      [1.0, 0.26999967167735456],
      [1.5, 0.022217962616525127],
      [2.5, 7.453306344157342e-6],
    ];
    for (const [v, e] of cases) expectRel(kolmogorovSf(v), e, 1e-9);
  });

  it('chiSquareSf matches scipy.stats.chi2.sf', () => {
    const cases: [number, number, number][] = [
      [0.5, 1, 0.47950012218695337],
      [3.84, 1, 0.05004352124870519],
      [10.0, 4, 0.04042768199451279],
      [25.0, 9, 0.002971180485917624],
      [0.001, 3, 0.9999915920809419],
      [200, 30, 4.9527335290032224e-27],
      [1200, 1000, 1.2255942330622893e-5],
      [0.5, 0.5, 0.25632205526853896],
    ];
    for (const [v, k, e] of cases) expectRel(chiSquareSf(v, k), e, 1e-9);
  });

  it('normalCdf / normalSf match scipy.stats.norm', () => {
    const cases: [number, number, number][] = [
      [-3, 0.0013498980316300933, 0.9986501019683699],
      [-1.96, 0.024997895148220435, 0.9750021048517795],
      [0, 0.5, 0.5],
      [0.5, 0.6914624612740131, 0.3085375387259869],
      [2.5, 0.9937903346742238, 0.006209665325776132],
      [8, 0.9999999999999993, 6.22096057427174e-16],
    ];
    for (const [v, cdf, sf] of cases) {
      expectRel(normalCdf(v), cdf, 1e-12);
      expectRel(normalSf(v), sf, 1e-9);
    }
  });
});

describe('distances', () => {
  // p = [0.1, 0.4, 0.3, 0.2], q = [0.25] * 4
  const p = f64([0.1, 0.4, 0.3, 0.2]);
  const q = f64([0.25, 0.25, 0.25, 0.25]);
  it('match scipy / numpy formulas', () => {
    // stats.entropy(p, q) = 0.10644013528622316
    expectRel(klDivergence(p, q), 0.10644013528622316, 1e-12);
    // distance.jensenshannon(p, q) = 0.1669299657259796
    expectRel(jensenShannonDistance(p, q), 0.1669299657259796, 1e-12);
    // np.sqrt(1 - np.sum(np.sqrt(p*q))) = 0.16789959640267496
    expectRel(hellingerDistance(p, q), 0.16789959640267496, 1e-12);
    // 0.5*np.sum(np.abs(p-q)) = 0.2
    expectRel(totalVariationDistance(p, q), 0.2, 1e-12);
    // np.sum((p-q)*np.log(p/q)) = 0.22821740957339182
    expectRel(populationStabilityIndex(p, q), 0.22821740957339182, 1e-12);
  });

  it('wassersteinDistance matches scipy.stats.wasserstein_distance', () => {
    // wasserstein_distance(a, b) = 1.322; wasserstein_distance(a, c) = 1.3105714285714287
    expectRel(wassersteinDistance(sorted(a), sorted(b)), 1.322, 1e-12);
    expectRel(wassersteinDistance(sorted(a), sorted(c)), 1.3105714285714287, 1e-12);
  });

  it('fillZeroShares masks empty bins as Evidently does', () => {
    expect([...fillZeroShares(f64([0, 0.5, 0.5]))]).toEqual([1e-4, 0.5, 0.5]);
    expect([...fillZeroShares(f64([0, 0.00005, 0.99995]))]).toEqual([5e-11, 0.00005, 0.99995]);
  });
});

describe('reference profiles', () => {
  it('builds the numeric profile once: sorted sample, quantile edges and counts', () => {
    const prof = buildReferenceProfile(f64([...x, NaN]), { bins: 4 });
    expect(prof.nanCount).toBe(1);
    expect(prof.sorted.length).toBe(11);
    expect(prof.edges.length).toBe(5);
    // np.histogram(x, np.quantile(x, np.linspace(0, 1, 5)))[0] = [3, 2, 3, 3]
    expect([...prof.counts]).toEqual([3, 2, 3, 3]);
    // np.mean(a) = 0.498, np.std(a) = 0.9588826831265648
    expectRel(mean(a), 0.498, 1e-12);
    expectRel(std(a), 0.9588826831265648, 1e-12);
  });

  it('defaults to 10 bins', () => {
    expect(buildReferenceProfile(x).edges.length).toBe(11);
  });

  it('counts categories and aligns them on the union of keys', () => {
    const ref = buildCategoricalReference(['a', 'b', 'a', null]);
    expect(ref.total).toBe(3);
    expect(ref.missingCount).toBe(1);
    const al = alignCategories(
      ref.categories,
      new Map([
        ['c', 2],
        ['a', 1],
      ]),
    );
    expect(al.keys).toEqual(['a', 'b', 'c']);
    expect([...al.reference]).toEqual([2, 1, 0]);
    expect([...al.current]).toEqual([1, 0, 2]);
  });
});
