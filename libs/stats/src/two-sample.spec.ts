import {
  ANDERSON_CRITICAL_VALUES,
  andersonDarlingTwoSample,
  besselK,
  besselKScaled,
  cramerVonMisesLimitCdf,
  cramerVonMisesTwoSample,
  energyDistance,
  fisherExact2x2,
  gStatistic,
  mmdPermutationTest,
  mulberry32,
  sampleIndices,
  selectKth,
  shuffleInPlace,
  sortedCopy,
} from './index';

// Reference values: SciPy 1.17.1 / numpy 2.4.6, the Python call beside each value
// (`import numpy as np; from scipy import stats, special`). `mmd_test` and the mulberry32 port are
// in plugins/stattests/test/reference_values.py.

/** Relative closeness, for values spanning many orders of magnitude. */
function expectRel(actual: number, expected: number, rel = 1e-10): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

const f64 = (xs: number[]) => Float64Array.from(xs);
const sorted = (v: Float64Array) => sortedCopy(v).sorted;
// The samples of stats.spec.ts.
const a = sorted(f64([0.61, 1.52, -0.33, 2.05, 0.97, -1.1, 0.2, 1.33, 0.45, -0.72]));
const b = sorted(f64([1.9, 2.4, 0.8, 3.1, 1.75, 0.05, 2.66, 1.2, 2.9, 1.44]));
const c = sorted(f64([1.9, 2.4, 0.8, 3.1, 1.75, 0.05, 2.66]));
// With ties within and across samples.
const t1 = sorted(f64([1, 2, 2, 3, 3, 3, 5, 6]));
const t2 = sorted(f64([2, 3, 3, 4, 4, 7]));
/** `n` uniforms from mulberry32(seed), plus `shift`: g = mulberry32(seed); [g() + shift for _ in range(n)] */
function uniforms(seed: number, n: number, shift = 0): Float64Array {
  const g = mulberry32(seed);
  return sorted(Float64Array.from({ length: n }, () => g() + shift));
}

describe('mulberry32 and sampling', () => {
  it('matches the Python port (and @sextant/plugin-sdk/testing)', () => {
    // g = mulberry32(0); [g(), g(), g()]
    const g = mulberry32(0);
    expect([g(), g(), g()]).toEqual([
      0.26642920868471265, 0.0003297457005828619, 0.2232720274478197,
    ]);
  });

  it('shuffles and samples deterministically, without repeats', () => {
    const p = Int32Array.from({ length: 50 }, (_, i) => i);
    shuffleInPlace(p, mulberry32(3));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const q = Int32Array.from({ length: 50 }, (_, i) => i);
    shuffleInPlace(q, mulberry32(3));
    expect([...q]).toEqual([...p]);
    const s = sampleIndices(100, 10, mulberry32(4));
    expect(s.length).toBe(10);
    expect(new Set(s).size).toBe(10);
    expect([...s]).toEqual([...s].sort((x, y) => x - y));
    expect(sampleIndices(5, 10, mulberry32(4)).length).toBe(5);
  });
});

describe('selectKth', () => {
  it('is the k-th order statistic, ties included', () => {
    const values = [5, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9];
    const asc = [...values].sort((x, y) => x - y);
    for (let k = 0; k < values.length; k++) expect(selectKth(f64(values), k)).toBe(asc[k]);
    expect(selectKth(new Float64Array(7).fill(2), 3)).toBe(2);
    expect(() => selectKth(f64([1]), 1)).toThrow(RangeError);
  });
});

