import { mulberry32 } from '@sextant/stats';
import { calibrate, brierScore, fitIsotonic, referenceCalibration } from './calibration';
import { accuracy, estimatedPerformance, rocAuc } from './performance';

// Reference values: SciPy 1.17.1 (python3), independently of the code under test —
//   xs = np.unique(s); means = [l[s == v].mean() for v in xs]; w = [(s == v).sum() for v in xs]
//   y = scipy.optimize.isotonic_regression(means, weights=w, increasing=True).x
//   np.interp(np.clip(p, xs[0], xs[-1]), xs, y) for the probes
//   Brier: np.mean((s − l) ** 2)
const s = [
  0.0, 0.6, 1.0, 0.5, 0.3, 0.1, 0.6, 0.6, 0.9, 0.7, 0.3, 0.9, 0.9, 0.2, 0.9, 0.9, 0.3, 0.4, 0.7,
  0.6, 0.6, 0.6, 0.5, 0.1, 0.2, 0.1, 0.6, 0.7, 0.4, 0.9, 0.6, 0.7, 0.5, 0.1, 0.4, 0.5, 0.6, 0.1,
  0.8, 0.2,
];
const l = [
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1,
  0, 1, 0, 0, 0, 1, 0,
];

describe('isotonic calibration', () => {
  it('fits scipy.optimize.isotonic_regression on the pooled ties', () => {
    const c = fitIsotonic(s, l);
    expect([...c.x]).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    const expected = [0, 0, 0, 0, 0.25, 0.25, 0.25, 0.5, 0.5714285714285714, 0.5714285714285714, 1];
    [...c.y].forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
  });

  it('maps scores like np.interp, clipped at the ends', () => {
    const c = fitIsotonic(s, l);
    const probes = [-0.1, 0.05, 0.33, 0.5, 0.77, 1.2];
    const expected = [0, 0, 0.07500000000000004, 0.25, 0.5499999999999999, 1];
    probes.forEach((p, i) => expect(calibrate(c, p)).toBeCloseTo(expected[i]!, 12));
  });

  it('scores probabilities by the Brier score', () => {
    expect(brierScore(s, l)).toBeCloseTo(0.21549999999999997, 12);
  });
});

describe('CBPE calibrated on the labelled reference', () => {
  // Labels follow sigmoid(z); the model answers sigmoid(logit(z)) — miscalibrated as `logit` says.
  const drawWith = (logit: (z: number) => number) => (seed: number, n: number) => {
    const u = mulberry32(seed);
    const scores: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < n; i++) {
      const z = 2 * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
      labels.push(u() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
      scores.push(1 / (1 + Math.exp(-logit(z))));
    }
    return { scores, labels };
  };
  // An overconfident model: sigmoid(1.8·z).
  const draw = drawWith((z) => 1.8 * z);

  it('calibrates overconfident scores, and the estimate lands near the realised accuracy', () => {
    const reference = draw(1, 2000);
    const outcome = referenceCalibration(reference.scores, reference.labels);
    expect(outcome.method).toBe('isotonic');
    if (outcome.method !== 'isotonic') return;
    const production = draw(2, 5000);
    const realised = accuracy(production.scores, production.labels, 0.5)!;
    const raw = estimatedPerformance(production.scores, 0.5);
    const fitted = estimatedPerformance(
      production.scores.map((p) => calibrate(outcome.calibrator, p)),
      0.5,
    );
    // Uncalibrated, CBPE believes the overconfident scores (0.855 against 0.768 realised).
    expect(Math.abs(raw.accuracy! - realised)).toBeGreaterThan(0.03);
    expect(Math.abs(fitted.accuracy! - realised)).toBeLessThan(0.025);
    const realisedAuc = rocAuc(production.scores, production.labels)!;
    expect(Math.abs(fitted.rocAuc! - realisedAuc)).toBeLessThan(
      Math.abs(raw.rocAuc! - realisedAuc),
    );
  });

  it('takes the predicted class from the model’s score, the probability from the calibration', () => {
    // Shifted: labels follow sigmoid(z), the model answers sigmoid(z + 1.5) — calibration moves
    // many scores across 0.5, but the model still predicts positive from its own score.
    const shifted = drawWith((z) => z + 1.5);
    const reference = shifted(3, 5000);
    const outcome = referenceCalibration(reference.scores, reference.labels);
    if (outcome.method !== 'isotonic') throw new Error(`expected isotonic, got ${outcome.method}`);
    const production = shifted(4, 20000);
    const realised = accuracy(production.scores, production.labels, 0.5)!;
    const probabilities = production.scores.map((p) => calibrate(outcome.calibrator, p));
    const estimate = estimatedPerformance(production.scores, 0.5, probabilities).accuracy!;
    expect(Math.abs(estimate - realised)).toBeLessThan(0.01);
    // Every score the same, 30 % positive: the model predicts positive for all (0.7 ≥ 0.5), so
    // 30 % are right — not the 70 % that predicting from the calibrated 0.3 would claim.
    const flat = Array.from({ length: 100 }, () => 0.7);
    const flatLabels = flat.map((_, i) => (i % 10 < 3 ? 1 : 0));
    const flatOutcome = referenceCalibration(flat, flatLabels);
    if (flatOutcome.method !== 'isotonic') throw new Error('expected isotonic');
    const p = flat.map((s) => calibrate(flatOutcome.calibrator, s));
    expect(estimatedPerformance(flat, 0.5, p).accuracy).toBeCloseTo(0.3, 12);
  });

  it('leaves calibrated scores alone, and needs enough labels of both classes', () => {
    const u = mulberry32(7);
    const scores = Array.from({ length: 2000 }, () => u());
    const labels = scores.map((p) => (u() < p ? 1 : 0));
    expect(referenceCalibration(scores, labels)).toMatchObject({
      method: 'already-calibrated',
    });
    expect(referenceCalibration(scores.slice(0, 99), labels.slice(0, 99))).toMatchObject({
      method: 'too-few-labels',
    });
    expect(
      referenceCalibration(
        scores,
        scores.map(() => 0),
      ),
    ).toMatchObject({
      method: 'one-class',
    });
  });
});
