import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  type Caller,
  DATABASE,
  type NowClock,
  type ProjectScope,
  recordAudit,
} from '@sextant/api';
import { enqueueEvent } from '@sextant/bus';
import { type Database, Transactor, type Tx } from '@sextant/db';
import { AppError } from '@sextant/errors';
import { toDate } from '../common.types';
import { runFinished } from '../events';
import { ExperimentsService } from '../experiments/experiments.service';
import { encodeMetricValue } from '../metrics/metric-value';
import { toRunSummaries } from './run-view';
import { type RunRow, RunsRepository } from './runs.repository';
import type {
  CompareRunsOutput,
  CreateRunInput,
  RunDetail,
  RunSummary,
  SearchRunsInput,
  SearchRunsOutput,
  UpdateRunInput,
} from './runs.types';
import { compileFilter, compileOrderBy, parseFilter, parseOrderBy } from './search';
import { decodeCursor, encodeCursor, queryDigest } from './search-cursor';

export function runNotFound(runId: string): AppError {
  return new AppError('NOT_FOUND', `Run ${runId} not found`, {
    fields: [{ path: 'runId', message: `no run ${runId} in this project` }],
  });
}

export function runDeleted(runId: string): AppError {
  return new AppError('CONFLICT', `Run ${runId} is deleted; restore it first`, {
    fields: [{ path: 'runId', message: 'the run is deleted' }],
  });
}

const TERMINAL = new Set(['finished', 'failed', 'killed']);

/** Runs: their lifecycle, search and comparison. */
@Injectable()
export class RunsService {
  private readonly tx: Transactor;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(CLOCK) private readonly clock: NowClock,
    private readonly runs: RunsRepository,
    private readonly experiments: ExperimentsService,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  /** The run, if it is in the project (deleted or not), else a 404 naming it. */
  async require(scope: ProjectScope, runId: string, tx?: Tx): Promise<RunRow> {
    const run = await this.runs.find(scope.id, runId, tx);
    if (!run) throw runNotFound(runId);
    return run;
  }

  /**
   * Inside a write's transaction: the run must be in the project and not deleted (MLflow: only
   * active runs take new data), and stays so until the transaction ends (a shared row lock).
   */
  async lockActive(tx: Tx, scope: ProjectScope, runId: string): Promise<void> {
    const run = await this.runs.lockShared(tx, scope.id, runId);
    if (!run) throw runNotFound(runId);
    if (run.deletedAt) throw runDeleted(runId);
  }

  async create(caller: Caller, scope: ProjectScope, input: CreateRunInput): Promise<RunDetail> {
    const experiment = await this.experiments.require(scope, input.experiment);
    if (experiment.archivedAt) {
      throw new AppError('CONFLICT', `Experiment "${experiment.name}" is archived`, {
        fields: [{ path: 'experiment', message: 'the experiment is archived; restore it first' }],
      });
    }
    const id = randomUUID();
    const run = await this.tx.run(async (tx) => {
      const row = await this.runs.create(tx, {
        id,
        projectId: scope.id,
        experimentId: experiment.id,
        name: input.name ?? `run-${id.slice(0, 8)}`,
        startTime: input.startTime === undefined ? this.clock.now() : toDate(input.startTime),
        gitCommit: input.code?.commit ?? null,
        gitRepository: input.code?.repository ?? null,
        gitBranch: input.code?.branch ?? null,
        gitDirty: input.code?.dirty ?? null,
        createdBy: caller.userId,
      });
      await this.runs.addTags(tx, id, input.tags ?? {});
      return row;
    });
    return this.detail(run, experiment.name);
  }

  async get(scope: ProjectScope, runId: string): Promise<RunDetail> {
    const run = await this.require(scope, runId);
    const experiment = await this.experiments.require(scope, run.experimentId);
    return this.detail(run, experiment.name);
  }

  private async detail(run: RunRow, experimentName: string): Promise<RunDetail> {
    const [att, inputs] = await Promise.all([
      this.runs.attachments([run.id]),
      this.runs.inputs(run.id),
    ]);
    const [summary] = toRunSummaries([run], att);
    return {
      ...summary!,
      experimentName,
      latestMetrics: att.latest.map((m) => ({
        key: m.key,
        value: encodeMetricValue(m.value),
        step: Number(m.step),
        timestamp: Number(m.timestamp),
      })),
      inputs: inputs.map((i) => ({
        datasetVersionId: i.datasetVersionId,
        name: i.dataset.name,
        version: i.dataset.version,
        sha256: i.dataset.sha256,
        role: i.role,
      })),
    };
  }