describe('besselK / besselKScaled', () => {
  it('match scipy.special.kv / kve', () => {
    const cases: [number, number, number][] = [
      // special.kv(nu, x)
      [0.25, 0.001, 11.756476271934451],
      [0.25, 0.3, 1.4480426307073662],
      [0.25, 1, 0.4307397744485814],
      [0.25, 4, 0.011238375536958105],
      [0.25, 30, 2.1346641833090355e-14],
      [1.5, 2.5, 0.091092320415614],
      [0, 1, 0.42102443824070834],
    ];
    for (const [nu, x, e] of cases) expectRel(besselK(nu, x), e, 1e-13);
    // special.kve(0.25, 300) = 0.07233755399641476; special.kve(0.25, 700) = 0.04736448238526667
    expectRel(besselKScaled(0.25, 300), 0.07233755399641476, 1e-13);
    expectRel(besselKScaled(0.25, 700), 0.04736448238526667, 1e-13);
  });
});

describe('two-sample Anderson–Darling (midrank)', () => {
  it('matches stats.anderson_ksamp, p-value interpolated', () => {
    // stats.anderson_ksamp([a, b]) -> statistic 3.2026547547800996, pvalue 0.016242661531908134
    const r = andersonDarlingTwoSample(a, b);
    expectRel(r.statistic, 3.2026547547800996, 1e-12);
    expectRel(r.pValue, 0.016242661531908134, 1e-12);
    expect(r.pValueSource).toBe('interpolated');
    // stats.anderson_ksamp([a, c]) -> 2.5233809214515452, 0.030015706731889264
    const s = andersonDarlingTwoSample(a, c);
    expectRel(s.statistic, 2.5233809214515452, 1e-12);
    expectRel(s.pValue, 0.030015706731889264, 1e-12);
  });

  it('handles ties with midranks', () => {
    // stats.anderson_ksamp([[1,1,2,2,2,3,4,4], [2,3,3,3,4,5,5,6,6]]) -> 3.6145846391599363, 0.011284463792863075
    const r = andersonDarlingTwoSample(
      sorted(f64([1, 1, 2, 2, 2, 3, 4, 4])),
      sorted(f64([2, 3, 3, 3, 4, 5, 5, 6, 6])),
    );
    expectRel(r.statistic, 3.6145846391599363, 1e-12);
    expectRel(r.pValue, 0.011284463792863075, 1e-12);
  });

  it('caps the p-value at 0.25 like SciPy, and has its critical values', () => {
    // stats.anderson_ksamp([t1, t2]) -> statistic -0.3308595634830293, pvalue 0.25 (capped)
    const r = andersonDarlingTwoSample(t1, t2);
    expectRel(r.statistic, -0.3308595634830293, 1e-12);
    expect(r).toMatchObject({ pValue: 0.25, pValueSource: 'capped' });
    // .critical_values = [0.325, 1.226, 1.961, 2.718, 3.752, 4.592, 6.546]
    [0.325, 1.226, 1.961, 2.718, 3.752, 4.592, 6.546].forEach((v, i) =>
      expect(ANDERSON_CRITICAL_VALUES[i]).toBeCloseTo(v, 12),
    );
  });

  it('floors it at 0.001 for a clear shift, and is NaN where SciPy raises', () => {
    expect(andersonDarlingTwoSample(a, sorted(a.map((v) => v + 10)))).toMatchObject({
      pValue: 0.001,
      pValueSource: 'floored',
    });
    expect(andersonDarlingTwoSample(f64([1, 1, 1]), f64([1, 1])).statistic).toBeNaN();
    expect(andersonDarlingTwoSample(f64([1]), f64([2, 3])).statistic).toBeNaN();
  });
});

