import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  type Caller,
  DATABASE,
  type NowClock,
  type ProjectScope,
  recordAudit,
} from '@sextant/api';
import { type Database, Transactor, type Tx } from '@sextant/db';
import { AppError } from '@sextant/errors';
import {
  type ExperimentRow,
  type ExperimentStats,
  ExperimentsRepository,
} from './experiments.repository';
import type {
  CreateExperimentInput,
  ExperimentSummary,
  UpdateExperimentInput,
} from './experiments.types';

function tagsOf(row: ExperimentRow): Record<string, string> {
  return (row.tags ?? {}) as Record<string, string>;
}

export function toExperimentSummary(
  row: ExperimentRow,
  stats?: ExperimentStats,
): ExperimentSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tags: tagsOf(row),
    archived: row.archivedAt !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    archivedAt: row.archivedAt?.toISOString() ?? null,
    runCount: stats?.runCount ?? 0,
    lastRunAt: stats?.lastRunAt?.toISOString() ?? null,
  };
}

function notFound(ref: string): AppError {
  return new AppError('NOT_FOUND', `Experiment "${ref}" not found`, {
    fields: [{ path: 'experiment', message: `no experiment "${ref}" in this project` }],
  });
}

/** Experiments: named groups of runs, unique by name within a project. */
@Injectable()
export class ExperimentsService {
  private readonly tx: Transactor;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(CLOCK) private readonly clock: NowClock,
    private readonly experiments: ExperimentsRepository,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  /** The experiment `ref` (name or id) of the project, or a 404 naming it. */
  async require(scope: ProjectScope, ref: string, tx?: Tx): Promise<ExperimentRow> {
    const row = await this.experiments.find(scope.id, ref, tx);
    if (!row) throw notFound(ref);
    return row;
  }

  async create(
    caller: Caller,
    scope: ProjectScope,
    input: CreateExperimentInput,
  ): Promise<ExperimentSummary> {
    return this.tx.run(async (tx) => {
      const row = await this.experiments.create(tx, {
        projectId: scope.id,
        name: input.name,
        description: input.description ?? null,
        tags: input.tags ?? {},
        createdBy: caller.userId,
        now: this.clock.now(),
      });
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: 'tracking.experiment-created',
        target: row.id,
        after: { name: row.name, description: row.description, tags: tagsOf(row) },
      });
      return toExperimentSummary(row);
    });
  }

  async get(scope: ProjectScope, ref: string): Promise<ExperimentSummary> {
    const row = await this.require(scope, ref);
    const stats = await this.experiments.stats([row.id]);
    return toExperimentSummary(row, stats.get(row.id));
  }

  async list(
    scope: ProjectScope,
    view: 'active' | 'archived' | 'all',
  ): Promise<ExperimentSummary[]> {
    const rows = await this.experiments.list(scope.id, view);
    const stats = await this.experiments.stats(rows.map((r) => r.id));
    return rows.map((r) => toExperimentSummary(r, stats.get(r.id)));
  }

  async update(
    caller: Caller,
    scope: ProjectScope,
    input: UpdateExperimentInput,
  ): Promise<ExperimentSummary> {
    return this.tx.run(async (tx) => {
      const before = await this.require(scope, input.experiment, tx);
      let tags: Record<string, string> | undefined;
      if (input.tags) {
        tags = { ...tagsOf(before) };
        for (const [k, v] of Object.entries(input.tags)) {
          if (v === null) delete tags[k];
          else tags[k] = v;
        }
      }
      const row = await this.experiments.update(tx, before.id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(tags ? { tags } : {}),
        updatedAt: this.clock.now(),
      });
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: 'tracking.experiment-updated',
        target: row.id,
        before: { name: before.name, description: before.description, tags: tagsOf(before) },
        after: { name: row.name, description: row.description, tags: tagsOf(row) },
      });
      return toExperimentSummary(row);
    });
  }

  /** Archives (hides) or restores an experiment; doing it twice is a no-op. */
  async setArchived(
    caller: Caller,
    scope: ProjectScope,
    ref: string,
    archived: boolean,
  ): Promise<ExperimentSummary> {
    return this.tx.run(async (tx) => {
      const before = await this.require(scope, ref, tx);
      if ((before.archivedAt !== null) === archived) return toExperimentSummary(before);
      const now = this.clock.now();
      const row = await this.experiments.update(tx, before.id, {
        archivedAt: archived ? now : null,
        updatedAt: now,
      });
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: archived ? 'tracking.experiment-archived' : 'tracking.experiment-restored',
        target: row.id,
        before: { archivedAt: before.archivedAt?.toISOString() ?? null },
        after: { archivedAt: row.archivedAt?.toISOString() ?? null },
      });
      return toExperimentSummary(row);
    });
  }
}
