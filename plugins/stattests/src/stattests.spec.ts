import { buildCategoricalReference, buildReferenceProfile } from '@sextant/stats';
import { categoricalSample, normalSample } from '@sextant/plugin-sdk/testing';
import { chooseTest } from './choose';
import { stattestsPlugin } from './plugin';
import {
  chiSquareTest,
  hellingerTest,
  jensenShannonTest,
  klDivTest,
  ksTest,
  psiTest,
  tvdTest,
  wassersteinTest,
  zTest,
} from './index';

// Reference values: SciPy 1.17.1 / numpy 2.4.6 on the same samples. The samples were generated
// here (normalSample / categoricalSample), written to CSV with String(x) and read back with
// np.loadtxt; an exact Python port of the generator reproduces them to ≤ 1 ulp. Helpers used:
//   e = np.quantile(ref, np.linspace(0, 1, bins + 1))
//   rc = np.histogram(ref, e)[0]; cc = np.histogram(np.clip(cur, e[0], e[-1]), e)[0]
//   p, q = rc / rc.sum(), cc / cc.sum()
//   fill(p): p[p == 0] = (m / 1e6 if m <= 1e-4 else 1e-4), m = p[p != 0].min()  (Evidently)
//   categories: counts over the union of keys, in first-seen order.

function expectRel(actual: number | undefined, expected: number, rel = 1e-9): void {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

const ref = buildReferenceProfile(normalSample(7, 200, 0, 1)); // ref200.csv
const cur150 = normalSample(8, 150, 0.4, 1.2); // cur150.csv
const cur200 = normalSample(9, 200, 0.25, 1); // cur200.csv
const catRef = buildCategoricalReference(
  categoricalSample(11, 300, ['a', 'b', 'c', 'd'], [4, 3, 2, 1]),
);
const catCur = categoricalSample(12, 250, ['a', 'b', 'c', 'd', 'e'], [3, 3, 2, 1, 1]);
const binRef = buildCategoricalReference(categoricalSample(13, 400, ['no', 'yes'], [7, 3]));
const binCur = categoricalSample(14, 350, ['no', 'yes'], [6, 4]);

describe('binned distances on numeric columns (10 reference-quantile bins)', () => {
  it('PSI: np.sum((fill(p) - fill(q)) * np.log(fill(p) / fill(q))) = 0.36397504420157184', () => {
    const r = psiTest.execute(ref, cur150);
    expectRel(r.statistic, 0.36397504420157184);
    expect(r).toMatchObject({ threshold: 0.1, drifted: true, details: { level: 'significant' } });
  });
  it('PSI with bins=5 = 0.2501914192589445', () => {
    expectRel(psiTest.execute(ref, cur150, { bins: 5 }).statistic, 0.2501914192589445);
  });
  it('KL: stats.entropy(fill(p), fill(q)) = 0.20000486927287486', () => {
    expectRel(klDivTest.execute(ref, cur150).statistic, 0.20000486927287486);
  });
  it('Jensen–Shannon: distance.jensenshannon(rc, cc) = 0.2084635921021912', () => {
    expectRel(jensenShannonTest.execute(ref, cur150).statistic, 0.2084635921021912);
  });
  it('Hellinger: np.sqrt(1 - np.sum(np.sqrt(p * q))) = 0.21077804973133424', () => {
    expectRel(hellingerTest.execute(ref, cur150).statistic, 0.21077804973133424);
  });
});

describe('numeric tests', () => {
  it('KS, unequal sizes: ks_2samp(ref, cur150) = (0.2783333333333333, 2.519854560812052e-06)', () => {
    const r = ksTest.execute(ref, cur150);
    expectRel(r.statistic, 0.2783333333333333, 1e-12);
    expectRel(r.pValue, 2.519854560812052e-6, 1e-9);
    expect(r).toMatchObject({ drifted: true, details: { method: 'exact' } });
  });
  it("KS with method 'asymp': the Kolmogorov limit", () => {
    // special.kolmogorov(np.sqrt(200*150/350) * D) = 3.4150138479393895e-06
    // (ks_2samp(..., method='asymp') = 2.204899141174321e-06 uses the finite-n kstwo instead)
    const r = ksTest.execute(ref, cur150, { method: 'asymp' });
    expectRel(r.pValue, 3.4150138479393895e-6, 1e-8);
    expect(r.details).toEqual({ method: 'asymp' });
  });
  it("KS, equal sizes: ks_2samp(ref, cur200, method='exact') = (0.18, 0.0030098470801667434)", () => {
    const r = ksTest.execute(ref, cur200);
    expectRel(r.statistic, 0.18, 1e-12);
    expectRel(r.pValue, 0.0030098470801667434, 1e-10);
    expect(r).toMatchObject({ threshold: 0.05, drifted: true, details: { method: 'exact' } });
  });
  it('Wasserstein: wasserstein_distance(ref, cur150) / max(np.std(ref), 0.001) = 0.44582572159603234', () => {
    const r = wassersteinTest.execute(ref, cur150);
    expectRel(r.statistic, 0.44582572159603234, 1e-12);
    expect(r.drifted).toBe(true);
  });
});

describe('categorical tests', () => {
  it('binned distances over the union of categories (a new category e in current)', () => {
    expectRel(psiTest.execute(catRef, catCur).statistic, 0.39693557575003385);
    expectRel(klDivTest.execute(catRef, catCur).statistic, 0.06633427040901053);
    expectRel(jensenShannonTest.execute(catRef, catCur).statistic, 0.15003955827761498);
    expectRel(hellingerTest.execute(catRef, catCur).statistic, 0.17809742714724916);
    // 0.5 * np.sum(np.abs(p - q)) = 0.07400000000000001
    const tvd = tvdTest.execute(catRef, catCur);
    expectRel(tvd.statistic, 0.074, 1e-12);
    expect(tvd.drifted).toBe(false);
  });
  it('chi-square: a category unseen in the reference gives chisquare(...) = (inf, 0.0)', () => {
    const r = chiSquareTest.execute(catRef, catCur);
    expect(r.statistic).toBe(Infinity);
    expect(r.pValue).toBe(0);
    expect(r.drifted).toBe(true);
  });
  it('chi-square on a–d only: chisquare(f_obs, f_exp) = (2.4014011289310875, 0.49337385629468866)', () => {
    const r = chiSquareTest.execute(
      catRef,
      catCur.filter((c) => c !== 'e'),
    );
    expectRel(r.statistic, 2.4014011289310875, 1e-12);
    expectRel(r.pValue, 0.49337385629468866, 1e-9);
    expect(r).toMatchObject({ threshold: 0.05, drifted: false, details: { dof: 3 } });
  });
  it("z-test (Evidently's formula, p = 2 * norm.sf(|z|)) = (-2.7117405831899575, 0.006693095107958461)", () => {
    const r = zTest.execute(binRef, binCur);
    expectRel(r.statistic, -2.7117405831899575, 1e-12);
    expectRel(r.pValue, 0.006693095107958461, 1e-9);
    expect(r).toMatchObject({ threshold: 0.05, drifted: true });
  });
});

describe("Evidently's default thresholds and directions", () => {
  it.each([
    ['psi', 0.1, 'distance'],
    ['ks', 0.05, 'p-value'],
    ['chisquare', 0.05, 'p-value'],
    ['jensenshannon', 0.1, 'distance'],
    ['wasserstein', 0.1, 'distance'],
    ['kl_div', 0.1, 'distance'],
    ['hellinger', 0.1, 'distance'],
    ['tvd', 0.1, 'distance'],
    ['z', 0.05, 'p-value'],
  ])('%s: %d, %s', (name, threshold, direction) => {
    const t = stattestsPlugin.getTest(name);
    expect(t?.defaultThreshold).toBe(threshold);
    expect(t?.direction).toBe(direction);
  });
});

describe('chooseTest (Evidently _get_default_stattest)', () => {
  it.each([
    ['numeric', 1000, 50, 'ks', 'numeric'],
    ['numeric', 1000, 4, 'chisquare', 'categorical'],
    ['numeric', 500, 2, 'z', 'binary'],
    ['numeric', 1001, 50, 'wasserstein', 'numeric'],
    ['numeric', 5000, 5, 'jensenshannon', 'categorical'],
    ['categorical', 1000, 7, 'chisquare', 'categorical'],
    ['categorical', 1000, 2, 'z', 'categorical'],
    ['binary', 200, 2, 'z', 'binary'],
    ['categorical', 1001, 7, 'jensenshannon', 'categorical'],
    ['binary', 20000, 2, 'jensenshannon', 'binary'],
    ['text_length', 100, 80, 'ks', 'text_length'],
  ] as const)('%s, n=%d, %d unique → %s as %s', (kind, n, unique, test, columnKind) => {
    expect(chooseTest(kind, n, unique)).toEqual({ test, columnKind });
  });
});
