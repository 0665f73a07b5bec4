import { normalSample } from '@sextant/plugin-sdk/testing';
import { buildReferenceProfile, histogramCounts } from '@sextant/stats';
import { classifyPsi, ksTest, psiTest } from '../src/index';

// The seed scenario of issue 9: a baseline of 5,000 draws from N(0, 1) and production of 5,000
// from N(0.3, 1.1). Independent computation (scipy 1.17.1, numpy 2.4.6) on the same numbers,
// written to CSV from normalSample (String(x)) and read back:
//
//   b = np.loadtxt('baseline.csv'); p = np.loadtxt('production.csv')
//   e = np.quantile(b, np.linspace(0, 1, 11))
//   rc = np.histogram(b, e)[0] / len(b); cc = np.histogram(np.clip(p, e[0], e[-1]), e)[0] / len(p)
//   fill(x): x[x == 0] = (m / 1e6 if m <= 1e-4 else 1e-4), m = x[x != 0].min()   # empty bins
//   psi = np.sum((fill(rc) - fill(cc)) * np.log(fill(rc) / fill(cc)))  -> 0.08195289064410288
//   stats.ks_2samp(b, p)            -> statistic 0.1252, pvalue 1.5033394996675705e-34
//   (method 'auto' is 'exact' here; method='exact' gives the same)
//
// An exact Python port of mulberry32 + Box–Muller reproduces the samples to ≤ 4.5e-16 and gives
// the same PSI and KS values.

const baseline = normalSample(20260101, 5000, 0, 1);
const production = normalSample(20260102, 5000, 0.3, 1.1);

function expectRel(actual: number | undefined, expected: number, rel: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('seed scenario: N(0, 1) baseline vs N(0.3, 1.1) production, 5,000 each', () => {
  const reference = buildReferenceProfile(baseline);

  it('uses the same samples as the independent computation', () => {
    // b[0], p[0] = -0.6415709580788791, 0.5401312106997516; b.sum(), p.sum() = 83.7739798805894,
    // 1480.9755308921008
    expect(baseline[0]).toBe(-0.6415709580788791);
    expect(production[0]).toBe(0.5401312106997516);
    expectRel(
      baseline.reduce((s, v) => s + v, 0),
      83.7739798805894,
      1e-12,
    );
    expectRel(
      production.reduce((s, v) => s + v, 0),
      1480.9755308921008,
      1e-12,
    );
  });

  it('bins production on 10 quantile bins of the baseline', () => {
    // np.histogram(b, e)[0] = [500] * 10
    expect([...reference.counts]).toEqual(new Array(10).fill(500));
    // np.histogram(np.clip(p, e[0], e[-1]), e)[0]
    expect([...histogramCounts(production, reference.edges, { openEnds: true })]).toEqual([
      393, 371, 405, 394, 442, 388, 517, 567, 634, 889,
    ]);
  });

  it('PSI agrees with numpy and is classified by the thresholds', () => {
    const r = psiTest.execute(reference, production);
    expectRel(r.statistic, 0.08195289064410288, 1e-10);
    // Below 0.1: no significant (> 0.25) nor moderate (> 0.1) shift by PSI's bands, and not
    // drifted at PSI's default threshold 0.1.
    expect(classifyPsi(r.statistic)).toBe('stable');
    expect(r.statistic > 0.25).toBe(false);
    expect(r).toMatchObject({ threshold: 0.1, drifted: false, details: { level: 'stable' } });
  });

  it('KS statistic and p-value agree with scipy ks_2samp, and KS flags the drift', () => {
    const r = ksTest.execute(reference, production);
    expectRel(r.statistic, 0.1252, 1e-12);
    expectRel(r.pValue, 1.5033394996675705e-34, 1e-8);
    expect(r).toMatchObject({ threshold: 0.05, drifted: true, details: { method: 'exact' } });
  });

  it('a stronger shift is classified significant by PSI (> 0.25)', () => {
    // Same PSI script with p = normal_sample(20260103, 5000, 0.8, 1.1) (the Python port)
    // -> 0.5261410843722099
    const r = psiTest.execute(reference, normalSample(20260103, 5000, 0.8, 1.1));
    expectRel(r.statistic, 0.5261410843722099, 1e-9);
    expect(r.statistic).toBeGreaterThan(0.25);
    expect(r.details).toMatchObject({ level: 'significant' });
  });
});
