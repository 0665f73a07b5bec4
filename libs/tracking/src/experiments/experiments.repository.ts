import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@sextant/api';
import type { Database, Prisma, Tx } from '@sextant/db';

export interface ExperimentRow {
  id: string;
  projectId: string;
  name: string;
  description: string | null;
  tags: Prisma.JsonValue;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
}
export interface ExperimentStats {
  runCount: number;
  lastRunAt: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** tracking.experiments. */
@Injectable()
export class ExperimentsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** By id when `ref` is one of the project's ids, else by name — within the project. */
  async find(
    projectId: string,
    ref: string,
    tx: Tx = this.db.prisma,
  ): Promise<ExperimentRow | null> {
    const byId = UUID.test(ref)
      ? await tx.experiment.findFirst({ where: { projectId, id: ref } })
      : null;
    return byId ?? tx.experiment.findFirst({ where: { projectId, name: ref } });
  }

  list(projectId: string, view: 'active' | 'archived' | 'all'): Promise<ExperimentRow[]> {
    return this.db.prisma.experiment.findMany({
      where: {
        projectId,
        ...(view === 'active' ? { archivedAt: null } : {}),
        ...(view === 'archived' ? { archivedAt: { not: null } } : {}),
      },
      orderBy: { createdAt: 'desc' },
    });
  }

  async stats(ids: readonly string[]): Promise<Map<string, ExperimentStats>> {
    const rows = await this.db.prisma.run.groupBy({
      by: ['experimentId'],
      where: { experimentId: { in: [...ids] }, deletedAt: null },
      _count: { _all: true },
      _max: { startTime: true },
    });
    return new Map(
      rows.map((r) => [
        r.experimentId,
        { runCount: r._count._all, lastRunAt: r._max.startTime ?? null },
      ]),
    );
  }

  create(
    tx: Tx,
    data: {
      projectId: string;
      name: string;
      description: string | null;
      tags: Record<string, string>;
      createdBy: string;
      now: Date;
    },
  ): Promise<ExperimentRow> {
    return tx.experiment.create({
      data: {
        projectId: data.projectId,
        name: data.name,
        description: data.description,
        tags: data.tags,
        createdBy: data.createdBy,
        createdAt: data.now,
        updatedAt: data.now,
      },
    });
  }

  update(
    tx: Tx,
    id: string,
    data: {
      name?: string;
      description?: string | null;
      tags?: Record<string, string>;
      archivedAt?: Date | null;
      updatedAt: Date;
    },
  ): Promise<ExperimentRow> {
    return tx.experiment.update({ where: { id }, data });
  }
}
