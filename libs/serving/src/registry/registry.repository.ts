import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@sextant/api';
import type { Database, Tx } from '@sextant/db';

export interface RegistryVersionRow {
  id: string;
  projectId: string;
  modelId: string;
  model: string;
  version: number;
  sha256: string;
  featureNames: string[] | null;
}

/** serving.registry_versions and registry_aliases: serving's copy of the model registry. */
@Injectable()
export class RegistryRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** A registered version (its event may come twice, or after an alias move brought it). */
  async upsertVersion(tx: Tx, v: RegistryVersionRow & { registeredAt: Date }): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO serving.registry_versions (id, project_id, model_id, model, version, sha256, feature_names, registered_at)
      VALUES (${v.id}::uuid, ${v.projectId}::uuid, ${v.modelId}::uuid, ${v.model}, ${v.version}, ${v.sha256},
              ${v.featureNames === null ? null : JSON.stringify(v.featureNames)}::jsonb, ${v.registeredAt})
      ON CONFLICT (model_id, version) DO UPDATE SET feature_names = EXCLUDED.feature_names, id = EXCLUDED.id`;
  }

  /** A version known from an alias move (its id unknown): added unless it is known already. */
  async upsertVersionOf(
    tx: Tx,
    v: Omit<RegistryVersionRow, 'id'> & { registeredAt: Date },
  ): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO serving.registry_versions (id, project_id, model_id, model, version, sha256, feature_names, registered_at)
      VALUES (gen_random_uuid(), ${v.projectId}::uuid, ${v.modelId}::uuid, ${v.model}, ${v.version}, ${v.sha256},
              ${v.featureNames === null ? null : JSON.stringify(v.featureNames)}::jsonb, ${v.registeredAt})
      ON CONFLICT (model_id, version) DO NOTHING`;
  }

  /** Applies a move unless a later one was applied already (events may arrive twice or late). */
  async applyMove(
    tx: Tx,
    move: {
      projectId: string;
      modelId: string;
      model: string;
      alias: string;
      version: number | null;
      movedAt: Date;
    },
  ): Promise<boolean> {
    const current = await tx.registryAlias.findUnique({
      where: { modelId_alias: { modelId: move.modelId, alias: move.alias } },
    });
    if (current && current.movedAt > move.movedAt) return false;
    await tx.registryAlias.upsert({
      where: { modelId_alias: { modelId: move.modelId, alias: move.alias } },
      create: move,
      update: { version: move.version, movedAt: move.movedAt, model: move.model },
    });
    return true;
  }

  /** The version an alias of a model points to, as serving knows it. */
  async resolveAlias(
    projectId: string,
    model: string,
    alias: string,
    tx: Tx = this.db.prisma,
  ): Promise<RegistryVersionRow | null> {
    const pointer = await tx.registryAlias.findFirst({ where: { projectId, model, alias } });
    if (!pointer || pointer.version === null) return null;
    return this.findVersion(pointer.modelId, pointer.version, tx);
  }

  async findVersion(
    modelId: string,
    version: number,
    tx: Tx = this.db.prisma,
  ): Promise<RegistryVersionRow | null> {
    const row = await tx.registryVersion.findUnique({
      where: { modelId_version: { modelId, version } },
    });
    return row ? { ...row, featureNames: (row.featureNames as string[] | null) ?? null } : null;
  }

  async findVersionBySha(
    projectId: string,
    model: string,
    sha256: string,
  ): Promise<RegistryVersionRow | null> {
    const row = await this.db.prisma.registryVersion.findFirst({
      where: { projectId, model, sha256 },
    });
    return row ? { ...row, featureNames: (row.featureNames as string[] | null) ?? null } : null;
  }

  /** The registered feature names of a version (null: none were given). */
  async featureNames(projectId: string, model: string, version: number): Promise<string[] | null> {
    const row = await this.db.prisma.registryVersion.findFirst({
      where: { projectId, model, version },
      select: { featureNames: true },
    });
    return (row?.featureNames as string[] | null | undefined) ?? null;
  }

  async knowsModel(projectId: string, model: string): Promise<boolean> {
    return (await this.db.prisma.registryVersion.count({ where: { projectId, model } })) > 0;
  }
}
