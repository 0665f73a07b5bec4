/**
 * Calibration of a binary classifier's scores for confidence-based performance estimation
 * (CBPE), as NannyML does it: the estimate is only as good as the scores are calibrated, so the
 * scores are mapped through an isotonic regression fitted on the labelled reference — when that
 * makes them score better on held-out reference rows.
 */

/** A monotone map from a score to a calibrated probability (piecewise linear, clipped). */
export interface IsotonicCalibrator {
  /** Ascending distinct scores of the reference. */
  readonly x: Float64Array;
  /** The fitted (non-decreasing) probability at each of `x`. */
  readonly y: Float64Array;
}

/**
 * Fits an isotonic (non-decreasing) regression of labels on scores by pool-adjacent-violators:
 * tied scores are first pooled (their labels averaged, weighted by count), then adjacent blocks
 * that decrease are merged into their weighted mean. scikit-learn's `IsotonicRegression`
 * (`out_of_bounds='clip'`), which NannyML's calibrator wraps.
 */
export function fitIsotonic(
  scores: readonly number[],
  labels: readonly number[],
): IsotonicCalibrator {
  const order = Array.from(scores.keys()).sort((a, b) => scores[a]! - scores[b]!);
  // Distinct scores with their mean label and weight.
  const xs: number[] = [];
  const sums: number[] = [];
  const weights: number[] = [];
  for (const i of order) {
    const x = scores[i]!;
    const last = xs.length - 1;
    if (last >= 0 && xs[last] === x) {
      sums[last] = sums[last]! + labels[i]!;
      weights[last] = weights[last]! + 1;
    } else {
      xs.push(x);
      sums.push(labels[i]!);
      weights.push(1);
    }
  }
  // Pool adjacent violators over blocks (value, weight, how many distinct scores).
  const value: number[] = [];
  const weight: number[] = [];
  const span: number[] = [];
  for (let k = 0; k < xs.length; k++) {
    value.push(sums[k]! / weights[k]!);
    weight.push(weights[k]!);
    span.push(1);
    while (value.length > 1 && value[value.length - 2]! > value[value.length - 1]!) {
      const v = value.pop()!;
      const w = weight.pop()!;
      const s = span.pop()!;
      const top = value.length - 1;
      value[top] = (value[top]! * weight[top]! + v * w) / (weight[top]! + w);
      weight[top] = weight[top]! + w;
      span[top] = span[top]! + s;
    }
  }
  const y = new Float64Array(xs.length);
  let k = 0;
  for (let b = 0; b < value.length; b++) for (let s = 0; s < span[b]!; s++) y[k++] = value[b]!;
  return { x: Float64Array.from(xs), y };
}

/** The calibrated probability of a score: linear between fitted points, clipped at the ends. */
export function calibrate(calibrator: IsotonicCalibrator, score: number): number {
  const { x, y } = calibrator;
  const n = x.length;
  if (score <= x[0]!) return y[0]!;
  if (score >= x[n - 1]!) return y[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x[mid]! <= score) lo = mid;
    else hi = mid;
  }
  const t = (score - x[lo]!) / (x[hi]! - x[lo]!);
  return y[lo]! + t * (y[hi]! - y[lo]!);
}

/** The Brier score: the mean squared difference of probability and label (a proper score). */
export function brierScore(scores: readonly number[], labels: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += (scores[i]! - labels[i]!) ** 2;
  return scores.length ? sum / scores.length : NaN;
}

/** Fewest labelled reference rows (and of each class) worth calibrating on. */
export const CALIBRATION_MIN_LABELS = 100;
export const CALIBRATION_MIN_PER_CLASS = 5;
const FOLDS = 5;

/** Why the scores are used as they are, or how they are calibrated. */
export type CalibrationOutcome =
  | { method: 'isotonic'; labels: number; calibrator: IsotonicCalibrator }
  | { method: 'too-few-labels' | 'one-class' | 'already-calibrated'; labels: number };

/**
 * The calibration CBPE uses, from the labelled reference (scores of the positive class, labels
 * 0/1, in a stable order — the folds depend on it): none with fewer than 100 labels or fewer than 5 of a class; otherwise isotonic when
 * the reference scored out of fold (5 folds, row i in fold i mod 5, each row mapped by the
 * isotonic map fitted on the other folds) has a lower Brier score than the raw scores, else none
 * (the scores are calibrated already). NannyML's `needs_calibration` makes this test on held-out
 * splits with the binned expected calibration error instead; binned ECE favours the isotonic
 * step map even on calibrated scores (it did on 5 of 5 seeds of calibration.spec.ts's uniform
 * case), where the Brier score, a proper score, keeps the raw scores.
 */
export function referenceCalibration(
  scores: readonly number[],
  labels: readonly number[],
): CalibrationOutcome {
  const n = scores.length;
  if (n < CALIBRATION_MIN_LABELS) return { method: 'too-few-labels', labels: n };
  const positives = labels.reduce((a, l) => a + (l === 1 ? 1 : 0), 0);
  if (Math.min(positives, n - positives) < CALIBRATION_MIN_PER_CLASS)
    return { method: 'one-class', labels: n };
  // Every reference row scored out of fold: by the map fitted on the other folds.
  const outOfFold = new Array<number>(n);
  for (let f = 0; f < FOLDS; f++) {
    const train = { s: [] as number[], l: [] as number[] };
    for (let i = 0; i < n; i++) {
      if (i % FOLDS === f) continue;
      train.s.push(scores[i]!);
      train.l.push(labels[i]!);
    }
    const c = fitIsotonic(train.s, train.l);
    for (let i = f; i < n; i += FOLDS) outOfFold[i] = calibrate(c, scores[i]!);
  }
  const raw = brierScore(scores, labels);
  const fitted = brierScore(outOfFold, labels);
  if (fitted >= raw) return { method: 'already-calibrated', labels: n };
  return { method: 'isotonic', labels: n, calibrator: fitIsotonic(scores, labels) };
}
