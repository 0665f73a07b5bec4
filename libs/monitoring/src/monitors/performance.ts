/**
 * Realised and estimated performance of a binary classifier's scores (probability of the
 * positive class) over one window.
 */

/** ROC AUC by the rank statistic (Mann–Whitney U with average ranks for ties); null if one class is absent. */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number | null {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] === 1) {
      positives++;
      rankSum += ranks[i]!;
    }
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean log loss (scores clipped to [1e-15, 1 − 1e-15], as scikit-learn does). */
export function logLoss(scores: readonly number[], labels: readonly number[]): number | null {
  if (!scores.length) return null;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, scores[i]!));
    sum += labels[i] === 1 ? -Math.log(p) : -Math.log(1 - p);
  }
  return sum / scores.length;
}

export function accuracy(
  scores: readonly number[],
  labels: readonly number[],
  threshold: number,
): number | null {
  if (!scores.length) return null;
  let right = 0;
  for (let i = 0; i < scores.length; i++)
    if ((scores[i]! >= threshold ? 1 : 0) === labels[i]) right++;
  return right / scores.length;
}

/**
 * Confidence-based performance estimation (CBPE, as NannyML describes it). The model's own
 * scores decide each row's predicted class (positive at or above `threshold`) and rank the rows;
 * `probabilities` — the scores calibrated, or the scores themselves when they are calibrated
 * already — say how likely each row is positive. A row is right with probability p (predicted
 * positive) or 1 − p (negative), so the expected accuracy is their mean; the expected ROC curve
 * takes, at each score threshold, the expected true and false positives Σ p and Σ (1 − p) over
 * the rows at or above it, against the expected positives Σ p and negatives Σ (1 − p), and its
 * area is integrated by trapezoids.
 */
export function estimatedPerformance(
  scores: readonly number[],
  threshold: number,
  probabilities: readonly number[] = scores,
): { accuracy: number | null; rocAuc: number | null } {
  const n = scores.length;
  if (!n) return { accuracy: null, rocAuc: null };
  let right = 0;
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const p = probabilities[i]!;
    right += scores[i]! >= threshold ? p : 1 - p;
    positives += p;
  }
  const negatives = n - positives;
  if (positives <= 0 || negatives <= 0) return { accuracy: right / n, rocAuc: null };
  const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!);
  let tp = 0;
  let fp = 0;
  let area = 0;
  let prevTpr = 0;
  let prevFpr = 0;
  for (let i = 0; i < n;) {
    const score = scores[order[i]!]!;
    let j = i;
    while (j < n && scores[order[j]!] === score) {
      const p = probabilities[order[j]!]!;
      tp += p;
      fp += 1 - p;
      j++;
    }
    const tpr = tp / positives;
    const fpr = fp / negatives;
    area += ((fpr - prevFpr) * (tpr + prevTpr)) / 2;
    prevTpr = tpr;
    prevFpr = fpr;
    i = j;
  }
  return { accuracy: right / n, rocAuc: area };
}
