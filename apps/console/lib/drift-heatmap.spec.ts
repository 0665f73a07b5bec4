import { describe, expect, it } from '@jest/globals';
import {
  type FeatureResult,
  HEATMAP_PIECES,
  SEVERITY_CAP,
  STATE_VALUE,
  type WindowReport,
  MAX_LOG10_P,
  cellTooltip,
  detailAxisName,
  detailPoints,
  directionOf,
  driftHeatmap,
  driftSeverity,
  featureSeries,
  featureSummaries,
  performanceSeries,
} from './drift-heatmap';

const ks = (pValue: number | 'NaN', drifted: boolean): FeatureResult => ({
  feature: 'income',
  kind: 'numeric',
  test: 'ks',
  statistic: 0.3,
  pValue,
  threshold: 0.05,
  drifted,
});
const psi = (statistic: number | 'NaN' | 'Infinity', drifted: boolean): FeatureResult => ({
  feature: 'debt',
  kind: 'numeric',
  test: 'psi',
  statistic,
  threshold: 0.1,
  drifted,
});
const perf = (p: Partial<WindowReport['performance']> = {}): WindowReport['performance'] => ({
  estimatedAccuracy: 0.8,
  estimatedRocAuc: 0.7,
  calibration: 'too-few-labels',
  calibrationLabels: 0,
  labelled: 0,
  accuracy: null,
  rocAuc: null,
  logLoss: null,
  ...p,
});

/** A monitor's reports as the API answers them: newest first. */
const REPORTS: WindowReport[] = [
  {
    windowSeq: 3,
    status: 'ok',
    count: 200,
    datasetDrift: true,
    driftShare: 1,
    features: [
      { ...psi(0.5, true) },
      { ...ks(1e-12, true) },
      {
        feature: 'age',
        kind: 'numeric',
        test: 'wasserstein',
        statistic: 'NaN',
        threshold: 0.1,
        drifted: false,
        error: 'the test threw: boom',
      },
    ],
    performance: perf({ estimatedAccuracy: 0.7, labelled: 50, accuracy: 0.66, rocAuc: 0.71 }),
  },
  {
    windowSeq: 2,
    status: 'ok',
    count: 200,
    datasetDrift: false,
    driftShare: 0,
    features: [psi(0.05, false), ks(0.5, false)],
    performance: perf(),
  },
  {
    windowSeq: 1,
    status: 'insufficient',
    count: 12,
    datasetDrift: false,
    driftShare: 0,
    features: [],
    performance: perf({ estimatedAccuracy: null, estimatedRocAuc: null }),
  },
  {
    windowSeq: 0,
    status: 'reference',
    count: 200,
    datasetDrift: false,
    driftShare: 0,
    features: [],
    performance: null,
  },
];

describe('directionOf', () => {
  it('takes the installed test’s direction, else a p-value means a p-value test', () => {
    expect(directionOf(ks(0.5, false))).toBe('p-value');
    expect(directionOf(psi(0.2, true))).toBe('distance');
    // A distance test that also reports a p-value in its result is still a distance.
    expect(directionOf(ks(0.5, false), new Map([['ks', 'distance']]))).toBe('distance');
    expect(directionOf({ ...ks(0.5, false), pValue: null })).toBe('distance');
  });
});