describe('two-sample Cramér–von Mises', () => {
  it("exact for small samples, like cramervonmises_2samp (method 'auto')", () => {
    // stats.cramervonmises_2samp(a, b) -> statistic 0.6149999999999998, pvalue 0.02074086903808266
    const r = cramerVonMisesTwoSample(a, b);
    expect(r.method).toBe('exact');
    expectRel(r.statistic, 0.6149999999999998, 1e-12);
    expectRel(r.pValue, 0.02074086903808266, 1e-12);
    // stats.cramervonmises_2samp(a, c) -> 0.507563025210084, 0.03897573015220074
    const s = cramerVonMisesTwoSample(a, c);
    expectRel(s.statistic, 0.507563025210084, 1e-12);
    expectRel(s.pValue, 0.03897573015220074, 1e-12);
  });

  it('exact with ties (midranks) and with coprime sizes 19 and 20', () => {
    // stats.cramervonmises_2samp(t1, t2) -> 0.12053571428571441, 0.5474525474525475
    const r = cramerVonMisesTwoSample(t1, t2);
    expectRel(r.statistic, 0.12053571428571441, 1e-12);
    expectRel(r.pValue, 0.5474525474525475, 1e-12);
    // u = uniforms(5, 19), v = uniforms(6, 20, 0.2): stats.cramervonmises_2samp(u, v)
    //   -> 0.06387764282501163, 0.8158846817888264; method='asymptotic': 0.82576841627938
    const u = uniforms(5, 19);
    const v = uniforms(6, 20, 0.2);
    const e = cramerVonMisesTwoSample(u, v);
    expect(e.method).toBe('exact');
    expectRel(e.statistic, 0.06387764282501163, 1e-12);
    expectRel(e.pValue, 0.8158846817888264, 1e-12);
    expectRel(cramerVonMisesTwoSample(u, v, 'asymptotic').pValue, 0.82576841627938, 1e-9);
  });

  it("asymptotic on request, and beyond 20 values even for 'exact'", () => {
    // stats.cramervonmises_2samp(a, c, method='asymptotic').pvalue = 0.03750565992659127
    const r = cramerVonMisesTwoSample(a, c, 'asymptotic');
    expect(r.method).toBe('asymptotic');
    expectRel(r.pValue, 0.03750565992659127, 1e-9);
    expect(cramerVonMisesTwoSample(uniforms(1, 21), uniforms(2, 5), 'exact').method).toBe(
      'asymptotic',
    );
  });

  it("the limiting CDF matches SciPy's _cdf_cvm_inf", () => {
    // scipy.stats._hypotests._cdf_cvm_inf(x)
    const cases: [number, number][] = [
      [0.01, 5.864432809868958e-6],
      [0.1, 0.4151265615932029],
      [0.5, 0.9601667824343907],
      [1.0, 0.9975395478198642],
      [2.0, 0.9999872192637342],
    ];
    for (const [x, e] of cases) expectRel(cramerVonMisesLimitCdf(x), e, 1e-10);
  });

  it('is NaN with fewer than two values on a side (SciPy raises)', () => {
    expect(cramerVonMisesTwoSample(f64([1]), a).statistic).toBeNaN();
  });
});

describe('energyDistance', () => {
  it('matches stats.energy_distance', () => {
    // stats.energy_distance(a, b) = 0.9869143833180263; (a, c) = 0.9935711718188023;
    // (t1, t2) = 0.5621140651346684
    expectRel(energyDistance(a, b), 0.9869143833180263, 1e-12);
    expectRel(energyDistance(a, c), 0.9935711718188023, 1e-12);
    expectRel(energyDistance(t1, t2), 0.5621140651346684, 1e-12);
    expect(energyDistance(a, a)).toBe(0);
    expect(energyDistance(new Float64Array(0), a)).toBeNaN();
  });
});

