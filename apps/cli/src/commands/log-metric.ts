import { randomUUID } from 'node:crypto';
import { metricPoint, withRetry } from '@sextant/client/training';
import type { CliContext } from '../cli-context';
import { CliError } from '../output';
import { type CommandArgs, parseInteger, parseMetricValue, stringValue } from '../tracking/args';
import { openSession } from '../tracking/context';
import { formatMetric, shortId } from '../tracking/format';
import { resolveRunId } from '../tracking/run-ref';

/**
 * `sextant log-metric <runId> <key> <value> [--step N] [--timestamp MS]`: logs one point (the
 * value may be NaN, Infinity or -Infinity; the timestamp defaults to now). Sent as one
 * `runs.logBatch` with its own batch id, retried with that id if the connection drops.
 */
export async function logMetricCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  const [ref, key, text] = args.positionals as [string, string, string];
  const value = parseMetricValue(text);
  const step = parseInteger('step', stringValue(args, 'step'), {
    min: Number.MIN_SAFE_INTEGER,
    max: Number.MAX_SAFE_INTEGER,
  });
  const timestamp =
    parseInteger('timestamp', stringValue(args, 'timestamp'), {
      min: 0,
      max: Number.MAX_SAFE_INTEGER,
    }) ?? Date.now();
  let point;
  try {
    point = metricPoint(key, value, { step, timestamp });
  } catch (error) {
    throw new CliError((error as Error).message, 'USAGE', 2);
  }
  const session = await openSession(ctx, args);
  const runId = await resolveRunId(session, ref);
  const batchId = randomUUID();
  await session.call((client) =>
    withRetry(() =>
      client.tracking.runs.logBatch.mutate({
        project: session.project,
        runId,
        batchId,
        metrics: [point],
      }),
    ),
  );
  const result = { runId, key, value: point.value, step: point.step ?? 0, timestamp };
  ctx.out.result(result, [
    `logged ${key} = ${formatMetric(point.value)} at step ${result.step} to run ${shortId(runId)}`,
  ]);
}
