import { buildCategoricalReference, buildReferenceProfile } from '@sextant/stats';
import { categoricalSample, normalSample } from '@sextant/plugin-sdk/testing';
import { stattestsPlugin } from './plugin';
import {
  andersonTest,
  cramerVonMisesTest,
  empiricalMmdTest,
  energyDistanceTest,
  fisherExactTest,
  gTest,
} from './index';

// Reference values: SciPy 1.17.1 / numpy 2.4.6, printed by plugins/stattests/test/reference_values.py
// on the same samples (an exact Python port of normalSample / categoricalSample; reading the
// JavaScript samples from CSV gives the same values to ~1e-15). ref, cur150, cat*, bin* are those
// of stattests.spec.ts; `near` is a small shift. Evidently's tests call, for each test below:
//   anderson:          stats.anderson_ksamp([ref, cur]).pvalue  (anderson_darling_stattest.py)
//   cramer_von_mises:  its copy of stats.cramervonmises_2samp(ref, cur)  (cramer_von_mises_stattest.py)
//   ed:                stats.energy_distance(ref, cur)  (energy_distance.py)
//   fisher_exact:      stats.fisher_exact([[cur a, cur b], [ref a, ref b]])  (fisher_exact_stattest.py)
//   g_test:            stats.power_divergence(f_obs, f_exp, lambda_='log-likelihood')  (g_stattest.py)
//   empirical_mmd:     mmd_test(ref, cur, permutations, seed, max_samples) of the script  (mmd_stattest.py)

