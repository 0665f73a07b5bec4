import { normalSample } from '@sextant/plugin-sdk/testing';
import { computeDrift } from './compute-drift';

// The seed scenario of issue 9, through the one-off report: a baseline of 5,000 draws from
// N(0, 1) and production of 5,000 from N(0.3, 1.1), the very samples of
// plugins/stattests/test/seed.spec.ts (same generator and seeds). Its independent computation
// (SciPy 1.17.1, numpy 2.4.6, on the same numbers):
//   PSI on 10 quantile bins of the baseline, empty bins masked -> 0.08195289064410288
//   stats.ks_2samp(b, p) -> statistic 0.1252, pvalue 1.5033394996675705e-34
// and libs/monitoring/test/reference_values.py (same versions):
//   wasserstein_distance(b, p) / max(np.std(b), 0.001) -> 0.2802443342563169
//   a stable column, N(0, 1) seeds 20260201 vs 20260202: ks_2samp -> 0.0122, p 0.8508219458664311

const baseline = normalSample(20260101, 5000, 0, 1);
const production = normalSample(20260102, 5000, 0.3, 1.1);

function expectRel(actual: number | undefined, expected: number, rel: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('seed scenario through computeDrift', () => {
  it('psi and ks agree with the independent computation and classify the shift', () => {
    const report = computeDrift({
      reference: { columns: { x: baseline } },
      current: { columns: { x: production } },
      tests: ['psi', 'ks'],
    });
    const [x] = report.columns;
    expect(x).toMatchObject({
      column: 'x',
      kind: 'numeric',
      kindSource: 'detected',
      reference: { count: 5000, missing: 0 },
      current: { count: 5000, missing: 0 },
      distinct: 1001,
      distinctCapped: true,
    });
    const [psi, ks] = x!.tests;
    expect(psi).toMatchObject({ test: 'psi', selection: 'given', comparedAs: 'numeric' });
    expectRel(psi!.statistic, 0.08195289064410288, 1e-10);
    // PSI below 0.1: stable by its bands (not > 0.25 significant), not drifted at 0.1.
    expect(psi).toMatchObject({
      direction: 'distance',
      threshold: 0.1,
      drifted: false,
      details: { level: 'stable', binning: 'quantile-bins', bins: 10 },
    });
    expect(psi!.statistic > 0.25).toBe(false);
    expectRel(ks!.statistic, 0.1252, 1e-12);
    expectRel(ks!.pValue, 1.5033394996675705e-34, 1e-8);
    expect(ks).toMatchObject({ test: 'ks', direction: 'p-value', threshold: 0.05, drifted: true });
    // A column drifts when any of its tests does; one column of one: the dataset drifts.
    expect(x!.drifted).toBe(true);
    expect(report).toMatchObject({
      columnCount: 1,
      driftedColumnCount: 1,
      driftedShare: 1,
      driftShare: 0.5,
      datasetDrift: true,
    });
  });

  it("without tests, Evidently's choice for 5,000 rows: normed Wasserstein", () => {
    const report = computeDrift({
      reference: { columns: { x: baseline } },
      current: { columns: { x: production } },
    });
    const [w] = report.columns[0]!.tests;
    expect(w).toMatchObject({
      test: 'wasserstein',
      selection: 'automatic',
      threshold: 0.1,
      drifted: true,
    });
    expectRel(w!.statistic, 0.2802443342563169, 1e-9);
  });

  it('the dataset drift share: one of two columns drifted against 0.5 and 0.6', () => {
    const reference = { columns: { x: baseline, y: normalSample(20260201, 5000, 0, 1) } };
    const current = { columns: { x: production, y: normalSample(20260202, 5000, 0, 1) } };
    const report = computeDrift({ reference, current, tests: ['ks'] });
    const y = report.columns[1]!;
    expectRel(y.tests[0]!.statistic, 0.0122, 1e-12);
    expectRel(y.tests[0]!.pValue, 0.8508219458664311, 1e-8);
    expect(report.columns.map((c) => [c.column, c.drifted])).toEqual([
      ['x', true],
      ['y', false],
    ]);
    // Evidently: dataset drift when share of drifted columns >= drift_share.
    expect(report).toMatchObject({ driftedColumnCount: 1, driftedShare: 0.5, datasetDrift: true });
    expect(computeDrift({ reference, current, tests: ['ks'], driftShare: 0.6 })).toMatchObject({
      driftedShare: 0.5,
      driftShare: 0.6,
      datasetDrift: false,
    });
  });

  it('does not depend on the order of the rows', () => {
    const shuffled = Float64Array.from(production).reverse();
    const a = computeDrift({
      reference: { columns: { x: baseline } },
      current: { columns: { x: production } },
      tests: ['psi', 'ks', 'anderson'],
    });
    const b = computeDrift({
      reference: { columns: { x: Float64Array.from(baseline).reverse() } },
      current: { columns: { x: shuffled } },
      tests: ['psi', 'ks', 'anderson'],
    });
    expect(b).toEqual(a);
  });
});