describe('fisherExact2x2', () => {
  it('matches stats.fisher_exact (two-sided)', () => {
    const cases: [[number, number, number, number], number, number][] = [
      // stats.fisher_exact([[a, b], [c, d]]) -> (statistic, pvalue)
      [[8, 2, 1, 5], 20, 0.034965034965034975],
      [[3, 1, 1, 3], 9, 0.48571428571428565],
      [[1, 30, 12, 25], 0.06944444444444445, 0.003915011257035431],
      [[120, 280, 140, 210], 0.6428571428571429, 0.004450926709593096],
      [[5000, 5000, 5200, 4800], 0.9230769230769231, 0.004878795768906845],
      [[50, 50, 50, 50], 1, 1],
    ];
    for (const [[x, y, z, w], odds, p] of cases) {
      const r = fisherExact2x2(x, y, z, w);
      expectRel(r.oddsRatio, odds, 1e-12);
      expectRel(r.pValue, p, 1e-10);
    }
  });

  it('follows SciPy at the edges', () => {
    // stats.fisher_exact([[10, 0], [3, 7]]) -> (inf, 0.0030959752321981426)
    const r = fisherExact2x2(10, 0, 3, 7);
    expect(r.oddsRatio).toBe(Infinity);
    expectRel(r.pValue, 0.0030959752321981426, 1e-12);
    // stats.fisher_exact([[0, 5], [0, 7]]) -> (nan, 1.0)
    const e = fisherExact2x2(0, 5, 0, 7);
    expect(e.oddsRatio).toBeNaN();
    expect(e.pValue).toBe(1);
    // stats.fisher_exact([[2000, 10], [10, 2000]]).pvalue = 0.0 (below the smallest double)
    expect(fisherExact2x2(2000, 10, 10, 2000).pValue).toBe(0);
    expect(() => fisherExact2x2(1.5, 2, 3, 4)).toThrow(RangeError);
  });
});

describe('gStatistic', () => {
  it("matches power_divergence(lambda_='log-likelihood')", () => {
    // stats.power_divergence([12, 30, 8], [15, 25, 10], lambda_='log-likelihood').statistic = 2.0135513550688877
    expectRel(gStatistic(f64([12, 30, 8]), f64([15, 25, 10])), 2.0135513550688877, 1e-12);
    // ... ([12, 30, 0], [15, 25, 2]) = 5.583848176096243 (an empty observed cell adds 0)
    expectRel(gStatistic(f64([12, 30, 0]), f64([15, 25, 2])), 5.583848176096243, 1e-12);
    expect(gStatistic(f64([1, 2]), f64([3, 0]))).toBe(Infinity);
  });
});

describe('mmdPermutationTest', () => {
  it("matches Evidently's formulas with the same seeded permutations (mmd_test)", () => {
    // mmd_test(a, b) -> (0.1418718385153459, 0.05, 0.6646803743153546)
    const r = mmdPermutationTest(a, b);
    expectRel(r.statistic, 0.1418718385153459, 1e-10);
    expect(r.pValue).toBe(0.05);
    expectRel(r.sigma, 0.6646803743153546, 1e-12);
    // mmd_test(a, c, permutations=200, seed=42) -> (0.13112084932489732, 0.11, 0.6646803743153546)
    const s = mmdPermutationTest(a, c, { permutations: 200, seed: 42 });
    expectRel(s.statistic, 0.13112084932489732, 1e-10);
    expect(s.pValue).toBe(0.11);
    // mmd_test(t1, t2, permutations=100, seed=1) -> (-0.054340401111199754, 0.5, 0.7071067811865476)
    const t = mmdPermutationTest(t1, t2, { permutations: 100, seed: 1 });
    expectRel(t.statistic, -0.054340401111199754, 1e-10);
    expect(t.pValue).toBe(0.5);
  });

  it('subsamples each side to maxSamples from the same stream', () => {
    // mmd_test(a, b, permutations=100, seed=9, max_samples=6) -> (0.26108311785596705, 0.09, 0.6505382386916236)
    const r = mmdPermutationTest(a, b, { permutations: 100, seed: 9, maxSamples: 6 });
    expect([r.referenceSize, r.currentSize]).toEqual([6, 6]);
    expectRel(r.statistic, 0.26108311785596705, 1e-10);
    expect(r.pValue).toBe(0.09);
    expectRel(r.sigma, 0.6505382386916236, 1e-12);
  });

  it('gives p = 1 on identical constants and NaN below two values', () => {
    const k = new Float64Array(30).fill(4);
    expect(mmdPermutationTest(k, k)).toMatchObject({ statistic: 0, pValue: 1 });
    expect(mmdPermutationTest(a, f64([1])).statistic).toBeNaN();
  });
});