describe('driftSeverity', () => {
  it('scores a distance as statistic ÷ threshold', () => {
    expect(driftSeverity(psi(0.2, true), 'distance')).toBeCloseTo(2, 12);
    expect(driftSeverity(psi(0.05, false), 'distance')).toBeCloseTo(0.5, 12);
    expect(driftSeverity(psi('Infinity', true), 'distance')).toBe(Infinity);
  });

  it('scores a p-value in orders of magnitude of the level: ln p ÷ ln α', () => {
    // 0.05² = 0.0025: twice as far past the level as the level is from 1.
    expect(driftSeverity(ks(0.0025, true), 'p-value')).toBeCloseTo(2, 12);
    // √0.05 ≈ 0.2236: half way.
    expect(driftSeverity(ks(Math.sqrt(0.05), false), 'p-value')).toBeCloseTo(0.5, 12);
    expect(driftSeverity(ks(1, false), 'p-value')).toBe(0);
    expect(driftSeverity(ks(0, true), 'p-value')).toBe(Infinity);
  });

  it('agrees with the API’s decision at the threshold', () => {
    // p = α is not drifted (drift is p < α): at most 1.
    expect(driftSeverity(ks(0.05, false), 'p-value')).toBeLessThanOrEqual(1);
    // A decision the figures alone would not give still decides the side of 1.
    expect(driftSeverity(psi(0.1, true), 'distance')).toBeGreaterThan(1);
    expect(driftSeverity(psi(0.3, false), 'distance')).toBe(1);
  });

  it('has no score for an error or a NaN', () => {
    expect(driftSeverity(psi('NaN', false), 'distance')).toBeNull();
    expect(driftSeverity(ks('NaN', false), 'p-value')).toBeNull();
    expect(driftSeverity({ ...psi(0.2, true), error: 'x' }, 'distance')).toBeNull();
    expect(driftSeverity({ ...psi(0.2, true), threshold: null }, 'distance')).toBeNull();
  });
});

describe('driftHeatmap', () => {
  const map = driftHeatmap(REPORTS);

  it('puts windows oldest first on x and the features in the newest window’s order on y', () => {
    expect(map.windows).toEqual([0, 1, 2, 3]);
    expect(map.features).toEqual(['debt', 'income', 'age']);
    expect(map.cells).toHaveLength(12);
  });

  it('gives every window and feature one cell, of the window’s kind', () => {
    const cell = (seq: number, feature: string) =>
      map.cells.find((c) => c.windowSeq === seq && c.feature === feature)!;
    expect(cell(0, 'income')).toMatchObject({ x: 0, y: 1, state: 'reference', value: -2 });
    expect(cell(1, 'debt')).toMatchObject({ x: 1, y: 0, state: 'insufficient', value: -1 });
    expect(cell(2, 'debt')).toMatchObject({ state: 'ok', direction: 'distance' });
    expect(cell(2, 'debt').severity).toBeCloseTo(0.5, 12);
    // Window 2 did not test age: no result; window 3's test failed: no result either.
    expect(cell(2, 'age')).toMatchObject({ state: 'no-result', result: null, value: -3 });
    expect(cell(3, 'age')).toMatchObject({ state: 'no-result', value: -3 });
    // ln 1e-12 / ln 0.05 ≈ 9.22: capped for the colour, kept for the reader.
    expect(cell(3, 'income').severity).toBeCloseTo(Math.log(1e-12) / Math.log(0.05), 12);
    expect(cell(3, 'income').value).toBe(SEVERITY_CAP);
  });

  it('has one legend piece for each cell value', () => {
    const inPiece = (v: number) =>
      HEATMAP_PIECES.filter(
        (p) =>
          (p.value === undefined || p.value === v) &&
          (p.gt === undefined || v > p.gt) &&
          (p.gte === undefined || v >= p.gte) &&
          (p.lt === undefined || v < p.lt) &&
          (p.lte === undefined || v <= p.lte),
      );
    const values = [
      ...map.cells.map((c) => c.value),
      0,
      0.4999,
      0.5,
      1,
      1 + 1e-9,
      2,
      2.5,
      SEVERITY_CAP,
      ...Object.values(STATE_VALUE),
    ];
    for (const v of values) expect([v, inPiece(v).length]).toEqual([v, 1]);
  });
});

describe('cellTooltip', () => {
  const map = driftHeatmap([
    {
      ...REPORTS[0]!,
      features: [{ ...ks(0.001, true), feature: '<b>income</b>' }],
    },
    REPORTS[3]!,
  ]);

  it('shows the test, statistic, p-value, threshold and decision, names escaped', () => {
    const tip = cellTooltip(map.cells.find((c) => c.windowSeq === 3)!);
    expect(tip).toContain('&#60;b&#62;income&#60;/b&#62;');
    expect(tip).not.toContain('<b>income');
    expect(tip).toContain('window 3');
    expect(tip).toContain('test ks (numeric)');
    expect(tip).toContain('statistic 0.3');
    expect(tip).toContain('p-value 0.001');
    expect(tip).toContain('threshold p < 0.05');
    expect(tip).toContain('drifted');
  });

  it('says what the reference window is', () => {
    expect(cellTooltip(map.cells.find((c) => c.windowSeq === 0)!)).toContain('reference window');
  });
});

