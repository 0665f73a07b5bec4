import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@sextant/api';
import type { Database, Prisma, Tx } from '@sextant/db';

export interface DatasetVersionRow {
  id: string;
  projectId: string;
  name: string;
  version: number;
  sha256: string;
  size: bigint;
  format: string;
  source: Prisma.JsonValue;
  schema: Prisma.JsonValue;
  rowCount: number;
  profile: Prisma.JsonValue;
  createdAt: Date;
}

/** tracking.dataset_versions and tracking.run_inputs. */
@Injectable()
export class DatasetsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  findBySha(
    projectId: string,
    name: string,
    sha256: string,
    tx: Tx = this.db.prisma,
  ): Promise<DatasetVersionRow | null> {
    return tx.datasetVersion.findUnique({
      where: { projectId_name_sha256: { projectId, name, sha256 } },
    });
  }

  /** A version, or the latest when `version` is omitted. */
  find(
    projectId: string,
    name: string,
    version?: number,
    tx: Tx = this.db.prisma,
  ): Promise<DatasetVersionRow | null> {
    return tx.datasetVersion.findFirst({
      where: { projectId, name, ...(version !== undefined ? { version } : {}) },
      orderBy: { version: 'desc' },
    });
  }

  async nextVersion(tx: Tx, projectId: string, name: string): Promise<number> {
    const max = await tx.datasetVersion.aggregate({
      where: { projectId, name },
      _max: { version: true },
    });
    return (max._max.version ?? 0) + 1;
  }

  create(
    tx: Tx,
    data: Omit<DatasetVersionRow, 'id' | 'source' | 'schema' | 'profile'> & {
      source: Prisma.InputJsonValue;
      schema: Prisma.InputJsonValue;
      profile: Prisma.InputJsonValue;
      createdBy: string;
    },
  ): Promise<DatasetVersionRow> {
    return tx.datasetVersion.create({ data });
  }

  /** Newest first; without the profiles (they can be large). */
  list(projectId: string, name?: string): Promise<Omit<DatasetVersionRow, 'profile'>[]> {
    return this.db.prisma.datasetVersion.findMany({
      where: { projectId, ...(name ? { name } : {}) },
      omit: { profile: true },
      orderBy: [{ name: 'asc' }, { version: 'desc' }],
    });
  }

  async linkInputs(
    tx: Tx,
    runId: string,
    links: readonly {
      datasetVersionId: string;
      role: 'training' | 'validation' | 'test' | 'other';
    }[],
  ): Promise<void> {
    await tx.runInput.createMany({
      data: links.map((l) => ({ runId, datasetVersionId: l.datasetVersionId, role: l.role })),
      skipDuplicates: true,
    });
  }
}
