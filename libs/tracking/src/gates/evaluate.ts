import type { MetricCheck, MetricThreshold } from './gates.types';

/** MLflow's fallback when the baseline is 0 and a relative change is asked for. */
const ZERO_BASELINE_EPSILON = 1e-10;

/**
 * Checks one metric with MLflow's `MetricThreshold` semantics (mlflow/models/evaluation/
 * validation.py and `_validate` in mlflow/models/evaluation/base.py, read at MLflow 2.x/3.x):
 * every comparison is inclusive (`>=` when greater is better, `<=` otherwise); the absolute
 * change compares with `baseline ± change`; the relative change is `(candidate − baseline) /
 * baseline` (mirrored when lower is better) and fails below `minRelativeChange`; a baseline of 0
 * falls back to "better than the baseline by 1e-10". A metric the candidate lacks fails; a change
 * check whose baseline value is missing fails (MLflow's `missing_baseline`). Non-finite values
 * (NaN, ±Infinity) fail every check they take part in.
 */
export function checkMetric(
  metric: string,
  threshold: MetricThreshold,
  candidate: number | undefined,
  baseline: number | undefined,
): MetricCheck {
  const higher = threshold.greaterIsBetter;
  const atLeast = (a: number, b: number) => (higher ? a >= b : a <= b);
  const shift = (b: number, d: number) => (higher ? b + d : b - d);
  const check: MetricCheck = {
    metric,
    candidateValue: candidate !== undefined && Number.isFinite(candidate) ? candidate : null,
    baselineValue: baseline !== undefined && Number.isFinite(baseline) ? baseline : null,
    threshold,
    missingCandidate: candidate === undefined,
    missingBaseline: false,
    passed: false,
    message: '',
  };
  if (candidate === undefined) {
    check.message = `Metric validation failed: metric ${metric} was missing from the candidate's run.`;
    return check;
  }
  const failures: string[] = [];
  if (!Number.isFinite(candidate)) {
    failures.push(`candidate ${metric} = ${candidate} is not a finite number`);
  }
  if (threshold.threshold !== undefined) {
    check.thresholdPassed = Number.isFinite(candidate) && atLeast(candidate, threshold.threshold);
    if (!check.thresholdPassed) {
      failures.push(
        `value threshold check failed: candidate ${metric} = ${candidate}, threshold = ${threshold.threshold}`,
      );
    }
  }
  const wantsChange =
    threshold.minAbsoluteChange !== undefined || threshold.minRelativeChange !== undefined;
  if (wantsChange && baseline === undefined) {
    check.missingBaseline = true;
    failures.push(`model comparison failed: metric ${metric} was missing from the baseline's run`);
  } else if (wantsChange && baseline !== undefined) {
    const comparable = Number.isFinite(candidate) && Number.isFinite(baseline);
    if (!Number.isFinite(baseline)) {
      failures.push(`baseline ${metric} = ${baseline} is not a finite number`);
    }
    if (threshold.minAbsoluteChange !== undefined) {
      check.minAbsoluteChangePassed =
        comparable && atLeast(candidate, shift(baseline, threshold.minAbsoluteChange));
      if (!check.minAbsoluteChangePassed) {
        failures.push(
          `minimum absolute change check failed: candidate ${metric} = ${candidate}, baseline ${metric} = ${baseline}, minimum absolute change = ${threshold.minAbsoluteChange}`,
        );
      }
    }
    if (threshold.minRelativeChange !== undefined) {
      let passed: boolean;
      if (!comparable) passed = false;
      else if (baseline === 0) passed = atLeast(candidate, shift(baseline, ZERO_BASELINE_EPSILON));
      else {
        const change = higher
          ? (candidate - baseline) / baseline
          : (baseline - candidate) / baseline;
        passed = !(change < threshold.minRelativeChange);
      }
      check.minRelativeChangePassed = passed;
      if (!passed) {
        failures.push(
          `minimum relative change check failed: candidate ${metric} = ${candidate}, baseline ${metric} = ${baseline}, minimum relative change = ${threshold.minRelativeChange}`,
        );
      }
    }
  }
  check.passed = failures.length === 0;
  check.message = check.passed
    ? `Metric ${metric} passed the validation.`
    : `Metric ${metric} ${failures.join('; ')}.`;
  return check;
}

/** Every metric's check, in the order the thresholds were given; the gate passes when all do. */
export function evaluateThresholds(
  thresholds: Readonly<Record<string, MetricThreshold>>,
  candidate: ReadonlyMap<string, number>,
  baseline: ReadonlyMap<string, number> | null,
): { checks: MetricCheck[]; passed: boolean } {
  const checks = Object.entries(thresholds).map(([metric, t]) =>
    checkMetric(metric, t, candidate.get(metric), baseline?.get(metric)),
  );
  return { checks, passed: checks.every((c) => c.passed) };
}