function expectRel(actual: number | undefined, expected: number, rel = 1e-9): void {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

const refSample = normalSample(7, 200, 0, 1);
const ref = buildReferenceProfile(refSample);
const cur150 = normalSample(8, 150, 0.4, 1.2);
const cur200 = normalSample(9, 200, 0.25, 1);
const near = normalSample(21, 150, 0.05, 1);
const catRef = buildCategoricalReference(
  categoricalSample(11, 300, ['a', 'b', 'c', 'd'], [4, 3, 2, 1]),
);
const catCur = categoricalSample(12, 250, ['a', 'b', 'c', 'd', 'e'], [3, 3, 2, 1, 1]);
const binRef = buildCategoricalReference(categoricalSample(13, 400, ['no', 'yes'], [7, 3]));
const binCur = categoricalSample(14, 350, ['no', 'yes'], [6, 4]);

describe('anderson', () => {
  it('anderson_ksamp([ref, near]) = (0.40121095580992405, p 0.22778513790960753)', () => {
    const r = andersonTest.execute(ref, near);
    expectRel(r.statistic, 0.40121095580992405, 1e-11);
    expectRel(r.pValue, 0.22778513790960753, 1e-11);
    expect(r).toMatchObject({
      threshold: 0.1,
      drifted: false,
      details: { pValue: 'interpolated' },
    });
  });
  it('a clear shift: anderson_ksamp([ref, cur150]) = (10.470793454250748, p floored at 0.001)', () => {
    const r = andersonTest.execute(ref, cur150);
    expectRel(r.statistic, 10.470793454250748, 1e-11);
    expect(r).toMatchObject({ pValue: 0.001, drifted: true, details: { pValue: 'floored' } });
  });
  it('anderson_ksamp([ref[:60], cur150[:40]]) = (-0.14685582708558134, p capped at 0.25)', () => {
    const r = andersonTest.execute(
      buildReferenceProfile(refSample.slice(0, 60)),
      cur150.slice(0, 40),
    );
    expectRel(r.statistic, -0.14685582708558134, 1e-10);
    expect(r).toMatchObject({ pValue: 0.25, drifted: false, details: { pValue: 'capped' } });
  });
  it('one distinct value in both columns (SciPy raises): NaN, not drifted, a reason', () => {
    const k = buildReferenceProfile(new Float64Array(10).fill(3));
    const r = andersonTest.execute(k, new Float64Array(5).fill(3));
    expect(r.statistic).toBeNaN();
    expect(r).toMatchObject({ drifted: false, details: { reason: 'single-value' } });
  });
});

describe('cramer_von_mises', () => {
  it('asymptotic: cramervonmises_2samp(ref, cur150) = (1.8970047619047605, 2.1543932195999815e-05)', () => {
    const r = cramerVonMisesTest.execute(ref, cur150);
    expectRel(r.statistic, 1.8970047619047605, 1e-12);
    expectRel(r.pValue, 2.1543932195999815e-5, 1e-9);
    expect(r).toMatchObject({ threshold: 0.1, drifted: true, details: { method: 'asymptotic' } });
  });
  it('cramervonmises_2samp(ref, near) = (0.2028285714285687, 0.262855971384233)', () => {
    const r = cramerVonMisesTest.execute(ref, near);
    expectRel(r.statistic, 0.2028285714285687, 1e-12);
    expectRel(r.pValue, 0.262855971384233, 1e-9);
    expect(r.drifted).toBe(false);
  });
  it('exact for ≤ 20 values: cramervonmises_2samp(ref[:15], cur150[:12]) = (0.6092592592592592, 0.0209255021612001)', () => {
    const small = buildReferenceProfile(refSample.slice(0, 15));
    const r = cramerVonMisesTest.execute(small, cur150.slice(0, 12));
    expectRel(r.statistic, 0.6092592592592592, 1e-12);
    expectRel(r.pValue, 0.0209255021612001, 1e-12);
    expect(r).toMatchObject({ drifted: true, details: { method: 'exact' } });
    expect(
      cramerVonMisesTest.execute(small, cur150.slice(0, 12), { method: 'asymptotic' }).details,
    ).toMatchObject({ method: 'asymptotic' });
  });
  it('a single current value: NaN, not drifted, a reason (SciPy raises)', () => {
    const r = cramerVonMisesTest.execute(ref, Float64Array.of(0.5, NaN));
    expect(r.statistic).toBeNaN();
    expect(r).toMatchObject({ drifted: false, details: { reason: 'too-few-values' } });
  });
});

describe('ed', () => {
  it('energy_distance(ref, cur150) = 0.3659719843401909; (ref, cur200) = 0.28406117333739217', () => {
    const r = energyDistanceTest.execute(ref, cur150);
    expectRel(r.statistic, 0.3659719843401909, 1e-12);
    expect(r).toMatchObject({ threshold: 0.1, drifted: true });
    expectRel(energyDistanceTest.execute(ref, cur200).statistic, 0.28406117333739217, 1e-12);
  });
});

describe('fisher_exact', () => {
  it('fisher_exact([[212, 138], [280, 120]]) = (0.6583850931677019, 0.0070693175013380434)', () => {
    const r = fisherExactTest.execute(binRef, binCur);
    expectRel(r.statistic, 0.6583850931677019, 1e-12);
    expectRel(r.pValue, 0.0070693175013380434, 1e-10);
    expect(r).toMatchObject({ threshold: 0.1, drifted: true, details: { category: 'no' } });
  });
  it('ignores missing values, and does not drift on the reference itself', () => {
    const r = fisherExactTest.execute(binRef, [...binCur, null, null]);
    expectRel(r.pValue, 0.0070693175013380434, 1e-10);
    const same = fisherExactTest.execute(binRef, categoricalSample(13, 400, ['no', 'yes'], [7, 3]));
    expect(same).toMatchObject({ statistic: 1, pValue: 1, drifted: false });
  });
  it('refuses a column with more than two categories (Evidently raises too)', () => {
    expect(() => fisherExactTest.execute(binRef, ['no', 'yes', 'maybe'])).toThrow(TypeError);
  });
});

describe('g_test', () => {
  it("power_divergence(f_obs, f_exp, lambda_='log-likelihood') on a–d = (2.4208835480914166, 0.48975899644304965)", () => {
    const r = gTest.execute(
      catRef,
      catCur.filter((c) => c !== 'e'),
    );
    expectRel(r.statistic, 2.4208835480914166, 1e-12);
    expectRel(r.pValue, 0.48975899644304965, 1e-9);
    expect(r).toMatchObject({ threshold: 0.1, drifted: false, details: { dof: 3 } });
  });
  it('binary: (14.088059649881103, 0.00017444768434184973)', () => {
    const r = gTest.execute(binRef, binCur);
    expectRel(r.statistic, 14.088059649881103, 1e-12);
    expectRel(r.pValue, 0.00017444768434184973, 1e-9);
    expect(r.drifted).toBe(true);
  });
  it('a category unseen in the reference: G = inf, p = 0, as SciPy', () => {
    expect(gTest.execute(catRef, catCur)).toMatchObject({
      statistic: Infinity,
      pValue: 0,
      drifted: true,
    });
  });
});

describe('empirical_mmd', () => {
  it('mmd_test(ref, cur150) = (0.04616356752366624, p 0.0), sigma 0.68127651189891', () => {
    const r = empiricalMmdTest.execute(ref, cur150);
    expectRel(r.statistic, 0.04616356752366624, 1e-9);
    expect(r.pValue).toBe(0);
    expect(r).toMatchObject({
      threshold: 0.1,
      drifted: true,
      details: { permutations: 100, referenceSize: 200, currentSize: 150 },
    });
    expectRel(r.details?.['sigma'] as number, 0.68127651189891, 1e-12);
  });
  it('mmd_test(ref, near) = (0.006050587372220639, p 0.1): at the threshold, not drifted', () => {
    const r = empiricalMmdTest.execute(ref, near);
    expectRel(r.statistic, 0.006050587372220639, 1e-9);
    expect(r.pValue).toBe(0.1);
    expect(r.drifted).toBe(false);
  });
  it('mmd_test(ref, near, permutations=50, seed=7, max_samples=60) = (0.014012953916556214, p 0.18)', () => {
    const r = empiricalMmdTest.execute(ref, near, { permutations: 50, seed: 7, maxSamples: 60 });
    expectRel(r.statistic, 0.014012953916556214, 1e-9);
    expect(r.pValue).toBe(0.18);
    expect(r.details).toMatchObject({ permutations: 50, referenceSize: 60, currentSize: 60 });
  });
});

describe("Evidently's default thresholds and directions", () => {
  it.each([
    ['anderson', 0.1, 'p-value'],
    ['cramer_von_mises', 0.1, 'p-value'],
    ['ed', 0.1, 'distance'],
    ['fisher_exact', 0.1, 'p-value'],
    ['g_test', 0.1, 'p-value'],
    ['empirical_mmd', 0.1, 'p-value'],
  ])('%s: %d, %s', (name, threshold, direction) => {
    const t = stattestsPlugin.getTest(name);
    expect(t?.defaultThreshold).toBe(threshold);
    expect(t?.direction).toBe(direction);
  });
});
