import { checkMetric, evaluateThresholds } from './evaluate';

// Expected outcomes follow MLflow's `_validate` (mlflow/models/evaluation/base.py) and the cases
// of its test suite (tests/models/test_model_validation.py fixtures such as
// "single_metric_not_satisfied_higher_better": accuracy 0.79 vs baseline 0.7 with
// min_absolute_change 0.1 fails, because 0.79 < 0.7 + 0.1).
describe('promotion gate checks (MLflow MetricThreshold semantics)', () => {
  const higher = (t: object) => ({ greaterIsBetter: true, ...t });
  const lower = (t: object) => ({ greaterIsBetter: false, ...t });

  it('value threshold: inclusive, mirrored when lower is better', () => {
    expect(checkMetric('acc', higher({ threshold: 0.8 }), 0.8, undefined).passed).toBe(true);
    expect(checkMetric('acc', higher({ threshold: 0.8 }), 0.79, undefined).passed).toBe(false);
    expect(checkMetric('loss', lower({ threshold: 0.3 }), 0.3, undefined).passed).toBe(true);
    expect(checkMetric('loss', lower({ threshold: 0.3 }), 0.31, undefined).passed).toBe(false);
  });

  it('absolute change against the baseline (MLflow fixture: 0.79 vs 0.7 + 0.1 fails)', () => {
    const failed = checkMetric('accuracy', higher({ minAbsoluteChange: 0.1 }), 0.79, 0.7);
    expect(failed).toMatchObject({ passed: false, minAbsoluteChangePassed: false });
    expect(failed.message).toContain('minimum absolute change check failed');
    expect(checkMetric('accuracy', higher({ minAbsoluteChange: 0.1 }), 0.81, 0.7).passed).toBe(
      true,
    );
    // 0.0: at least as good as the baseline — equal passes, worse fails.
    expect(checkMetric('cv', higher({ minAbsoluteChange: 0 }), 0.9, 0.9).passed).toBe(true);
    expect(checkMetric('cv', higher({ minAbsoluteChange: 0 }), 0.89, 0.9).passed).toBe(false);
    // lower is better: candidate <= baseline - change.
    expect(checkMetric('loss', lower({ minAbsoluteChange: 0.1 }), 0.5, 0.6).passed).toBe(true);
    expect(checkMetric('loss', lower({ minAbsoluteChange: 0.1 }), 0.51, 0.6).passed).toBe(false);
  });

  it('relative change, and the zero-baseline fallback', () => {
    // (0.625 - 0.5) / 0.5 = 0.25 exactly ≥ 0.25 passes; 0.62 fails.
    expect(checkMetric('acc', higher({ minRelativeChange: 0.25 }), 0.625, 0.5).passed).toBe(true);
    expect(checkMetric('acc', higher({ minRelativeChange: 0.25 }), 0.62, 0.5).passed).toBe(false);
    // Binary floating point, as in MLflow: python3 -c "print((0.88-0.8)/0.8)" → 0.09999999999999995,
    // so 0.88 vs 0.8 fails a 0.1 relative change there too.
    expect(checkMetric('acc', higher({ minRelativeChange: 0.1 }), 0.88, 0.8).passed).toBe(false);
    // lower is better: (0.5 - 0.375) / 0.5 = 0.25 ≥ 0.25.
    expect(checkMetric('loss', lower({ minRelativeChange: 0.25 }), 0.375, 0.5).passed).toBe(true);
    expect(checkMetric('loss', lower({ minRelativeChange: 0.25 }), 0.38, 0.5).passed).toBe(false);
    // baseline 0: better than 0 by 1e-10.
    expect(checkMetric('r2', higher({ minRelativeChange: 0.5 }), 1e-9, 0).passed).toBe(true);
    expect(checkMetric('r2', higher({ minRelativeChange: 0.5 }), 0, 0).passed).toBe(false);
  });

  it('missing values fail: the candidate lacks the metric, or the baseline does for a change check', () => {
    const noCandidate = checkMetric('acc', higher({ threshold: 0.5 }), undefined, 0.9);
    expect(noCandidate).toMatchObject({ passed: false, missingCandidate: true });
    const noBaseline = checkMetric('acc', higher({ minAbsoluteChange: 0 }), 0.9, undefined);
    expect(noBaseline).toMatchObject({ passed: false, missingBaseline: true });
    // A value threshold alone needs no baseline.
    expect(checkMetric('acc', higher({ threshold: 0.5 }), 0.9, undefined).passed).toBe(true);
  });

  it('non-finite values fail every check they take part in', () => {
    expect(checkMetric('acc', higher({ threshold: 0.5 }), NaN, undefined).passed).toBe(false);
    expect(checkMetric('acc', higher({ minAbsoluteChange: 0 }), 0.9, NaN).passed).toBe(false);
    expect(checkMetric('acc', higher({ threshold: 0.5 }), Infinity, undefined).candidateValue).toBe(
      null,
    );
  });

  it('the gate passes only when every metric does; checks keep the thresholds order', () => {
    const thresholds = {
      acc: higher({ minAbsoluteChange: 0 }),
      loss: lower({ threshold: 0.5 }),
    };
    const ok = evaluateThresholds(
      thresholds,
      new Map([
        ['acc', 0.95],
        ['loss', 0.4],
      ]),
      new Map([['acc', 0.9]]),
    );
    expect(ok.passed).toBe(true);
    expect(ok.checks.map((c) => c.metric)).toEqual(['acc', 'loss']);
    const bad = evaluateThresholds(
      thresholds,
      new Map([
        ['acc', 0.95],
        ['loss', 0.6],
      ]),
      new Map([['acc', 0.9]]),
    );
    expect(bad.passed).toBe(false);
    expect(bad.checks.map((c) => c.passed)).toEqual([true, false]);
  });
});
