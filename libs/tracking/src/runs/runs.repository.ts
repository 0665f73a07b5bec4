import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@sextant/api';
import { type Database, Prisma, type Tx } from '@sextant/db';
import type { RunStatus } from './runs.types';

export interface RunRow {
  id: string;
  projectId: string;
  experimentId: string;
  name: string;
  status: RunStatus;
  startTime: Date;
  endTime: Date | null;
  gitCommit: string | null;
  gitRepository: string | null;
  gitBranch: string | null;
  gitDirty: boolean | null;
  createdBy: string | null;
  deletedAt: Date | null;
}

export interface LatestMetricRow {
  runId: string;
  key: string;
  value: number;
  step: bigint;
  timestamp: bigint;
}
export interface KeyValueRow {
  runId: string;
  key: string;
  value: string;
}
export interface RunInputRow {
  runId: string;
  datasetVersionId: string;
  role: 'training' | 'validation' | 'test' | 'other';
  dataset: { name: string; version: number; sha256: string };
}

/** What a run's summary shows beside the run row. */
export interface RunAttachments {
  latest: LatestMetricRow[];
  params: KeyValueRow[];
  tags: KeyValueRow[];
}

const RUN_COLUMNS = Prisma.sql`r.id, r.project_id AS "projectId", r.experiment_id AS "experimentId",
  r.name, r.status::text AS status, r.start_time AS "startTime", r.end_time AS "endTime",
  r.git_commit AS "gitCommit", r.git_repository AS "gitRepository", r.git_branch AS "gitBranch",
  r.git_dirty AS "gitDirty", r.created_by AS "createdBy", r.deleted_at AS "deletedAt"`;

/** tracking.runs, with their params, tags and latest metrics (read side). */
@Injectable()
export class RunsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  find(projectId: string, runId: string, tx: Tx = this.db.prisma): Promise<RunRow | null> {
    return tx.run.findFirst({ where: { id: runId, projectId } }) as Promise<RunRow | null>;
  }

  findMany(projectId: string, runIds: readonly string[]): Promise<RunRow[]> {
    return this.db.prisma.run.findMany({
      where: { id: { in: [...runIds] }, projectId },
    }) as Promise<RunRow[]>;
  }

  /** The slug of the project a run belongs to (REST routes find their project this way). */
  async projectSlugOf(runId: string): Promise<string | null> {
    const rows = await this.db.prisma.$queryRaw<{ slug: string }[]>`
      SELECT p.slug FROM tracking.runs r JOIN platform.projects p ON p.id = r.project_id
      WHERE r.id = ${runId}::uuid`;
    return rows[0]?.slug ?? null;
  }

  create(
    tx: Tx,
    data: Omit<RunRow, 'id' | 'status' | 'endTime' | 'deletedAt'> & { id: string },
  ): Promise<RunRow> {
    return tx.run.create({ data }) as Promise<RunRow>;
  }

  update(
    tx: Tx,
    id: string,
    data: Partial<Pick<RunRow, 'name' | 'status' | 'endTime' | 'deletedAt'>>,
  ): Promise<RunRow> {
    return tx.run.update({ where: { id }, data }) as Promise<RunRow>;
  }

  /**
   * Holds the run's row against a delete or status change until the transaction ends; writers of
   * metrics, artifacts and inputs share this lock, so they never block each other.
   */
  async lockShared(
    tx: Tx,
    projectId: string,
    runId: string,
  ): Promise<{ id: string; deletedAt: Date | null } | null> {
    const rows = await tx.$queryRaw<{ id: string; deletedAt: Date | null }[]>`
      SELECT r.id, r.deleted_at AS "deletedAt" FROM tracking.runs r
      WHERE r.id = ${runId}::uuid AND r.project_id = ${projectId}::uuid FOR SHARE`;
    return rows[0] ?? null;
  }

  /** Locks the run's row for an update of its status (concurrent writers of metrics are not blocked). */
  async lockForUpdate(tx: Tx, projectId: string, runId: string): Promise<RunRow | null> {
    const rows = await tx.$queryRaw<RunRow[]>`
      SELECT ${RUN_COLUMNS} FROM tracking.runs r
      WHERE r.id = ${runId}::uuid AND r.project_id = ${projectId}::uuid FOR NO KEY UPDATE`;
    return rows[0] ?? null;
  }

  async addTags(tx: Tx, runId: string, tags: Record<string, string>): Promise<void> {
    const keys = Object.keys(tags).sort();
    if (keys.length === 0) return;
    await tx.$executeRaw`
      INSERT INTO tracking.run_tags (run_id, key, value)
      SELECT ${runId}::uuid, k, v FROM unnest(${keys}::text[], ${keys.map((k) => tags[k]!)}::text[]) AS t(k, v)
      ORDER BY k
      ON CONFLICT (run_id, key) DO UPDATE SET value = EXCLUDED.value`;
  }

  async attachments(runIds: readonly string[]): Promise<RunAttachments> {
    const ids = [...runIds];
    if (ids.length === 0) return { latest: [], params: [], tags: [] };
    const [latest, params, tags] = await Promise.all([
      this.db.prisma.latestMetric.findMany({
        where: { runId: { in: ids } },
        orderBy: { key: 'asc' },
      }),
      this.db.prisma.runParam.findMany({ where: { runId: { in: ids } }, orderBy: { key: 'asc' } }),
      this.db.prisma.runTag.findMany({ where: { runId: { in: ids } }, orderBy: { key: 'asc' } }),
    ]);
    return { latest, params, tags };
  }

  inputs(runId: string): Promise<RunInputRow[]> {
    return this.db.prisma.runInput.findMany({
      where: { runId },
      include: { dataset: { select: { name: true, version: true, sha256: true } } },
      orderBy: { createdAt: 'asc' },
    });
  }

  /**
   * One page of a search: `where` and `orderBy` are compiled from the filter language (bound
   * parameters only). `total` counts every match.
   */
  async search(query: {
    projectId: string;
    experimentIds: readonly string[] | null;
    view: 'active' | 'deleted' | 'all';
    where: Prisma.Sql;
    order: { joins: Prisma.Sql; orderBy: Prisma.Sql };
    limit: number;
    offset: number;
  }): Promise<{ rows: RunRow[]; total: number }> {
    const view =
      query.view === 'active'
        ? Prisma.sql`AND r.deleted_at IS NULL`
        : query.view === 'deleted'
          ? Prisma.sql`AND r.deleted_at IS NOT NULL`
          : Prisma.empty;
    const experiments = query.experimentIds
      ? Prisma.sql`AND r.experiment_id = ANY(${[...query.experimentIds]}::uuid[])`
      : Prisma.empty;
    const rows = await this.db.prisma.$queryRaw<(RunRow & { total: bigint })[]>`
      SELECT ${RUN_COLUMNS}, count(*) OVER () AS total
      FROM tracking.runs r ${query.order.joins}
      WHERE r.project_id = ${query.projectId}::uuid ${view} ${experiments} AND (${query.where})
      ORDER BY ${query.order.orderBy}
      LIMIT ${query.limit} OFFSET ${query.offset}`;
    let total = Number(rows[0]?.total ?? 0);
    if (rows.length === 0 && query.offset > 0) {
      const counted = await this.db.prisma.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM tracking.runs r
        WHERE r.project_id = ${query.projectId}::uuid ${view} ${experiments} AND (${query.where})`;
      total = Number(counted[0]?.n ?? 0);
    }
    return { rows: rows.map(({ total: _t, ...r }) => r), total };
  }
}
