import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@sextant/api';
import type { Database, Prisma, Tx } from '@sextant/db';

export interface ModelRow {
  id: string;
  projectId: string;
  name: string;
  description: string | null;
  tags: Prisma.JsonValue;
  createdAt: Date;
  updatedAt: Date;
}
export interface VersionRow {
  id: string;
  modelId: string;
  version: number;
  runId: string;
  artifactPath: string;
  sha256: string;
  size: bigint;
  status: 'pending' | 'ready' | 'failed';
  statusReason: string | null;
  signature: Prisma.JsonValue;
  featureNames: Prisma.JsonValue;
  tags: Prisma.JsonValue;
  createdAt: Date;
}
export interface AliasRow {
  alias: string;
  version: number;
}
export interface AliasMoveRow {
  alias: string;
  fromVersion: number | null;
  toVersion: number | null;
  actorId: string | null;
  reason: string | null;
  at: Date;
}

/** tracking.registered_models, model_versions, model_aliases and the append-only alias_moves. */
@Injectable()
export class ModelsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  find(projectId: string, name: string, tx: Tx = this.db.prisma): Promise<ModelRow | null> {
    return tx.registeredModel.findUnique({ where: { projectId_name: { projectId, name } } });
  }

  /** The model's row, locked: alias moves of one model happen one at a time. */
  async lock(tx: Tx, projectId: string, name: string): Promise<ModelRow | null> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM tracking.registered_models
      WHERE project_id = ${projectId}::uuid AND name = ${name} FOR UPDATE`;
    return rows[0] ? this.find(projectId, name, tx) : null;
  }

  list(projectId: string): Promise<ModelRow[]> {
    return this.db.prisma.registeredModel.findMany({
      where: { projectId },
      orderBy: { name: 'asc' },
    });
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
  ): Promise<ModelRow> {
    return tx.registeredModel.create({
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

  async latestVersions(modelIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db.prisma.modelVersion.groupBy({
      by: ['modelId'],
      where: { modelId: { in: [...modelIds] } },
      _max: { version: true },
    });
    return new Map(rows.map((r) => [r.modelId, r._max.version ?? 0]));
  }

  aliases(
    modelIds: readonly string[],
    tx: Tx = this.db.prisma,
  ): Promise<(AliasRow & { modelId: string })[]> {
    return tx.modelAlias.findMany({
      where: { modelId: { in: [...modelIds] } },
      select: { modelId: true, alias: true, version: true },
      orderBy: { alias: 'asc' },
    });
  }

  async nextVersion(tx: Tx, modelId: string): Promise<number> {
    const max = await tx.modelVersion.aggregate({ where: { modelId }, _max: { version: true } });
    return (max._max.version ?? 0) + 1;
  }

  createVersion(
    tx: Tx,
    data: Omit<VersionRow, 'id' | 'signature' | 'featureNames' | 'tags'> & {
      signature: Prisma.InputJsonValue;
      featureNames: string[] | null;
      tags: Record<string, string>;
      createdBy: string;
    },
  ): Promise<VersionRow> {
    const { featureNames, ...rest } = data;
    return tx.modelVersion.create({ data: { ...rest, ...(featureNames ? { featureNames } : {}) } });
  }

  findVersion(
    modelId: string,
    version: number,
    tx: Tx = this.db.prisma,
  ): Promise<VersionRow | null> {
    return tx.modelVersion.findUnique({ where: { modelId_version: { modelId, version } } });
  }

  listVersions(modelId: string): Promise<VersionRow[]> {
    return this.db.prisma.modelVersion.findMany({
      where: { modelId },
      orderBy: { version: 'desc' },
    });
  }

  findAlias(modelId: string, alias: string, tx: Tx = this.db.prisma): Promise<AliasRow | null> {
    return tx.modelAlias.findUnique({
      where: { modelId_alias: { modelId, alias } },
      select: { alias: true, version: true },
    });
  }

  async moveAlias(
    tx: Tx,
    move: {
      modelId: string;
      alias: string;
      fromVersion: number | null;
      toVersion: number | null;
      actorId: string;
      reason: string | null;
      at: Date;
    },
  ): Promise<void> {
    if (move.toVersion === null) {
      await tx.modelAlias.delete({
        where: { modelId_alias: { modelId: move.modelId, alias: move.alias } },
      });
    } else {
      await tx.modelAlias.upsert({
        where: { modelId_alias: { modelId: move.modelId, alias: move.alias } },
        create: {
          modelId: move.modelId,
          alias: move.alias,
          version: move.toVersion,
          updatedAt: move.at,
        },
        update: { version: move.toVersion, updatedAt: move.at },
      });
    }
    await tx.aliasMove.create({ data: move });
  }

  /** The last move of `alias` at or before `at`. */
  moveAt(modelId: string, alias: string, at: Date): Promise<AliasMoveRow | null> {
    return this.db.prisma.aliasMove.findFirst({
      where: { modelId, alias, at: { lte: at } },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      select: {
        alias: true,
        fromVersion: true,
        toVersion: true,
        actorId: true,
        reason: true,
        at: true,
      },
    });
  }

  history(modelId: string, alias?: string): Promise<AliasMoveRow[]> {
    return this.db.prisma.aliasMove.findMany({
      where: { modelId, ...(alias ? { alias } : {}) },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      select: {
        alias: true,
        fromVersion: true,
        toVersion: true,
        actorId: true,
        reason: true,
        at: true,
      },
    });
  }
}