  /**
   * Changes a run's name, status or end time. The first move to a terminal status stamps the
   * end time (now, unless given) and publishes `tracking.run-finished`.
   */
  async update(scope: ProjectScope, input: UpdateRunInput): Promise<RunDetail> {
    const run = await this.tx.run(async (tx) => {
      const before = await this.runs.lockForUpdate(tx, scope.id, input.runId);
      if (!before) throw runNotFound(input.runId);
      if (before.deletedAt) throw runDeleted(input.runId);
      const finishing =
        input.status !== undefined && TERMINAL.has(input.status) && !TERMINAL.has(before.status);
      const endTime =
        input.endTime !== undefined
          ? toDate(input.endTime)
          : finishing
            ? this.clock.now()
            : input.status === 'running'
              ? null
              : undefined;
      const after = await this.runs.update(tx, before.id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(endTime !== undefined ? { endTime } : {}),
      });
      if (finishing) {
        await enqueueEvent(tx, runFinished, {
          runId: after.id,
          experimentId: after.experimentId,
          project: scope.slug,
          status: after.status as 'finished' | 'failed' | 'killed',
          endTime: (after.endTime ?? this.clock.now()).toISOString(),
        });
      }
      return after;
    });
    const experiment = await this.experiments.require(scope, run.experimentId);
    return this.detail(run, experiment.name);
  }

  /** Soft-deletes (MLflow's lifecycle stage `deleted`) or restores a run; twice is a no-op. */
  async setDeleted(
    caller: Caller,
    scope: ProjectScope,
    runId: string,
    deleted: boolean,
  ): Promise<RunSummary> {
    const run = await this.tx.run(async (tx) => {
      const before = await this.runs.lockForUpdate(tx, scope.id, runId);
      if (!before) throw runNotFound(runId);
      if ((before.deletedAt !== null) === deleted) return before;
      const after = await this.runs.update(tx, runId, {
        deletedAt: deleted ? this.clock.now() : null,
      });
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: deleted ? 'tracking.run-deleted' : 'tracking.run-restored',
        target: runId,
        before: { name: before.name, deletedAt: before.deletedAt?.toISOString() ?? null },
        after: { name: after.name, deletedAt: after.deletedAt?.toISOString() ?? null },
      });
      return after;
    });
    const [summary] = toRunSummaries([run], await this.runs.attachments([run.id]));
    return summary!;
  }

  async search(scope: ProjectScope, input: SearchRunsInput): Promise<SearchRunsOutput> {
    const where = compileFilter(parseFilter(input.filter));
    const order = compileOrderBy(parseOrderBy(input.orderBy));
    let experimentIds: string[] | null = null;
    if (input.experiments) {
      experimentIds = [];
      for (const ref of input.experiments) {
        experimentIds.push((await this.experiments.require(scope, ref)).id);
      }
    }
    const digest = queryDigest([
      experimentIds,
      input.filter ?? '',
      input.orderBy ?? [],
      input.view,
    ]);
    const offset = decodeCursor(input.cursor, digest);
    const { rows, total } = await this.runs.search({
      projectId: scope.id,
      experimentIds,
      view: input.view,
      where,
      order,
      limit: input.limit,
      offset,
    });
    const runs = toRunSummaries(rows, await this.runs.attachments(rows.map((r) => r.id)));
    const next = offset + rows.length;
    return {
      runs,
      total,
      nextCursor: rows.length === input.limit && next < total ? encodeCursor(next, digest) : null,
    };
  }

  /** Up to 10 runs side by side: their params (with which differ) and latest metrics. */
  async compare(scope: ProjectScope, runIds: readonly string[]): Promise<CompareRunsOutput> {
    const unique = [...new Set(runIds)];
    const rows = await this.runs.findMany(scope.id, unique);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = unique.find((id) => !byId.has(id));
    if (missing) throw runNotFound(missing);
    const ordered = unique.map((id) => byId.get(id)!);
    const runs = toRunSummaries(ordered, await this.runs.attachments(unique));
    const paramKeys = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
    const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
    return {
      runs,
      params: paramKeys.map((key) => {
        const values = runs.map((r) => r.params[key] ?? null);
        return { key, values, differs: new Set(values).size > 1 };
      }),
      metrics: metricKeys.map((key) => ({ key, values: runs.map((r) => r.metrics[key] ?? null) })),
    };
  }
}