describe('featureSeries', () => {
  it('plots a p-value test’s p-values over the tested windows, oldest first', () => {
    const s = featureSeries(REPORTS, 'income');
    expect(s).toMatchObject({ test: 'ks', direction: 'p-value', plotted: 'p-value' });
    expect(s.points.map((p) => [p.windowSeq, p.pValue, p.threshold, p.drifted])).toEqual([
      [2, 0.5, 0.05, false],
      [3, 1e-12, 0.05, true],
    ]);
  });

  it('plots a distance’s statistic, a NaN as a gap with its error', () => {
    expect(featureSeries(REPORTS, 'debt').plotted).toBe('statistic');
    const age = featureSeries(REPORTS, 'age');
    expect(age.points).toEqual([
      {
        windowSeq: 3,
        statistic: null,
        pValue: null,
        threshold: 0.1,
        drifted: false,
        error: 'the test threw: boom',
      },
    ]);
  });

  it('summarises each feature: windows tested and drifted, the newest result', () => {
    expect(featureSummaries(REPORTS).map((s) => [s.feature, s.test, s.tested, s.drifted])).toEqual([
      ['debt', 'psi', 2, 1],
      ['income', 'ks', 2, 1],
      ['age', 'wasserstein', 1, 0],
    ]);
    expect(featureSummaries(REPORTS)[0]!.latest?.statistic).toBe(0.5);
  });
});

describe('performanceSeries', () => {
  it('lines up estimated and realised figures by window, oldest first', () => {
    const p = performanceSeries(REPORTS);
    expect(p.windows).toEqual([1, 2, 3]);
    expect(p.estimatedAccuracy).toEqual([null, 0.8, 0.7]);
    expect(p.accuracy).toEqual([null, null, 0.66]);
    expect(p.rocAuc).toEqual([null, null, 0.71]);
    expect(p.labelled).toEqual([0, 0, 50]);
    expect(p.hasLabels).toBe(true);
    expect(p.hasEstimates).toBe(true);
  });

  it('knows when there is nothing to draw', () => {
    const p = performanceSeries([REPORTS[3]!]);
    expect(p.windows).toEqual([]);
    expect(p.hasLabels).toBe(false);
    expect(p.hasEstimates).toBe(false);
  });
});

describe('detailPoints', () => {
  it('draws a p-value test as −log₁₀ p against −log₁₀ α, so drift is above the line', () => {
    const points = detailPoints(featureSeries(REPORTS, 'income'));
    expect(points.map((p) => p.windowSeq)).toEqual([2, 3]);
    // −log₁₀ 0.5 = 0.30103; −log₁₀ 1e-12 = 12; −log₁₀ 0.05 = 1.30103.
    expect(points[0]!.y).toBeCloseTo(0.30103, 5);
    expect(points[1]!.y).toBeCloseTo(12, 10);
    expect(points[1]!.threshold).toBeCloseTo(1.30103, 5);
    expect(points.map((p) => p.drifted)).toEqual([false, true]);
    expect(detailAxisName(featureSeries(REPORTS, 'income'))).toBe('−log₁₀ p-value');
  });

  it('draws a p-value of 0 at the top of the scale, and a distance as it is', () => {
    const zero = featureSeries([{ ...REPORTS[0]!, features: [ks(0, true)] }], 'income');
    expect(detailPoints(zero)[0]!.y).toBe(MAX_LOG10_P);
    const debt = detailPoints(featureSeries(REPORTS, 'debt'));
    expect(debt.map((p) => [p.y, p.threshold])).toEqual([
      [0.05, 0.1],
      [0.5, 0.1],
    ]);
    expect(detailAxisName(featureSeries(REPORTS, 'debt'))).toBe('statistic');
  });
});
