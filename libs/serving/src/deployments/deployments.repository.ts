import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@sextant/api';
import type { Database, Prisma, Tx } from '@sextant/db';

export interface DeploymentRow {
  id: string;
  projectId: string;
  name: string;
  model: string;
  currentRevision: number;
  public: boolean;
  createdAt: Date;
  updatedAt: Date;
}
export interface RevisionRow {
  id: string;
  deploymentId: string;
  revision: number;
  spec: Prisma.JsonValue;
  championVersion: number;
  championSha256: string;
  challengerVersion: number | null;
  challengerSha256: string | null;
  reason: string;
  rolledBackFrom: number | null;
  createdBy: string | null;
  createdAt: Date;
}
export type NewRevision = Omit<RevisionRow, 'id' | 'deploymentId' | 'createdAt' | 'spec'> & {
  spec: Prisma.InputJsonValue;
  createdAt: Date;
};

/** serving.deployments and their immutable deployment_revisions. */
@Injectable()
export class DeploymentsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  find(projectId: string, name: string, tx: Tx = this.db.prisma): Promise<DeploymentRow | null> {
    return tx.deployment.findUnique({ where: { projectId_name: { projectId, name } } });
  }

  /** The deployment's row, locked: its revisions are numbered one at a time. */
  async lock(tx: Tx, projectId: string, name: string): Promise<DeploymentRow | null> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM serving.deployments
      WHERE project_id = ${projectId}::uuid AND name = ${name} FOR UPDATE`;
    return rows[0] ? this.find(projectId, name, tx) : null;
  }

  list(projectId: string): Promise<DeploymentRow[]> {
    return this.db.prisma.deployment.findMany({ where: { projectId }, orderBy: { name: 'asc' } });
  }

  /** Every deployment of a model in a project (an alias of it moved). */
  listOfModel(projectId: string, model: string, tx: Tx = this.db.prisma): Promise<DeploymentRow[]> {
    return tx.deployment.findMany({ where: { projectId, model }, orderBy: { name: 'asc' } });
  }

  /** What a replica needs to know to reconcile: every deployment's current revision. */
  heads(): Promise<{ id: string; currentRevision: number; updatedAt: Date }[]> {
    return this.db.prisma.deployment.findMany({
      select: { id: true, currentRevision: true, updatedAt: true },
    });
  }

  /** The project's slug (the platform's projects table; slugs do not change). */
  async projectSlug(projectId: string): Promise<string | null> {
    const p = await this.db.prisma.project.findUnique({
      where: { id: projectId },
      select: { slug: true },
    });
    return p?.slug ?? null;
  }

  findById(id: string): Promise<DeploymentRow | null> {
    return this.db.prisma.deployment.findUnique({ where: { id } });
  }

  async create(
    tx: Tx,
    d: Omit<DeploymentRow, 'id' | 'currentRevision' | 'updatedAt'> & { createdBy: string | null },
    first: NewRevision,
  ): Promise<DeploymentRow> {
    const row = await tx.deployment.create({
      data: { ...d, currentRevision: first.revision, updatedAt: d.createdAt },
    });
    await tx.deploymentRevision.create({ data: { ...first, deploymentId: row.id } });
    return row;
  }

  async addRevision(
    tx: Tx,
    deployment: DeploymentRow,
    next: NewRevision,
    changes: { public?: boolean } = {},
  ): Promise<DeploymentRow> {
    await tx.deploymentRevision.create({ data: { ...next, deploymentId: deployment.id } });
    return tx.deployment.update({
      where: { id: deployment.id },
      data: { currentRevision: next.revision, updatedAt: next.createdAt, ...changes },
    });
  }

  async setPublic(tx: Tx, id: string, value: boolean, at: Date): Promise<DeploymentRow> {
    return tx.deployment.update({ where: { id }, data: { public: value, updatedAt: at } });
  }

  async lastRevisionNumber(tx: Tx, deploymentId: string): Promise<number> {
    const last = await tx.deploymentRevision.findFirst({
      where: { deploymentId },
      orderBy: { revision: 'desc' },
      select: { revision: true },
    });
    return last?.revision ?? 0;
  }

  revision(
    deploymentId: string,
    revision: number,
    tx: Tx = this.db.prisma,
  ): Promise<RevisionRow | null> {
    return tx.deploymentRevision.findUnique({
      where: { deploymentId_revision: { deploymentId, revision } },
    });
  }

  revisions(deploymentId: string): Promise<RevisionRow[]> {
    return this.db.prisma.deploymentRevision.findMany({
      where: { deploymentId },
      orderBy: { revision: 'desc' },
    });
  }

  async delete(tx: Tx, id: string): Promise<void> {
    await tx.deployment.delete({ where: { id } });
  }
}
