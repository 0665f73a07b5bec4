import { accuracy, estimatedPerformance, logLoss, rocAuc } from './performance';

// Reference values computed with numpy 2.4.6 (python3) on the same inputs, independently of the
// code under test:
//   s = np.array([0.1,0.4,0.35,0.8,0.65,0.2,0.9,0.5,0.5,0.3]); y = np.array([0,0,1,1,1,0,1,0,1,0])
//   AUC by pairwise comparison: np.mean([(1 if a>b else .5 if a==b else 0) for a in s[y==1] for b in s[y==0]]) → 0.9
//   log loss: -np.mean(y*np.log(p)+(1-y)*np.log(1-p)) with p clipped to [1e-15, 1-1e-15] → 0.4391408103359818
//   CBPE expected accuracy: np.mean(np.where(s>=0.5, s, 1-s)) → 0.7000000000000001
//   CBPE expected ROC AUC: thresholds = np.unique(s)[::-1]; tpr = [0]+[s[s>=t].sum()/s.sum() …];
//     fpr = [0]+[(1-s[s>=t]).sum()/(1-s).sum() …]; np.trapezoid(tpr, fpr) → 0.7749899638699318
describe('performance of a binary classifier’s scores', () => {
  const s = [0.1, 0.4, 0.35, 0.8, 0.65, 0.2, 0.9, 0.5, 0.5, 0.3];
  const y = [0, 0, 1, 1, 1, 0, 1, 0, 1, 0];

  it('realised: ROC AUC (ties count half), log loss, accuracy at a threshold', () => {
    expect(rocAuc(s, y)).toBeCloseTo(0.9, 12);
    expect(logLoss(s, y)).toBeCloseTo(0.4391408103359818, 12);
    expect(accuracy(s, y, 0.5)).toBe(0.8);
    expect(rocAuc([0.2, 0.3], [1, 1])).toBeNull();
  });

  it('estimated before labels (CBPE on calibrated scores)', () => {
    const e = estimatedPerformance(s, 0.5);
    expect(e.accuracy).toBeCloseTo(0.7000000000000001, 12);
    expect(e.rocAuc).toBeCloseTo(0.7749899638699318, 12);
  });

  it('estimates agree with the realised figures when labels follow the scores', () => {
    // Labels drawn as Bernoulli(score): the estimate is unbiased for calibrated scores.
    let a = 12345;
    const u = () => (a = (Math.imul(a, 1103515245) + 12345) >>> 0) / 4294967296;
    const scores = Array.from({ length: 20_000 }, () => u());
    const labels = scores.map((p) => (u() < p ? 1 : 0));
    const e = estimatedPerformance(scores, 0.5);
    expect(Math.abs(e.accuracy! - accuracy(scores, labels, 0.5)!)).toBeLessThan(0.01);
    expect(Math.abs(e.rocAuc! - rocAuc(scores, labels)!)).toBeLessThan(0.01);
  });
});
