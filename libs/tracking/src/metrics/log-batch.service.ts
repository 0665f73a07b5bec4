import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DATABASE, type NowClock, type ProjectScope } from '@sextant/api';
import { type Database, Transactor } from '@sextant/db';
import { AppError } from '@sextant/errors';
import { RunsRepository } from '../runs/runs.repository';
import { runDeleted, runNotFound } from '../runs/runs.service';
import { decodeMetricValue } from './metric-value';
import { type MetricColumns, MetricsRepository } from './metrics.repository';
import type { LogBatchInput, LogBatchOutput } from './metrics.types';

/** (step, timestamp, value) order, NaN above every number as PostgreSQL sorts float8. */
function later(a: [number, number, number], b: [number, number, number]): boolean {
  for (let i = 0; i < 3; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    if (Number.isNaN(x)) return true;
    if (Number.isNaN(y)) return false;
    return x > y;
  }
  return false;
}

/**
 * What tells a retry from another batch under the same id: a sha256 over the request as given
 * (timestamps the client left out are not in it, so a retry matches). Numbers go in as their
 * float64 bytes, which is several times faster than hashing the JSON of 10,000 points.
 */
function digestOf(input: LogBatchInput): string {
  const n = input.metrics.length;
  const numbers = new Float64Array(n * 3);
  const keys: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const m = input.metrics[i]!;
    keys[i] = m.key;
    numbers[i * 3] = m.step ?? -0.5;
    numbers[i * 3 + 1] = m.timestamp ?? -0.5;
    numbers[i * 3 + 2] = decodeMetricValue(m.value);
  }
  return createHash('sha256')
    .update(keys.join('\n'))
    .update(new Uint8Array(numbers.buffer))
    .update(JSON.stringify([input.params, input.tags]))
    .digest('hex');
}

function sortedPairs(
  entries: readonly { key: string; value: string }[],
  field: 'params' | 'tags',
): { keys: string[]; values: string[] } {
  const byKey = new Map<string, string>();
  entries.forEach((e, i) => {
    const seen = byKey.get(e.key);
    if (field === 'params' && seen !== undefined && seen !== e.value) {
      throw new AppError('BAD_REQUEST', `Param "${e.key}" is given twice with different values`, {
        fields: [{ path: `params.${i}.key`, message: `"${e.key}" is given twice` }],
      });
    }
    byKey.set(e.key, e.value);
  });
  const keys = [...byKey.keys()].sort();
  return { keys, values: keys.map((k) => byKey.get(k)!) };
}

/**
 * `runs.logBatch`: metrics, params and tags of one run in one transaction — all or nothing,
 * idempotent by the client's batch id, bulk `unnest` inserts, and locks taken in one order
 * (batch id, params, tags, latest metrics; each by key) so concurrent writers cannot deadlock.
 */
@Injectable()
export class LogBatchService {
  private readonly tx: Transactor;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(CLOCK) private readonly clock: NowClock,
    private readonly metrics: MetricsRepository,
    private readonly runRows: RunsRepository,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  async logBatch(scope: ProjectScope, input: LogBatchInput): Promise<LogBatchOutput> {
    const params = sortedPairs(input.params, 'params');
    const tags = sortedPairs(input.tags, 'tags');
    const result: LogBatchOutput = {
      runId: input.runId,
      batchId: input.batchId,
      metrics: input.metrics.length,
      params: params.keys.length,
      tags: tags.keys.length,
    };
    const { points, latest } = this.columns(input);
    const digest = digestOf(input);

    const fresh = await this.tx.run(
      async (tx) => {
        const run = await this.runRows.lockShared(tx, scope.id, input.runId);
        if (!run) throw runNotFound(input.runId);
        // A retry of a batch that committed gets its first answer, even if the run was deleted since.
        if (!(await this.metrics.claimBatch(tx, input.runId, input.batchId, digest, result))) {
          return false;
        }
        if (run.deletedAt) throw runDeleted(input.runId);
        const conflicts = await this.metrics.writeParams(
          tx,
          input.runId,
          params.keys,
          params.values,
        );
        if (conflicts.length > 0) {
          const c = conflicts[0]!;
          throw new AppError(
            'CONFLICT',
            `Param "${c.key}" is already logged as ${JSON.stringify(c.stored)}; params are write-once (given ${JSON.stringify(c.given)})`,
            {
              fields: conflicts.map((x) => ({
                path: `params.${input.params.findIndex((p) => p.key === x.key)}.value`,
                message: `"${x.key}" is already ${JSON.stringify(x.stored)}`,
              })),
              details: { keys: conflicts.map((x) => x.key) },
            },
          );
        }
        await this.metrics.writeTags(tx, input.runId, tags.keys, tags.values);
        await this.metrics.insertMetrics(tx, input.runId, points);
        await this.metrics.raiseLatest(tx, input.runId, latest);
        return true;
      },
      { maxWait: 30_000, timeout: 60_000 },
    );
    if (fresh) return result;

    const first = await this.metrics.findBatch(input.runId, input.batchId);
    if (first && first.digest !== digest) {
      throw new AppError(
        'CONFLICT',
        `Batch id "${input.batchId}" was already used for a different batch on this run`,
        { fields: [{ path: 'batchId', message: 'already used for a different batch' }] },
      );
    }
    return (first?.result as LogBatchOutput | undefined) ?? result;
  }

  /** The batch as columns, and each key's latest point in it (sorted by key). */
  private columns(input: LogBatchInput): { points: MetricColumns; latest: MetricColumns } {
    const now = this.clock.now().getTime();
    const n = input.metrics.length;
    const points: MetricColumns = {
      keys: new Array<string>(n),
      steps: new Array<number>(n),
      timestamps: new Array<number>(n),
      values: new Array<number>(n),
    };
    const best = new Map<string, [number, number, number]>();
    for (let i = 0; i < n; i++) {
      const m = input.metrics[i]!;
      const p: [number, number, number] = [
        m.step ?? 0,
        m.timestamp ?? now,
        decodeMetricValue(m.value),
      ];
      points.keys[i] = m.key;
      points.steps[i] = p[0];
      points.timestamps[i] = p[1];
      points.values[i] = p[2];
      const seen = best.get(m.key);
      if (!seen || later(p, seen)) best.set(m.key, p);
    }
    const keys = [...best.keys()].sort();
    return {
      points,
      latest: {
        keys,
        steps: keys.map((k) => best.get(k)![0]),
        timestamps: keys.map((k) => best.get(k)![1]),
        values: keys.map((k) => best.get(k)![2]),
      },
    };
  }
}
