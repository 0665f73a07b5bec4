import type { CliContext } from '../cli-context';
import { CliError } from '../output';
import { type CommandArgs, parseInteger, stringList, stringValue } from '../tracking/args';
import { openSession } from '../tracking/context';
import { formatMetric, table } from '../tracking/format';
import { parseMetricThresholds } from '../tracking/thresholds';

/** The exit code of a gate that ran and failed (1 is kept for "could not ask"). */
export const GATE_FAILED_EXIT = 3;

const mark = (passed: boolean | undefined) =>
  passed === undefined ? '' : passed ? 'pass' : 'FAIL';

/**
 * `sextant gate <model> <candidateVersion> --baseline champion --metric cv_accuracy,min_abs=0
 * [--metric loss,lower,threshold=0.5]... [--promote] [--reason R]`: evaluates the promotion gate
 * (MLflow MetricThreshold semantics), prints the decision table, and exits 3 when the gate fails
 * — for CI jobs. With --promote a passing candidate becomes the baseline alias.
 */
export async function gateCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  const [model, text] = args.positionals as [string, string];
  const candidate = parseInteger('candidate', text.replace(/^v/i, ''), {
    min: 1,
    max: 2_147_483_647,
  })!;
  const baselineAlias = stringValue(args, 'baseline') ?? 'champion';
  const thresholds = parseMetricThresholds(stringList(args, 'metric'));
  if (!Object.keys(thresholds).length) {
    throw new CliError(
      'give at least one --metric (e.g. --metric cv_accuracy,min_abs=0)',
      'USAGE',
      2,
    );
  }
  const reason = stringValue(args, 'reason');
  const session = await openSession(ctx, args);
  const decision = await session.call((c) =>
    c.tracking.gates.evaluate.mutate({
      project: session.project,
      model,
      candidate,
      baselineAlias,
      thresholds,
      promote: args.values['promote'] === true,
      ...(reason !== undefined ? { reason } : {}),
    }),
  );
  const baseline =
    decision.baselineVersion === null
      ? `${baselineAlias} (not set)`
      : `${baselineAlias} = v${decision.baselineVersion}`;
  ctx.out.result(decision, [
    `gate ${model}: candidate v${candidate} vs ${baseline}`,
    '',
    ...table(
      ['METRIC', 'CANDIDATE', 'BASELINE', 'THRESHOLD', 'MIN ABS', 'MIN REL', 'RESULT'],
      decision.checks.map((c) => [
        `${c.metric} (${c.threshold.greaterIsBetter ? 'higher' : 'lower'} is better)`,
        c.missingCandidate ? 'missing' : formatMetric(c.candidateValue),
        c.missingBaseline ? 'missing' : formatMetric(c.baselineValue),
        c.threshold.threshold === undefined
          ? ''
          : `${formatMetric(c.threshold.threshold)} ${mark(c.thresholdPassed)}`,
        c.threshold.minAbsoluteChange === undefined
          ? ''
          : `${formatMetric(c.threshold.minAbsoluteChange)} ${mark(c.minAbsoluteChangePassed)}`,
        c.threshold.minRelativeChange === undefined
          ? ''
          : `${formatMetric(c.threshold.minRelativeChange)} ${mark(c.minRelativeChangePassed)}`,
        c.passed ? 'passed' : 'FAILED',
      ]),
    ),
    '',
    ...decision.checks.filter((c) => !c.passed).map((c) => c.message),
    decision.passed
      ? `PASSED${decision.promotedTo ? `: ${model}@${decision.promotedTo} → v${candidate}` : ''} (decision ${decision.id})`
      : `FAILED: nothing was promoted (decision ${decision.id})`,
  ]);
  if (!decision.passed) process.exitCode = GATE_FAILED_EXIT;
}
